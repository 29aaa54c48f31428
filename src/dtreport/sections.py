"""The report's sections as HTML fragments (the notebook displays them; nbconvert keeps them).

Every figure shown comes from an :class:`Assessment`, which keeps the input
file and row it was read from; the appendix cells carry that place in a
``title`` attribute so a reviewer can trace any figure to its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dtreport.attainment import Assessment
from dtreport.catalog import Indicator
from dtreport.checks import ValidationReport
from dtreport.findings import Severity
from dtreport.i18n import format_date, text
from dtreport.inputs import PeriodResult
from dtreport.numbers import Unit, format_number, format_value
from dtreport.status import ACHIEVED, Status
from dtreport.target import Operator, Target

__all__ = [
    "appendix_table",
    "draft_banner",
    "pillar_breakdown",
    "quality_section",
    "summary_paragraph",
    "target_label",
    "value_label",
]

_EN_OPERATORS = {Operator.GE: "at least", Operator.GT: "above", Operator.LT: "below",
                 Operator.LE: "at most"}  # fmt: skip


def target_label(target: Target, unit: Unit, lang: str) -> str:
    """The target as the catalogue writes it (vi) or in English words (en)."""
    if lang == "vi":
        return target.text
    if target.is_qualitative or target.threshold is None:
        return "universal"
    figure = format_value(target.threshold, unit, "en")
    plain = target.text[:1].isdigit()
    return figure if plain else f"{_EN_OPERATORS[target.operator]} {figure}"


def value_label(assessment: Assessment, lang: str) -> str:
    """The reported value as HTML: the figure in the language's style, any remark in italics."""
    value = assessment.reported.value
    if value.number is None:
        return escape(value.text)
    shown = escape(format_value(value.number, assessment.indicator.unit, lang))
    if value.remark:
        shown += f" <em>({escape(value.remark)})</em>"
    return shown


def _source(assessment: Assessment) -> str:
    where = assessment.reported.location
    return f"{where.file}, row {where.row}" if where.row else f"{where.file}: not reported"


def _status_cell(assessment: Assessment, lang: str) -> str:
    label = escape(assessment.status.label(lang))
    if assessment.assessed_by_unit:
        label += f"<br><small>{escape(text('assessed_by_unit', lang))}</small>"
    return f'<td class="status status-{assessment.status.value}">{label}</td>'


