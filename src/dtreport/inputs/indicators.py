"""A period's reported indicator values: ``data/<period>/indicators.csv`` or ``.xlsx``.

Columns: ``indicator_id, value`` (required), ``reported_status, note`` (optional;
other columns, such as the names a template carries, are ignored). Reading
collects every problem as a finding with its file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dtreport.errors import DtreportError, InputError, Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.catalog import Catalog
from dtreport.inputs.numbers import ReportedValue, read_value
from dtreport.inputs.tables import Table, find_table
from dtreport.paths import shown_path
from dtreport.period import Period
from dtreport.status import Status, parse_status

__all__ = ["ReportedIndicator", "find_indicator_file", "read_indicators"]

REQUIRED = ("indicator_id", "value")


@dataclass(frozen=True)
class ReportedIndicator:
    """What a unit reported for one indicator, and where in its file it stands."""

    indicator_id: str
    value: ReportedValue
    reported_status: Status | None
    note: str
    location: Location
    # False when the value was written but could not be read: the finding that says why
    # is the only one about it, and the indicator is shown as no data.
    readable: bool = True

    @property
    def row(self) -> int | None:
        """The row of the input file, ``None`` when the indicator was not reported."""
        return self.location.row


def find_indicator_file(period_dir: Path, root: Path | None = None) -> Path:
    """The period's indicator file; exactly one of ``indicators.csv`` and ``.xlsx`` must exist."""
    path = find_table(period_dir, "indicators", root)
    if path is None:
        raise InputError.at(
            "has no indicators.csv or indicators.xlsx; `dtreport template <period>` writes one "
            "to fill in",
            shown_path(period_dir, root),
        )
    return path


def read_indicators(
    table: Table, catalog: Catalog, period: Period | None = None
) -> tuple[list[ReportedIndicator], list[Finding]]:
    """Read a period's indicators against ``catalog``.

    Returns one entry per catalogue indicator, in catalogue order (an indicator
    the file lacks becomes an empty value, reported as a warning), and every
    finding. Structural problems (unreadable, empty, missing column) raise
    :class:`InputError` at once.

    Only the indicators that apply to ``period`` (:meth:`Indicator.applies_to`) are
    expected: one that no longer applies is not missed when absent or blank. Without a
    period every indicator is expected.
    """
    table.require_columns(*REQUIRED)
    table.require_rows()
    file = table.name
    findings: list[Finding] = []
    if table.encoding not in ("utf-8", "xlsx"):
        findings.append(
            Finding(
                Severity.INFO,
                "encoding",
                f"read as {table.encoding}",
                Location(file),
                message_vi=f"tệp được đọc theo bảng mã {table.encoding}",
            )
        )
    by_id: dict[str, ReportedIndicator] = {}
    for row in table.rows:
        indicator_id = row.get("indicator_id")
        at = Location(file, row.number, "indicator_id", indicator_id or None)
        indicator = catalog.get(indicator_id)
        if not indicator_id:
            findings.append(Finding(Severity.CRITICAL, "id_known", "indicator_id is empty", at))
            continue
        if indicator is None:
            findings.append(
                Finding(
                    Severity.CRITICAL,
                    "id_known",
                    f"unknown indicator id {indicator_id!r} (not in catalogue {catalog.id!r})",
                    at,
                    indicator_id,
                )
            )
            continue
        if indicator_id in by_id:
            first = by_id[indicator_id].location.row
            findings.append(
                Finding(
                    Severity.CRITICAL,
                    "id_unique",
                    f"duplicate indicator id {indicator_id!r} (also on row {first})",
                    at,
                    indicator_id,
                )
            )
            continue
        value_at = Location(file, row.number, "value", indicator_id)
        readable = True
        try:
            value = read_value(row.get("value"), indicator.unit, value_at)
        except DtreportError as exc:
            findings.append(
                Finding(Severity.CRITICAL, "value_parses", exc.message, value_at, indicator_id)
            )
            value, readable = ReportedValue(row.get("value"), None), False
        expected = period is None or indicator.applies_to(period)
        if value.is_empty and expected:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "value_present",
                    f"{indicator_id} has no value: shown as no data",
                    value_at,
                    indicator_id,
                    f"chỉ tiêu {indicator_id} chưa có giá trị: ghi là Chưa có số liệu",
                )
            )
        status_text = row.get("reported_status")
        status = parse_status(status_text) if status_text else None
        if status_text and status is None:
            allowed = ", ".join(f"{s.label('vi')} / {s.label('en')} / {s.value}" for s in Status)
            findings.append(
                Finding(
                    Severity.CRITICAL,
                    "status_allowed",
                    f"unknown reported_status {status_text!r} (allowed: {allowed})",
                    Location(file, row.number, "reported_status", indicator_id),
                    indicator_id,
                )
            )
        by_id[indicator_id] = ReportedIndicator(
            indicator_id,
            value,
            status,
            row.get("note"),
            Location(file, row.number, None, indicator_id),
            readable,
        )
    result = []
    applicable = {i.id for i in catalog.indicators if period is None or i.applies_to(period)}
    for indicator in catalog.indicators:
        if indicator.id not in by_id and indicator.id in applicable:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "all_present",
                    f"catalogue indicator {indicator.id} is not reported: shown as no data",
                    Location(file, None, "indicator_id", indicator.id),
                    indicator.id,
                    f"chỉ tiêu {indicator.id} của danh mục không được báo cáo: "
                    "ghi là Chưa có số liệu",
                )
            )
        if indicator.id not in by_id:
            result.append(
                ReportedIndicator(
                    indicator.id,
                    ReportedValue("", None),
                    None,
                    "",
                    Location(file, None, None, indicator.id),
                )
            )
        else:
            result.append(by_id[indicator.id])
    # A value for an indicator that no longer applies does not make a file filled in.
    filled = [r for r in by_id.values() if r.indicator_id in applicable]
    if by_id and not any(not r.value.is_empty for r in filled):
        findings.append(
            Finding(
                Severity.CRITICAL,
                "values_present",
                "no indicator has a value: the file looks unfilled; fill in the value column",
                Location(file, None, "value"),
                None,
                "không chỉ tiêu nào có giá trị: tệp có vẻ chưa được điền; hãy điền cột value",
            )
        )
    return result, findings
