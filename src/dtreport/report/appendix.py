"""Appendix I as one model, laid out like the seed's table; HTML, XLSX and DOCX all render it.

Columns: STT | Tên chỉ tiêu | Kết quả ước tính đến <date> | Mục tiêu <year> |
Mức hoàn thành, with a row per pillar (I, II, III) before its indicators.

An appendix built as a draft (its data checks have not passed) says so on every printed page
of the exports, so that a page of it can never pass for the checked report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dtreport.i18n import describe_location, format_date, text
from dtreport.inputs.numbers import Unit, format_value
from dtreport.inputs.params import ReportParams
from dtreport.inputs.target import Operator, Target
from dtreport.lang import Lang, pick
from dtreport.method.attainment import Assessment
from dtreport.method.evaluation import PeriodResult

__all__ = [
    "DRAFT_LINE",
    "DRAFT_MARK",
    "Appendix",
    "AppendixRow",
    "attached_to",
    "build_appendix",
    "report_date_short",
    "target_label",
    "value_parts",
]

# The same words as the HTML report's draft mark (dtreport.outputs.render), kept here so the exports
# need not import the renderer. Bilingual: a draft goes to readers of either language.
DRAFT_MARK = "BẢN NHÁP — DRAFT"
DRAFT_LINE = f"{DRAFT_MARK}: chưa qua kiểm tra dữ liệu / data checks not passed"

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
    note: str = ""


@dataclass(frozen=True)
class Appendix:
    """The appendix in one language: its headings, column titles and rows.

    ``as_of`` is the date the values are estimated to, which also dates the exported files;
    ``draft`` marks an appendix whose data checks have not passed.
    """

    lang: Lang
    heading: str
    title: str
    subtitle: str
    columns: tuple[str, str, str, str, str]
    rows: tuple[AppendixRow, ...]
    as_of: date
    draft: bool = False

    @property
    def indicators(self) -> list[AppendixRow]:
        """The indicator rows (not the pillar rows)."""
        return [r for r in self.rows if not r.is_pillar]


def target_label(target: Target, unit: Unit, lang: Lang) -> str:
    """The target as the catalogue writes it (vi) or in English words (en)."""
    if lang == "vi":
        return target.text
    if target.threshold is None:
        return "universal"
    figure = format_value(target.threshold, unit, "en")
    return figure if target.text[:1].isdigit() else f"{_EN_OPERATORS[target.operator]} {figure}"


def value_parts(assessment: Assessment, lang: Lang) -> tuple[str, str]:
    """The reported value in the language's style, and its remark (kept as reported)."""
    value = assessment.reported.value
    if value.number is None:
        return value.text, ""
    return format_value(value.number, assessment.indicator.unit, lang), value.remark


def _source(assessment: Assessment, lang: Lang) -> str:
    where = describe_location(assessment.reported.location, lang)
    return where if assessment.reported.location.row else f"{where}: {text('not_reported', lang)}"


def build_appendix(result: PeriodResult, lang: Lang, draft: bool = False) -> Appendix:
    """The appendix of a period's result in ``lang``; ``draft`` when its checks have not passed."""
    params, catalog = result.inputs.params, result.inputs.catalog
    years = sorted({a.target.year for a in result.assessments})
    target_column = (
        text("target_year", lang, year=years[0]) if len(years) == 1 else text("target", lang)
    )
    columns = (
        text("no", lang),
        text("indicator", lang),
        text("estimate_to", lang, date=format_date(params.as_of, lang)),
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
        if not a.target.is_verified:
            # A status is only as right as its target: one the catalogue does not mark
            # verified (secondary, open, or not said) is shown as such (docs/targets.md).
            target += f" {text('target_unverified', lang)}"
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
                assessed_by_unit=text("withheld", lang)
                if a.withheld
                else text("assessed_by_unit", lang)
                if a.assessed_by_unit
                else "",
                indicator_id=a.indicator.id,
                source=_source(a, lang),
                note=a.reported.note,
            )
        )
    framework = (pick(lang, catalog.short_vi, catalog.short_en)) or catalog.id
    return Appendix(
        lang=lang,
        heading=text("appendix", lang).upper(),
        title=text("appendix_title", lang, framework=framework.upper()),
        subtitle=attached_to(params, lang),
        columns=columns,
        rows=tuple(rows),
        as_of=params.as_of,
        draft=draft,
    )


def attached_to(params: ReportParams, lang: Lang) -> str:
    """ "(Kèm theo Báo cáo số … ngày … của …)": the line under each appendix's title."""
    return text(
        "appendix_subtitle",
        lang,
        number=params.document_number,
        date=report_date_short(params.report_date, params.as_of.year, lang),
        unit=params.reporting_unit
        if lang == "vi"
        else params.reporting_unit_en or params.reporting_unit,
    )


def report_date_short(report_date: date | None, year: int, lang: Lang) -> str:
    """The document's date as the appendix cites it; blanks to fill in by hand when unset."""
    if report_date is not None:
        return format_date(report_date, lang)
    return f"   /   /{year}" if lang == "vi" else f"… {year}"
