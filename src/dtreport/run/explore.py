"""A period as an analyst explores it: pandas DataFrames with numbers as numbers, and what-ifs.

The report shows values as written (``42,13%``); these tables hold them as floats, so a
notebook can sort, filter, compute gaps and plot. Statuses and severities are ordered
categoricals (best status first, most severe finding first), so sorting by them follows
the report's order. Nothing here reads or writes files: the tables come from a period
already loaded and assessed (:class:`~dtreport.run.notebook.PeriodReport` hands them out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from dtreport.errors import InputError, Location
from dtreport.findings import Finding, Severity
from dtreport.i18n import text
from dtreport.inputs.metrics import SECTIONS, Metric
from dtreport.inputs.numbers import read_value
from dtreport.lang import Lang
from dtreport.method.attainment import Assessment, assess
from dtreport.method.evaluation import PeriodResult
from dtreport.method.trajectory import Point
from dtreport.status import Status

__all__ = [
    "ATTAINMENT_FRAME_COLUMNS",
    "FINDINGS_FRAME_COLUMNS",
    "HISTORY_FRAME_COLUMNS",
    "SEVERITY_DTYPE",
    "STATUS_DTYPE",
    "SUPPORTING_FRAME_COLUMNS",
    "WHAT_IF_COLUMNS",
    "attainment_frame",
    "findings_frame",
    "history_frame",
    "supporting_frame",
    "what_if",
]

# In the report's order: Exceeded first, Not assessed last; critical first, info last.
STATUS_DTYPE = pd.CategoricalDtype([s.value for s in Status], ordered=True)
SEVERITY_DTYPE = pd.CategoricalDtype([s.value for s in Severity], ordered=True)

ATTAINMENT_FRAME_COLUMNS = [
    "indicator_id",
    "pillar",
    "name",
    "unit",
    "value",
    "value_text",
    "operator",
    "target",
    "target_year",
    "target_text",
    "status",
    "status_label",
    "assessed_by_unit",
    "withheld",
    "note",
    "source_file",
    "source_row",
]
FINDINGS_FRAME_COLUMNS = [
    "severity",
    "check",
    "file",
    "row",
    "column",
    "indicator_id",
    "message",
]
SUPPORTING_FRAME_COLUMNS = [
    "metric_id",
    "section",
    "section_name",
    "name",
    "value",
    "unit",
    "value_text",
    "part_of",
    "out_of",
    "note",
    "file",
    "row",
]
HISTORY_FRAME_COLUMNS = ["indicator_id", "name", "period", "as_of", "value", "change"]
WHAT_IF_COLUMNS = [
    "indicator_id",
    "name",
    "target",
    "target_text",
    "value_before",
    "value_text_before",
    "status_before",
    "value",
    "value_text",
    "status",
    "status_label",
    "changed",
    "findings",
]


def _float(number: Decimal | None) -> float | None:
    return None if number is None else float(number)


def _typed(frame: pd.DataFrame, floats: Sequence[str], rows: Sequence[str]) -> pd.DataFrame:
    """Give number columns their dtypes: float64 (NaN for no number), nullable Int64 for rows.

    Without this a column whose every value is missing would be ``object``, and a row
    column with one missing row would turn into floats.
    """
    for column in floats:
        frame[column] = frame[column].astype("float64")
    for column in rows:
        frame[column] = frame[column].astype("Int64")
    return frame


def attainment_frame(assessments: Sequence[Assessment], lang: Lang = "vi") -> pd.DataFrame:
    """One row per indicator: the value and the target's threshold as floats, and the status.

    ``value`` is NaN where no number was reported (blank, or text quoting several
    figures); ``target`` is NaN for a qualitative target ("phổ cập"). ``operator`` says how
    the two compare (``>=``, ``>``, ``<=``, ``<``, ``qualitative``). ``status`` is the code
    (an ordered categorical), ``status_label`` the label the report prints in ``lang``.
    """
    rows = [
        {
            "indicator_id": a.indicator.id,
            "pillar": a.indicator.pillar,
            "name": a.indicator.name(lang),
            "unit": a.indicator.unit.value,
            "value": _float(a.reported.value.number),
            "value_text": a.reported.value.text,
            "operator": a.target.operator.value,
            "target": _float(a.target.threshold),
            "target_year": a.target.year,
            "target_text": a.target.text,
            "status": a.status.value,
            "status_label": a.status.label(lang),
            "assessed_by_unit": a.assessed_by_unit,
            "withheld": a.withheld,
            "note": a.reported.note,
            "source_file": a.reported.location.file or "",
            "source_row": a.reported.row,
        }
        for a in assessments
    ]
    frame = pd.DataFrame(rows, columns=ATTAINMENT_FRAME_COLUMNS)
    frame["status"] = frame["status"].astype(STATUS_DTYPE)
    return _typed(frame, ["value", "target"], ["source_row"])


def findings_frame(findings: Sequence[Finding], lang: Lang = "vi") -> pd.DataFrame:
    """One row per finding: severity (ordered categorical), check, place, and its message.

    The message is in ``lang`` where the check wrote one in it (the warnings a published
    report shows), else in English.
    """
    rows = [
        {
            "severity": f.severity.value,
            "check": f.check,
            "file": f.location.file or "",
            "row": f.location.row,
            "column": f.location.column or "",
            "indicator_id": f.indicator_id or f.location.indicator_id or "",
            "message": f.text(lang),
        }
        for f in findings
    ]
    frame = pd.DataFrame(rows, columns=FINDINGS_FRAME_COLUMNS)
    frame["severity"] = frame["severity"].astype(SEVERITY_DTYPE)
    return _typed(frame, [], ["row"])


def supporting_frame(metrics: Sequence[Metric], lang: Lang = "vi") -> pd.DataFrame:
    """One row per supporting figure (``metrics.csv``): its value as a float, its unit and place.

    ``section`` is the code the file gives, ``section_name`` the heading the report
    prints for it in ``lang`` (empty for a code the report does not know).
    """
    rows = [
        {
            "metric_id": m.id,
            "section": m.section,
            "section_name": text(f"section_{m.section}", lang) if m.section in SECTIONS else "",
            "name": m.name(lang),
            "value": _float(m.value.number),
            "unit": m.unit.value,
            "value_text": m.value.text,
            "part_of": m.part_of,
            "out_of": m.out_of,
            "note": m.note,
            "file": m.location.file or "",
            "row": m.location.row,
        }
        for m in metrics
    ]
    frame = pd.DataFrame(rows, columns=SUPPORTING_FRAME_COLUMNS)
    return _typed(frame, ["value"], ["row"])


def what_if(
    result: PeriodResult, indicator_id: str, value_text: str, lang: Lang = "vi"
) -> pd.DataFrame:
    """The status ``indicator_id`` would have if its value were ``value_text``: one row.

    The value is read as the indicator file's would be (``"55%"``, ``"55,5%"``,
    ``"1.728"`` for a count) and assessed against the same target at the same period end,
    so the answer is the one a corrected file would give. ``findings`` lists what the
    assessment would note (a reported status that disagrees, a value that is not one
    number). The plausibility checks (``expectations/``) are not run again here:
    ``dtreport validate`` runs them on a changed file.

    Raises:
        InputError: ``indicator_id`` is not in the period's catalogue, or ``value_text``
            is not a value of the indicator's unit (the message says why).
    """
    catalog = result.inputs.catalog
    indicator = catalog.get(indicator_id)
    if indicator is None:
        known = ", ".join(i.id for i in catalog.indicators)
        raise InputError(
            f"unknown indicator id {indicator_id!r}; catalogue {catalog.id!r} has {known}"
        )
    before = next(a for a in result.assessments if a.indicator.id == indicator.id)
    at = Location(before.reported.location.file, before.reported.row, "value", indicator.id)
    value = read_value(value_text, indicator.unit, at)
    changed = replace(before.reported, value=value, readable=True)
    after, findings = assess(indicator, changed, result.inputs.period)
    row = {
        "indicator_id": indicator.id,
        "name": indicator.name(lang),
        "target": _float(after.target.threshold),
        "target_text": after.target.text,
        "value_before": _float(before.reported.value.number),
        "value_text_before": before.reported.value.text,
        "status_before": before.status.value,
        "value": _float(value.number),
        "value_text": value.text,
        "status": after.status.value,
        "status_label": after.status.label(lang),
        "changed": after.status is not before.status,
        "findings": "; ".join(f.text(lang) for f in findings),
    }
    frame = pd.DataFrame([row], columns=WHAT_IF_COLUMNS)
    for column in ("status_before", "status"):
        frame[column] = frame[column].astype(STATUS_DTYPE)
    return _typed(frame, ["target", "value_before", "value"], [])


def history_frame(
    result: PeriodResult,
    indicator_id: str,
    points: Mapping[str, Sequence[Point]],
    lang: Lang = "vi",
) -> pd.DataFrame:
    """One indicator's value in each period that has one, oldest first: the report's history.

    ``points`` are every indicator's points (:func:`dtreport.method.progress.indicator_points`);
    ``as_of`` is the date each value stands at, ``value`` a float in the indicator's unit
    (42.13 for 42,13%), ``change`` the difference from the row before (percentage points
    for percentages; NaN on the first row).

    Raises:
        InputError: ``indicator_id`` is not in the period's catalogue.
    """
    catalog = result.inputs.catalog
    indicator = catalog.get(indicator_id)
    if indicator is None:
        known = ", ".join(i.id for i in catalog.indicators)
        raise InputError(
            f"unknown indicator id {indicator_id!r}; catalogue {catalog.id!r} has {known}"
        )
    series = list(points.get(indicator.id, ()))
    rows = [
        {
            "indicator_id": indicator.id,
            "name": indicator.name(lang),
            "period": point.period,
            "as_of": pd.Timestamp(point.as_of),
            "value": float(point.value),
            "change": float(point.value - series[i - 1].value) if i else None,
        }
        for i, point in enumerate(series)
    ]
    frame = pd.DataFrame(rows, columns=HISTORY_FRAME_COLUMNS)
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return _typed(frame, ["value", "change"], [])
