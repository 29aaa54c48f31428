"""Supporting figures: the many counts and rates a report quotes besides the indicators.

``data/<period>/metrics.csv`` (or ``.xlsx``): ``metric_id, section, name_vi,
name_en, value, unit, part_of, out_of, note``. ``part_of`` names the whole a
figure is a part of (the parts must add up to it); ``out_of`` names the total a
figure is counted out of (it must not exceed it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from dtreport.errors import DtreportError, Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.numbers import ReportedValue, Unit, format_value, read_value
from dtreport.inputs.tables import Table, find_table
from dtreport.lang import Lang, pick

__all__ = [
    "SECTIONS",
    "Metric",
    "find_metric_file",
    "metrics_frame",
    "read_metrics",
]

REQUIRED = ("metric_id", "section", "name_vi", "name_en", "value", "unit")
# The report's sections for supporting figures, in the seed report's order; their names
# are words of the report (i18n ``section_<id>``).
SECTIONS = ("infrastructure", "platforms", "public_services", "security", "open_data")


@dataclass(frozen=True)
class Metric:
    """One supporting figure, as reported, with where it stands in its file."""

    id: str
    section: str
    name_vi: str
    name_en: str
    value: ReportedValue
    unit: Unit
    part_of: str
    out_of: str
    note: str
    location: Location

    def name(self, lang: Lang) -> str:
        """The figure's name in ``lang``."""
        return pick(lang, self.name_vi, self.name_en)

    def shown(self, lang: Lang) -> str:
        """The value in the language's style (``1.728`` / ``1,728``), or its text."""
        if self.value.number is None:
            return self.value.text
        return format_value(self.value.number, self.unit, lang)


def find_metric_file(period_dir: Path, root: Path | None = None) -> Path | None:
    """The period's metrics file, if it has one."""
    return find_table(period_dir, "metrics", root)


def read_metrics(table: Table) -> tuple[list[Metric], list[Finding]]:
    """Read the supporting figures; problems become findings with file, row and column."""
    table.require_columns(*REQUIRED)
    file = table.name
    metrics: list[Metric] = []
    findings: list[Finding] = []
    for row in table.rows:
        unit_text = row.get("unit")
        try:
            unit = Unit(unit_text)
        except ValueError:
            findings.append(
                Finding(
                    Severity.CRITICAL,
                    "metric_unit",
                    f"unknown unit {unit_text!r} (use count or percent)",
                    Location(file, row.number, "unit"),
                )
            )
            continue
        at = Location(file, row.number, "value")
        try:
            value = read_value(row.get("value"), unit, at)
        except DtreportError as exc:
            findings.append(Finding(Severity.CRITICAL, "metric_value_parses", exc.message, at))
            value = ReportedValue(row.get("value"), None, compound=True)
        metrics.append(
            Metric(
                id=row.get("metric_id"),
                section=row.get("section"),
                name_vi=row.get("name_vi"),
                name_en=row.get("name_en"),
                value=value,
                unit=unit,
                part_of=row.get("part_of"),
                out_of=row.get("out_of"),
                note=row.get("note"),
                location=Location(file, row.number),
            )
        )
    return metrics, findings


def _number(metric: Metric | None) -> float | None:
    if metric is None or metric.value.number is None:
        return None
    return float(metric.value.number)


def metrics_frame(metrics: list[Metric], lang: Lang = "vi") -> pd.DataFrame:
    """One checked row per metric, with the sums and totals its relations call for."""
    by_id = {m.id: m for m in metrics}
    parts: dict[str, list[Metric]] = {}
    for metric in metrics:
        if metric.part_of:
            parts.setdefault(metric.part_of, []).append(metric)
    records = []
    for m in metrics:
        reference_column, reference_error = "", ""
        for column, target in (("part_of", m.part_of), ("out_of", m.out_of)):
            if target and target not in by_id:
                reference_column = column
                reference_error = f"{column} names {target!r}, which is not a metric of this file"
        own = parts.get(m.id, [])
        numbers = [p.value.number for p in own]
        parts_sum = sum((n for n in numbers if n is not None), Decimal(0))
        total = by_id.get(m.out_of)
        records.append(
            {
                "row": m.location.row,
                "metric_id": m.id,
                "section": m.section,
                "text": m.value.text,
                "unit": m.unit.value,
                "value_readable": m.value.number is not None,
                "number": _number(m),
                "percent_value": _number(m) if m.unit is Unit.PERCENT else None,
                "references_known": not reference_error,
                "reference_column": reference_column,
                "reference_error": reference_error,
                "parts_sum": float(parts_sum) if own and None not in numbers else None,
                "parts": " + ".join(p.shown(lang) for p in own),
                "parts_sum_text": format_value(parts_sum, m.unit, lang) if own else "",
                "total": _number(total),
                "out_of": m.out_of,
                "total_text": total.shown(lang) if total else "",
            }
        )
    frame = pd.DataFrame.from_records(records)
    for column in ("number", "percent_value", "parts_sum", "total"):
        frame[column] = frame[column].astype("float64")
    return frame
