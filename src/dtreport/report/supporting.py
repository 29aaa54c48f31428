"""The supporting figures section: the seed's many quoted figures, by section, traceable to rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from dtreport.i18n import describe_location, text
from dtreport.inputs.metrics import SECTIONS, Metric
from dtreport.inputs.numbers import Unit, format_value
from dtreport.lang import Lang
from dtreport.report.html import render

__all__ = ["supporting_section"]


@dataclass(frozen=True)
class _Figure:
    id: str
    name: str
    value: str
    note: str
    where: str


@dataclass(frozen=True)
class _Section:
    name: str
    figures: tuple[_Figure, ...]


def _relation(metric: Metric, by_id: dict[str, Metric], lang: Lang) -> str:
    if metric.out_of and metric.out_of in by_id:
        total = by_id[metric.out_of]
        share = ""
        if metric.value.number is not None and total.value.number:
            percent = (metric.value.number / total.value.number * 100).quantize(Decimal("0.1"))
            share = f" ({format_value(percent.normalize(), Unit.PERCENT, lang)})"
        return f"{metric.shown(lang)}/{total.shown(lang)}{share}"
    return ""


def _figure(metric: Metric, by_id: dict[str, Metric], lang: Lang) -> _Figure:
    note = metric.note
    whole = by_id.get(metric.part_of)
    if whole is not None:
        whole_name = whole.name(lang)
        # Lower-case the first letter only: names hold abbreviations (TTHC, DVC).
        part_of = f"{text('part_of', lang)} {whole_name[:1].lower()}{whole_name[1:]}"
        note = f"{part_of}; {note}" if note else part_of
    return _Figure(
        id=metric.id,
        name=metric.name(lang),
        value=_relation(metric, by_id, lang) or metric.shown(lang),
        note=note,
        where=describe_location(metric.location, lang),
    )


def supporting_section(metrics: list[Metric], lang: Lang, parent: int = 2) -> Markup:
    """The report section ``parent``: one sub-section per seed section, each a table of figures.

    Each table lists figure, value and note; each row names its input file and row in its
    ``title``. ``parent`` is the number of the report section (printed "2."), so the
    sub-sections read 2.1, 2.2, … and not a second 1, 2, ….
    """
    by_id = {m.id: m for m in metrics}
    sections = []
    for section in SECTIONS:
        members = [m for m in metrics if m.section == section]
        if members:
            sections.append(
                _Section(
                    name=text(f"section_{section}", lang),
                    figures=tuple(_figure(m, by_id, lang) for m in members),
                )
            )
    return render("supporting.html.j2", lang=lang, parent=parent, sections=sections)
