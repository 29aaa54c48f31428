"""Attainment: how each indicator stands against its applicable target (docs/methodology.md).

Pure functions: a catalogue, the reported values and a period in; statuses,
findings and the attainment table out. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from dtreport.errors import Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.catalog import Catalog, Indicator
from dtreport.inputs.indicators import ReportedIndicator
from dtreport.inputs.numbers import count_figures
from dtreport.inputs.target import Operator, Target
from dtreport.lang import Lang
from dtreport.period import Period
from dtreport.status import Status

__all__ = [
    "ATTAINMENT_COLUMNS",
    "Assessment",
    "assess",
    "assess_all",
    "attainment_table",
    "compare",
]

ATTAINMENT_COLUMNS = [
    "indicator_id",
    "pillar",
    "name",
    "value",
    "value_text",
    "target_year",
    "target_text",
    "status",
    "status_label",
    "assessed_by_unit",
    "note",
    "withheld",
    "source_file",
    "source_row",
]


@dataclass(frozen=True)
class Assessment:
    """One indicator's status against its applicable target, with what it was computed from."""

    indicator: Indicator
    reported: ReportedIndicator
    target: Target
    status: Status
    assessed_by_unit: bool = False
    # A draft shows a value that failed a critical check without its computed status.
    withheld: bool = False


def target_deadline(target: Target) -> date:
    """The last day a target can still be reached: 31 December of its year."""
    return date(target.year, 12, 31)


def compare(value: Decimal, target: Target, period: Period) -> Status:
    """The status of a number against a quantitative target, at the end of ``period``.

    Equality is exact decimal equality of the reported figure (``10`` and
    ``10,0`` both equal a threshold of 10): no float rounding is involved.
    """
    if target.threshold is None:
        raise ValueError(f"target {target.text!r} is qualitative")
    threshold = target.threshold
    shortfall = Status.NOT_MET if period.end >= target_deadline(target) else Status.IN_PROGRESS
    match target.operator:
        case Operator.GE:
            return (
                Status.EXCEEDED
                if value > threshold
                else Status.MET
                if value == threshold
                else shortfall
            )
        case Operator.GT:
            return Status.EXCEEDED if value > threshold else shortfall
        case Operator.LE:
            return (
                Status.EXCEEDED
                if value < threshold
                else Status.MET
                if value == threshold
                else shortfall
            )
        case Operator.LT:
            return Status.EXCEEDED if value < threshold else shortfall
    raise ValueError(f"unknown operator {target.operator!r}")