def appendix_table(result: PeriodResult, lang: str) -> str:
    """Appendix I as the seed lays it out: STT, name, estimate, target, attainment, by pillar."""
    params = result.inputs.params
    years = sorted({a.target.year for a in result.assessments})
    target_head = (
        text("target_year", lang, year=years[0]) if len(years) == 1 else text("target", lang)
    )
    head = (
        f"<tr><th>{text('no', lang)}</th><th>{text('indicator', lang)}</th>"
        f"<th>{escape(text('estimate_to', lang, date=format_date(params.as_of_date, lang)))}</th>"
        f"<th>{escape(target_head)}</th><th>{text('attainment', lang)}</th></tr>"
    )
    rows: list[str] = []
    pillar = None
    for number, a in enumerate(result.assessments, start=1):
        if a.indicator.pillar != pillar:
            pillar = a.indicator.pillar
            rows.append(
                f'<tr class="pillar"><td>{escape(pillar)}</td>'
                f'<td colspan="4">{escape(a.indicator.pillar_name(lang))}</td></tr>'
            )
        target = escape(target_label(a.target, a.indicator.unit, lang))
        if len(years) > 1:
            target += f" ({a.target.year})"
        rows.append(
            f'<tr data-indicator="{escape(a.indicator.id)}" title="{escape(_source(a))}">'
            f'<td class="num">{number}</td><td>{escape(a.indicator.name(lang))}</td>'
            f"<td>{value_label(a, lang)}</td><td>{target}</td>{_status_cell(a, lang)}</tr>"
        )
    return (
        '<table class="dtreport-table appendix">'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def summary_paragraph(result: PeriodResult, lang: str) -> str:
    """The summary sentence, as the seed opens its results."""
    return f'<p class="summary">{escape(result.sentence(lang))}</p>'


def pillar_breakdown(result: PeriodResult, lang: str) -> str:
    """Counts per pillar: total, achieved, and each status present."""
    statuses = [s for s in Status if any(a.status is s for a in result.assessments)]
    head = "".join(f"<th>{escape(s.label(lang))}</th>" for s in statuses)
    rows = []
    for code, name_vi, name_en in result.inputs.catalog.pillars:
        members = [a for a in result.assessments if a.indicator.pillar == code]
        counts = "".join(
            f'<td class="num">{sum(a.status is s for a in members)}</td>' for s in statuses
        )
        achieved = sum(a.status in ACHIEVED for a in members)
        name = name_vi if lang == "vi" else name_en
        rows.append(
            f"<tr><td>{escape(code)}. {escape(name)}</td><td class='num'>{len(members)}</td>"
            f"<td class='num'>{achieved}</td>{counts}</tr>"
        )
    return (
        '<table class="dtreport-table breakdown"><thead><tr>'
        f"<th>{text('pillar', lang)}</th><th>{text('total', lang)}</th>"
        f"<th>{text('achieved', lang)}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _where(file: str | None, row: int | None, column: str | None, lang: str) -> str:
    parts = [escape(file or "")]
    if row is not None:
        parts.append(f"{text('row', lang)} {row}")
    if column:
        parts.append(f"{text('column', lang)} <code>{escape(column)}</code>")
    return ", ".join(p for p in parts if p)


def quality_section(report: ValidationReport, lang: str) -> str:
    """Every finding with its severity and place, then every check that ran."""
    if report.findings:
        rows = "".join(
            f'<tr class="finding-{f.severity.value}"><td>{text(f.severity.value, lang)}</td>'
            f"<td><code>{escape(f.check)}</code></td>"
            f"<td>{_where(f.location.file, f.location.row, f.location.column, lang)}</td>"
            f"<td>{escape(f.message)}</td></tr>"
            for f in report.findings
        )
        findings = (
            '<table class="dtreport-table findings"><thead><tr>'
            f"<th>{text('severity', lang)}</th><th>{text('check', lang)}</th>"
            f"<th>{text('where', lang)}</th><th>{text('message', lang)}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        findings = f"<p>{text('quality_ok', lang)}</p>"
    outcomes = "".join(
        f"<tr><td>{escape(o.suite)}</td><td><code>{escape(o.check)}</code></td>"
        f"<td>{text(o.severity.value, lang)}</td>"
        f"<td>{text('passed' if o.success else 'failed', lang)}</td></tr>"
        for o in report.outcomes
    )
    checks = (
        f"<h3>{text('expectations', lang)}</h3>"
        '<table class="dtreport-table checks"><thead><tr><th>Suite</th>'
        f"<th>{text('check', lang)}</th><th>{text('severity', lang)}</th>"
        f"<th>{text('passed', lang)}/{text('failed', lang)}</th></tr></thead>"
        f"<tbody>{outcomes}</tbody></table>"
    )
    return findings + checks


def draft_banner(report: ValidationReport, lang: str) -> str:
    """The DRAFT mark shown at the top of a report rendered despite critical findings."""
    critical = sum(f.severity is Severity.CRITICAL for f in report.findings)
    return (
        f'<div class="dtreport-draft"><strong>{escape(text("draft", lang))}</strong> '
        f"({critical} {text('critical', lang).lower()})</div>"
    )


def indicator_names(indicators: Sequence[Indicator], lang: str) -> list[str]:
    """Short labels for charts: the indicator's number in the catalogue and its name."""
    return [f"{n}. {i.name(lang)}" for n, i in enumerate(indicators, start=1)]


def format_count(value: int, lang: str) -> str:
    """A whole number in the language's style (1.728 / 1,728)."""
    from decimal import Decimal

    return format_number(Decimal(value), lang)
