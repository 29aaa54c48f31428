"""What a published report says on the terminal: its files, its findings, its last line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtreport.findings import listing
from dtreport.paths import Project

if TYPE_CHECKING:
    from dtreport.run.pipeline import PublishedReport

__all__ = ["headline", "report_lines"]


def report_lines(project: Project, result: PublishedReport) -> list[str]:
    """The files written, the findings (critical of a draft, then warnings), and the headline."""
    lines = [f"written: {project.shown(path)}" for path in result.files]
    if result.critical:
        lines.append(f"{len(result.critical)} critical finding(s), rendered as a draft:")
        lines.append(listing(result.critical))
    if result.warnings:
        lines.append(
            f"{len(result.warnings)} warning(s), shown in the report's data-quality section:"
        )
        lines.append(listing(result.warnings))
    lines.append(headline(project, result))
    return lines


def headline(project: Project, result: PublishedReport) -> str:
    """The last line of a run: the report (``<unit>/<period>`` for a unit's), what it achieved,
    and where to look."""
    summary = result.result.summary
    rest = [
        f"{n} {status.label('en').lower()}"
        for status, n in summary.counts.items()
        if n and status.value not in ("exceeded", "met")
    ]
    counts = f"{summary.achieved} of {summary.total} achieved" + "".join(f", {r}" for r in rest)
    draft = "DRAFT (BẢN NHÁP), " if result.draft else ""
    warnings = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    page = project.shown(result.folder / "report.html")
    name = f"{result.unit}/{result.folder.name}" if result.unit else result.folder.name
    return f"{name}: {draft}{counts}{warnings}; {page}"