def assess(
    indicator: Indicator, reported: ReportedIndicator, period: Period
) -> tuple[Assessment, list[Finding]]:
    """Assess one indicator; findings note what a reviewer should know about it.

    An indicator that does not apply to the period (its catalogue validity ends before the
    period starts or begins after it ends) is ``not_applicable``, never ``no_data``: nothing
    is missing. A value reported for it all the same is a warning and is not assessed.
    """
    target = indicator.applicable_target(period.year)
    findings: list[Finding] = []
    value = reported.value
    at = reported.location

    def finding(
        severity: Severity, check: str, message: str, column: str, message_vi: str = ""
    ) -> Finding:
        where = Location(at.file, at.row, column, indicator.id)
        return Finding(severity, check, message, where, indicator.id, message_vi)

    if not indicator.applies_to(period):
        if not value.is_empty and reported.readable:
            # An unreadable value already has its critical finding; one problem, one finding.
            ended = indicator.valid_to is not None and period.start > indicator.valid_to
            when_en, when_vi = ("no longer", "không còn") if ended else ("not yet", "chưa")
            findings.append(
                finding(
                    Severity.WARNING,
                    "applicable",
                    f"{indicator.id} is reported but {when_en} applicable to {period.id} "
                    f"({_validity(indicator)}): the value {value.text!r} is not assessed",
                    "value",
                    f"chỉ tiêu {indicator.id} được báo cáo nhưng {when_vi} áp dụng cho kỳ "
                    f"{period.id} ({_validity(indicator)}): giá trị “{value.text}” không được "
                    "đánh giá",
                )
            )
        return Assessment(indicator, reported, target, Status.NOT_APPLICABLE), findings
    if value.is_empty or not reported.readable:
        # Blank is a warning and unreadable is critical, both said where the value was read.
        return Assessment(indicator, reported, target, Status.NO_DATA), findings
    if target.is_qualitative:
        if reported.reported_status is None:
            findings.append(
                finding(
                    Severity.WARNING,
                    "qualitative_assessed",
                    f"target {target.text!r} is qualitative and the unit gave no reported_status: "
                    "shown as not assessed",
                    "reported_status",
                    f"mục tiêu “{target.text}” là định tính nhưng đơn vị chưa tự đánh giá mức "
                    "hoàn thành: ghi là Chưa đánh giá",
                )
            )
            return Assessment(indicator, reported, target, Status.NOT_ASSESSED), findings
        return Assessment(indicator, reported, target, reported.reported_status, True), findings
    if value.number is None:
        findings.append(
            finding(
                Severity.CRITICAL,
                "value_parses",
                f"value {value.text!r} quotes {count_figures(value.text)} figure(s) in text; the "
                f"target {target.text!r} needs one number: put it in value and the rest in note",
                "value",
            )
        )
        return Assessment(indicator, reported, target, Status.NO_DATA), findings
    status = compare(value.number, target, period)
    claimed = reported.reported_status
    if claimed is not None and claimed is not status:
        findings.append(
            finding(
                Severity.WARNING,
                "status_agrees",
                f"the unit reports {claimed.label('vi')!r} ({claimed.value}) but {value.text!r} "
                f"against {target.text!r} is {status.label('vi')!r} ({status.value}); "
                "the computed status is used",
                "reported_status",
                f"đơn vị báo cáo “{claimed.label('vi')}” nhưng kết quả “{value.text}” so với mục "
                f"tiêu “{target.text}” là “{status.label('vi')}”; báo cáo dùng kết quả tính toán",
            )
        )
    return Assessment(indicator, reported, target, status), findings


def _validity(indicator: Indicator) -> str:
    """ "valid_to 2025-06-30": the catalogue bounds that leave a period out."""
    bounds = [
        f"{name} {day.isoformat()}"
        for name, day in (("valid_from", indicator.valid_from), ("valid_to", indicator.valid_to))
        if day is not None
    ]
    return ", ".join(bounds)


def assess_all(
    catalog: Catalog, reported: Sequence[ReportedIndicator], period: Period
) -> tuple[list[Assessment], list[Finding]]:
    """Assess every catalogue indicator, in catalogue order.

    Every indicator gets a row, one that no longer applies included (``not_applicable``), so
    the counts add up to the catalogue and the appendix says why a row has no status.
    """
    by_id = {r.indicator_id: r for r in reported}
    assessments, findings = [], []
    for indicator in catalog.indicators:
        assessment, found = assess(indicator, by_id[indicator.id], period)
        assessments.append(assessment)
        findings.extend(found)
    return assessments, findings


def attainment_table(assessments: Sequence[Assessment], lang: Lang = "vi") -> pd.DataFrame:
    """The attainment table as written to ``attainment.csv`` (values with a ``.`` decimal).

    ``note`` is the unit's note for the indicator; ``source_file`` and ``source_row`` the
    input row each value was read from (empty when the indicator was not reported).
    """
    rows = [
        {
            "indicator_id": a.indicator.id,
            "pillar": a.indicator.pillar,
            "name": a.indicator.name(lang),
            "value": "" if a.reported.value.number is None else f"{a.reported.value.number:f}",
            "value_text": a.reported.value.text,
            "target_year": a.target.year,
            "target_text": a.target.text,
            "status": a.status.value,
            "status_label": a.status.label(lang),
            "assessed_by_unit": a.assessed_by_unit,
            "note": a.reported.note,
            "withheld": a.withheld,
            "source_file": a.reported.location.file or "",
            "source_row": "" if a.reported.row is None else a.reported.row,
        }
        for a in assessments
    ]
    return pd.DataFrame(rows, columns=ATTAINMENT_COLUMNS)
