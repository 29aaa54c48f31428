"""The supporting figures section: the seed's many quoted figures, by section, traceable to rows."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path

from dtreport.i18n import describe_location, text
from dtreport.metrics import SECTIONS, Metric
from dtreport.numbers import Unit, format_value

__all__ = ["supporting_section"]


def _relation(metric: Metric, by_id: dict[str, Metric], lang: str) -> str:
    if metric.out_of and metric.out_of in by_id:
        total = by_id[metric.out_of]
        share = ""
        if metric.value.number is not None and total.value.number:
            percent = (metric.value.number / total.value.number * 100).quantize(Decimal("0.1"))
            share = f" ({format_value(percent.normalize(), Unit.PERCENT, lang)})"
        return f"{metric.shown(lang)}/{total.shown(lang)}{share}"
    return ""


def supporting_section(metrics: list[Metric], lang: str, root: Path, parent: int = 2) -> str:
    """One sub-section per seed section, each a table: figure, value, note.

    ``parent`` is the number of the report section these sit under (the report
    prints it as "2."), so they read 2.1, 2.2, … and not a second 1, 2, ….
    """
    if not metrics:
        return f"<p>{text('no_metrics', lang)}</p>"
    by_id = {m.id: m for m in metrics}
    parts: list[str] = []
    number = 0
    for section, names in SECTIONS.items():
        members = [m for m in metrics if m.section == section]
        if not members:
            continue
        number += 1  # numbered as printed: a section without figures leaves no gap
        rows = []
        for m in members:
            relation = _relation(m, by_id, lang)
            whole = by_id.get(m.part_of)
            note = m.note
            if whole is not None:
                whole_name = whole.name(lang)
                # Lower-case the first letter only: names hold abbreviations (TTHC, DVC).
                note = f"{text('part_of', lang)} {whole_name[:1].lower()}{whole_name[1:]}" + (
                    f"; {note}" if note else ""
                )
            where = describe_location(m.location, root, lang)
            rows.append(
                f'<tr data-metric="{escape(m.id)}" title="{escape(where)}">'
                f"<td>{escape(m.name(lang))}</td>"
                f'<td class="num">{escape(relation or m.shown(lang))}</td>'
                f"<td>{escape(note)}</td></tr>"
            )
        name = names[0] if lang == "vi" else names[1]
        parts.append(
            f"<h3>{parent}.{number}. {escape(name)}</h3>"
            '<table class="dtreport-table metrics"><thead><tr>'
            f"<th>{text('figure', lang)}</th><th>{text('value', lang)}</th>"
            f"<th>{text('note', lang)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)
