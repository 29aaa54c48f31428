"""A period's history: the values of the earlier periods of the same unit and catalogue.

The history of a period is every period of its layout that

- reports for the same unit: the same ``unit`` id when both params name one, else the same
  ``province`` when the period's params name one, else the same ``reporting_unit``
  (compared without case or extra spaces);
- uses the same catalogue;
- has data (``data/<period>/indicators.csv`` or ``.xlsx``);
- has an ``as_of`` date not after the period's own;
- is not illustrative (``illustrative: true``), unless the period itself is: made-up
  figures never become the history of a real report,

other than the period itself. The periods of a layout are ``params/<period>.yaml`` with
``data/<period>/``; for a report whose ``unit`` has a folder ``params/<unit>/`` (the unit
layout), ``params/<unit>/<period>.yaml`` with ``data/<unit>/<period>/``. Each is read as
the period itself is (``params_for`` and ``load_inputs``), so a value means the same in
every period. A period whose params or data cannot be read is left out with a warning
naming its file: one bad old file must not stop this period's report. Values are kept as
plain data (period id, date, number per indicator); what they say about progress is
:mod:`dtreport.method.progress`'s business.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from dtreport.errors import DtreportError, Location, ValidationFailed
from dtreport.findings import Finding, Severity
from dtreport.inputs.params import ReportParams, params_for
from dtreport.inputs.period_data import PeriodInputs, load_inputs
from dtreport.inputs.tables import find_table
from dtreport.paths import Project
from dtreport.period import parse_period

__all__ = [
    "HISTORY_CHECK",
    "History",
    "PeriodValues",
    "history_unit",
    "load_history",
    "same_unit",
]

# The check name of the warning about a period left out of the history.
HISTORY_CHECK = "history_readable"


@dataclass(frozen=True)
class PeriodValues:
    """One earlier period: its id, the date its values stand at, and each indicator's number.

    ``values`` holds the indicators reported as one number (not blank, not compound text,
    without a critical finding), by indicator id. ``files`` are the files it was read from.
    ``derived_from`` names the predecessor units a merged unit's values were derived from
    (:mod:`dtreport.inputs.merger`); empty for the unit's own report.
    """

    period: str
    as_of: date
    values: Mapping[str, Decimal]
    files: tuple[Path, ...] = ()
    derived_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class History:
    """The earlier periods of a period, oldest first, and the warnings reading them gave."""

    periods: tuple[PeriodValues, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

    @property
    def files(self) -> list[Path]:
        """Every file the history was read from (for checksums and provenance)."""
        return [path for period in self.periods for path in period.files]


def _unit_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def same_unit(one: ReportParams, other: ReportParams) -> bool:
    """True when two periods' params report for the same unit.

    The unit ids are compared when both name one (the registry's id outlives any renaming);
    else the province when the first names one (a department may be renamed while the
    province stays); otherwise the reporting unit.
    """
    if one.unit and other.unit:
        return one.unit == other.unit
    if one.province.strip():
        return _unit_key(one.province) == _unit_key(other.province)
    return _unit_key(one.reporting_unit) == _unit_key(other.reporting_unit)


def history_unit(project: Project, params: ReportParams) -> str:
    """The layout a report's history is read from: its unit's, when ``params/<unit>/`` exists."""
    if params.unit and project.unit_params_dir(params.unit).is_dir():
        return params.unit
    return ""


def load_history(project: Project, params: ReportParams) -> History:
    """The history of the period ``params`` describe (see the module's rules), oldest first."""
    periods: list[PeriodValues] = []
    findings: list[Finding] = []
    unit = history_unit(project, params)
    for path in sorted(project.unit_params_dir(unit).glob("*.yaml")):
        period_id = _period_id(path.stem)
        if period_id is None or period_id == params.period:
            continue
        try:
            other = params_for(project, period_id, unit=unit)
        except DtreportError as exc:
            findings.append(_left_out(period_id, exc, project.shown(path)))
            continue
        if (
            other.catalog != params.catalog
            or other.as_of > params.as_of
            or not same_unit(params, other)
            # Made-up figures never become the history of a real report.
            or (other.illustrative and not params.illustrative)
        ):
            continue
        try:
            data_dir = project.period_data_dir(other.parsed_period, unit)
            if find_table(data_dir, "indicators") is None:
                continue
            inputs = load_inputs(project, other, path, unit=unit)
        except (DtreportError, OSError) as exc:
            data = project.shown(project.period_data_dir(other.parsed_period, unit))
            findings.append(_left_out(period_id, exc, data))
            continue
        periods.append(_values(inputs))
    # A merged unit's periods before it began are derived from its predecessors' (imported
    # here: inputs.merger reads each predecessor's history through this function); a period
    # of the unit's own is never replaced by a derived one.
    from dtreport.inputs.merger import merged_history

    merged = merged_history(project, params)
    own = {p.period for p in periods}
    periods += [p for p in merged.periods if p.period not in own]
    findings += merged.findings
    periods.sort(key=lambda p: (p.as_of, p.period))
    return History(tuple(periods), tuple(findings))


def _period_id(stem: str) -> str | None:
    """The period a params file is named for; ``None`` for any other name."""
    try:
        period = parse_period(stem)
    except DtreportError:
        return None
    return period.id if period.id == stem else None


def _values(inputs: PeriodInputs) -> PeriodValues:
    """The numbers of a period that a report of it would show as its values."""
    failed = {
        f.indicator_id or f.location.indicator_id
        for f in inputs.findings
        if f.severity is Severity.CRITICAL
    }
    values = {
        r.indicator_id: r.value.number
        for r in inputs.reported
        if r.value.number is not None and r.readable and r.indicator_id not in failed
    }
    files = [inputs.params_file, inputs.indicator_file]
    if inputs.metric_file is not None:
        files.append(inputs.metric_file)
    return PeriodValues(inputs.params.period, inputs.params.as_of, values, tuple(files))


def _left_out(period_id: str, exc: DtreportError | OSError, fallback: str) -> Finding:
    """The warning for a period whose params or data cannot be read, naming its file."""
    if isinstance(exc, ValidationFailed) and exc.findings:
        first = exc.findings[0]
        where, reason = first.place, first.message
    elif isinstance(exc, DtreportError):
        where, reason = exc.location, exc.message
    else:
        where, reason = Location(), exc.strerror or type(exc).__name__
    if not where.file:
        where = Location(fallback, where.row, where.column, where.indicator_id)
    reason = next(iter(reason.splitlines()), "")
    return Finding(
        Severity.WARNING,
        HISTORY_CHECK,
        f"period {period_id} is left out of the history (changes and progress): {reason}",
        where,
        message_vi=f"Kỳ {period_id} không được đưa vào diễn biến qua các kỳ (thay đổi và tiến "
        f"độ): {reason}",
    )
