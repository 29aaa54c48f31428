"""The report's sections as HTML fragments (the notebook displays them; nbconvert keeps them).

Every figure shown comes from an :class:`Assessment`, which keeps the input
file and row it was read from; the appendix cells carry that place in a
``title`` attribute so a reviewer can trace any figure to its row. The markup
itself is in the templates of ``assets/templates/html/`` (see :mod:`dtreport.report.html`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from dtreport.checks.validation import ValidationReport
from dtreport.findings import Severity
from dtreport.i18n import check_description, describe_location, text
from dtreport.inputs.params import ReportParams
from dtreport.lang import Lang, pick
from dtreport.method.evaluation import PeriodResult
from dtreport.report.appendix import Appendix, attached_to
from dtreport.report.html import render
from dtreport.status import ACHIEVED, Status

__all__ = [
    "appendix_section",
    "draft_banner",
    "provenance_section",
    "quality_section",
    "quality_statement_section",
    "summary_section",
]


@dataclass(frozen=True)
class _PillarRow:
    code: str
    name: str
    total: int
    achieved: int
    counts: tuple[int, ...]


@dataclass(frozen=True)
class _CheckRow:
    severity: str
    check: str
    description: str
    where: str = ""
    message: str = ""
    suite: str = ""
    success: bool = False


def summary_section(result: PeriodResult, lang: Lang) -> Markup:
    """Section 1: the summary sentence, as the seed opens its results, and counts per pillar."""
    statuses = [s for s in Status if any(a.status is s for a in result.assessments)]
    pillars = []
    for code, name_vi, name_en in result.inputs.catalog.pillars:
        members = [a for a in result.assessments if a.indicator.pillar == code]
        pillars.append(
            _PillarRow(
                code=code,
                name=pick(lang, name_vi, name_en),
                total=len(members),
                achieved=sum(a.status in ACHIEVED for a in members),
                counts=tuple(sum(a.status is s for a in members) for s in statuses),
            )
        )
    return render(
        "summary.html.j2",
        lang=lang,
        sentence=result.sentence(lang),
        statuses=[s.label(lang) for s in statuses],
        pillars=pillars,
    )


def appendix_section(appendix: Appendix) -> Markup:
    """Appendix I on landscape pages: headings, then the table, pillar rows between indicators."""
    return render("appendix.html.j2", lang=appendix.lang, appendix=appendix)


def _suite(name: str, lang: Lang) -> str:
    """A check suite's name as the reader's language calls it (its own name if unknown)."""
    try:
        return text(f"suite_{name}", lang)
    except KeyError:
        return name


def quality_statement_section(report: ValidationReport, lang: Lang) -> Markup:
    """The body's one sentence on the checks: how many ran, what they found, where to read more.

    Counted by findings, not by failed checks: a check that fails on three rows has
    three findings, and the annex lists each of them.
    """
    counts = {severity: 0 for severity in Severity}
    for finding in report.findings:
        counts[finding.severity] += 1
    sentence = quality_statement(
        len(report.outcomes),
        counts[Severity.CRITICAL],
        counts[Severity.WARNING],
        counts[Severity.INFO],
        lang,
    )
    return render("statement.html.j2", lang=lang, sentence=sentence)


def quality_section(
    report: ValidationReport, lang: Lang, params: ReportParams | None = None
) -> Markup:
    """The technical annex's heading and its first part: every finding, then every check.

    With ``params`` the heading is followed by "(Kèm theo Báo cáo số … của …)", as
    Appendix I's is.
    """
    findings = [
        _CheckRow(
            severity=f.severity.value,
            check=f.check,
            description=check_description(f.check, lang),
            where=describe_location(f.place, lang),
            message=f.text(lang),
        )
        for f in report.findings
    ]
    outcomes = [
        _CheckRow(
            severity=o.severity.value,
            check=o.check,
            description=check_description(o.check, lang),
            suite=_suite(o.suite, lang),
            success=o.success,
        )
        for o in report.outcomes
    ]
    return render(
        "quality.html.j2",
        lang=lang,
        subtitle=attached_to(params, lang) if params is not None else "",
        findings=findings,
        outcomes=outcomes,
        all_passed=all(o.success for o in report.outcomes),
    )


def provenance_section(
    checksums: Mapping[str, str], versions: Mapping[str, str], lang: Lang
) -> Markup:
    """The technical annex's second part: the method in a sentence, each input file with its
    SHA-256, the software versions."""
    return render("provenance.html.j2", lang=lang, checksums=checksums, versions=versions)


def draft_banner(lang: Lang) -> Markup:
    """The DRAFT mark at the top of a report rendered despite critical findings.

    The findings themselves are listed in the technical annex.
    """
    return render("draft_banner.html.j2", lang=lang)


def quality_statement(checks: int, critical: int, warnings: int, notes: int, lang: Lang) -> str:
    """One sentence on the checks for the report's body; the tables are in the annex.

    "Số liệu đã qua 27 kiểm tra tự động; không có phát hiện nghiêm trọng; 2 cảnh báo (chi
    tiết tại Phụ lục kỹ thuật)." Notes are named only when there are some: a reader of the
    body needs to know of critical findings and warnings, not of their absence twice over.
    """
    parts = [
        text("checks_ran", lang, checks=checks),
        _count("critical", critical, lang) if critical else text("no_critical", lang),
        _count("warning", warnings, lang) if warnings else text("no_warning", lang),
    ]
    if notes:
        parts.append(_count("info", notes, lang))
    return f"{'; '.join(parts)} {text('statement_details', lang)}."


def _count(kind: str, n: int, lang: Lang) -> str:
    """ "1 warning", "2 warnings": English counts take a plural, Vietnamese ones do not."""
    return text(f"{kind}_one" if n == 1 else f"{kind}_many", lang, n=n)
