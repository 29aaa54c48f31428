"""Appendix I as one model, laid out like the seed's table; HTML, XLSX and DOCX all render it.

Columns: STT | Tên chỉ tiêu | Kết quả ước tính đến <date> | Mục tiêu <year> |
Mức hoàn thành, with a row per pillar (I, II, III) before its indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dtreport.attainment import Assessment
from dtreport.i18n import describe_location, format_date, text
from dtreport.inputs import PeriodResult
from dtreport.numbers import Unit, format_value
from dtreport.target import Operator, Target

__all__ = ["Appendix", "AppendixRow", "build_appendix", "target_label", "value_parts"]

_EN_OPERATORS = {Operator.GE: "at least", Operator.GT: "above", Operator.LT: "below",
                 Operator.LE: "at most"}  # fmt: skip


@dataclass(frozen=True)
class AppendixRow:
    """One row of the appendix: a pillar heading or an indicator."""

    is_pillar: bool
    number: str
    name: str
    value: str = ""
    remark: str = ""
    target: str = ""
    status: str = ""
    status_code: str = ""
    assessed_by_unit: str = ""
    indicator_id: str = ""
    source: str = ""


@dataclass(frozen=True)
class Appendix:
    """The appendix in one language: its headings, column titles and rows."""

    lang: str
    heading: str
    title: str
    subtitle: str
    columns: tuple[str, str, str, str, str]
    rows: tuple[AppendixRow, ...]

    @property
    def indicators(self) -> list[AppendixRow]:
        """The indicator rows (not the pillar rows)."""
        return [r for r in self.rows if not r.is_pillar]


def target_label(target: Target, unit: Unit, lang: str) -> str:
    """The target as the catalogue writes it (vi) or in English words (en)."""
    if lang == "vi":
        return target.text
    if target.threshold is None:
        return "universal"
    figure = format_value(target.threshold, unit, "en")
    return figure if target.text[:1].isdigit() else f"{_EN_OPERATORS[target.operator]} {figure}"


def value_parts(assessment: Assessment, lang: str) -> tuple[str, str]:
    """The reported value in the language's style, and its remark (kept as reported)."""
    value = assessment.reported.value
    if value.number is None:
        return value.text, ""
    return format_value(value.number, assessment.indicator.unit, lang), value.remark


def _source(assessment: Assessment, root: Path, lang: str) -> str:
    where = describe_location(assessment.reported.location, root, lang)
    return where if assessment.reported.location.row else f"{where}: {text('not_reported', lang)}"


def build_appendix(result: PeriodResult, lang: str) -> Appendix:
    """The appendix of a period's result in ``lang``."""
    params, catalog = result.inputs.params, result.inputs.catalog
    years = sorted({a.target.year for a in result.assessments})
    target_column = (
        text("target_year", lang, year=years[0]) if len(years) == 1 else text("target", lang)
    )
    columns = (
        text("no", lang),
        text("indicator", lang),
        text("estimate_to", lang, date=format_date(params.as_of_date, lang)),
        target_column,
        text("attainment", lang),
    )
    rows: list[AppendixRow] = []
    pillar = None
    for number, a in enumerate(result.assessments, start=1):
        if a.indicator.pillar != pillar:
            pillar = a.indicator.pillar
            rows.append(AppendixRow(True, pillar, a.indicator.pillar_name(lang)))
        value, remark = value_parts(a, lang)
        target = target_label(a.target, a.indicator.unit, lang)
        if len(years) > 1:
            target += f" ({a.target.year})"
        rows.append(
            AppendixRow(
                is_pillar=False,
                number=str(number),
                name=a.indicator.name(lang),
                value=value,
                remark=remark,
                target=target,
                status=a.status.label(lang),
                status_code=a.status.value,
                assessed_by_unit=text("assessed_by_unit", lang) if a.assessed_by_unit else "",
                indicator_id=a.indicator.id,
                source=_source(a, result.inputs.project.root, lang),
            )
        )
    framework = (catalog.short_vi if lang == "vi" else catalog.short_en) or catalog.id
    return Appendix(
        lang=lang,
        heading=text("appendix", lang).upper(),
        title=text("appendix_title", lang, framework=framework.upper()),
        subtitle=text(
            "appendix_subtitle",
            lang,
            number=params.document_number,
            date=report_date_short(params.report_date, params.as_of_date.year, lang),
            unit=params.reporting_unit
            if lang == "vi"
            else params.reporting_unit_en or params.reporting_unit,
        ),
        columns=columns,
        rows=tuple(rows),
    )


def report_date_short(report_date: str, year: int, lang: str) -> str:
    """The document's date as the appendix cites it; blanks to fill in by hand when unset."""
    from datetime import date

    if report_date:
        return format_date(date.fromisoformat(report_date), lang)
    return f"   /   /{year}" if lang == "vi" else f"… {year}"
