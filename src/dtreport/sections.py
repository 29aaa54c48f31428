"""The report's sections as HTML fragments (the notebook displays them; nbconvert keeps them).

Every figure shown comes from an :class:`Assessment`, which keeps the input
file and row it was read from; the appendix cells carry that place in a
``title`` attribute so a reviewer can trace any figure to its row.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from dtreport.appendix import Appendix
from dtreport.checks import ValidationReport
from dtreport.i18n import check_description, describe_location, text
from dtreport.inputs import PeriodResult
from dtreport.status import ACHIEVED, Status

__all__ = [
    "appendix_table",
    "draft_banner",
    "pillar_breakdown",
    "quality_section",
    "summary_paragraph",
]


def appendix_table(appendix: Appendix) -> str:
    """Appendix I as an HTML table; each indicator row names its input file and row."""
    head = "".join(f"<th>{escape(c)}</th>" for c in appendix.columns)
    rows: list[str] = []
    for row in appendix.rows:
        if row.is_pillar:
            rows.append(
                f'<tr class="pillar"><td>{escape(row.number)}</td>'
                f'<td colspan="4">{escape(row.name)}</td></tr>'
            )
            continue
        value = escape(row.value)
        if row.remark:
            value += f" <em>({escape(row.remark)})</em>"
        status = escape(row.status)
        if row.assessed_by_unit:
            status += f"<br><small>{escape(row.assessed_by_unit)}</small>"
        rows.append(
            f'<tr data-indicator="{escape(row.indicator_id)}" title="{escape(row.source)}">'
            f'<td class="num">{escape(row.number)}</td><td>{escape(row.name)}</td>'
            f"<td>{value}</td><td>{escape(row.target)}</td>"
            f'<td class="status status-{row.status_code}">{status}</td></tr>'
        )
    return (
        '<table class="dtreport-table appendix">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
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


def _suite(name: str, lang: str) -> str:
    """A check suite's name as the reader's language calls it (its own name if unknown)."""
    try:
        return text(f"suite_{name}", lang)
    except KeyError:
        return name


def quality_section(report: ValidationReport, lang: str, root: Path) -> str:
    """Every finding with its severity and place, then every check that ran."""
    if report.findings:
        rows = "".join(
            f'<tr class="finding-{f.severity.value}"><td>{text(f.severity.value, lang)}</td>'
            f"<td>{escape(check_description(f.check, lang))} <code>{escape(f.check)}</code></td>"
            f"<td>{escape(describe_location(f.location, root, lang))}</td>"
            f"<td>{escape(f.text(lang))}</td></tr>"
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
        f"<tr><td>{escape(_suite(o.suite, lang))}</td>"
        f"<td>{escape(check_description(o.check, lang))} <code>{escape(o.check)}</code></td>"
        f"<td>{text(o.severity.value, lang)}</td>"
        f"<td>{text('passed' if o.success else 'failed', lang)}</td></tr>"
        for o in report.outcomes
    )
    checks = (
        f"<h3>{text('expectations', lang)}</h3>"
        f'<table class="dtreport-table checks"><thead><tr><th>{text("suite", lang)}</th>'
        f"<th>{text('check', lang)}</th><th>{text('severity', lang)}</th>"
        f"<th>{text('outcome', lang)}</th></tr></thead>"
        f"<tbody>{outcomes}</tbody></table>"
    )
    return findings + checks


def draft_banner(lang: str) -> str:
    """The DRAFT mark at the top of a report rendered despite critical findings.

    The findings themselves are listed in the data-quality section.
    """
    return (
        f'<div class="dtreport-draft"><strong>{escape(text("draft", lang))}</strong> '
        f"({escape(text('see_quality', lang))})</div>"
    )
