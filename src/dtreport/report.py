"""One period's report as the notebook builds it: inputs, checks, attainment and its sections.

The notebook stays thin: it calls :meth:`ReportRun.prepare` with its
parameters and displays what the methods here return.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

from dtreport import charts, letterhead, sections
from dtreport.appendix import build_appendix
from dtreport.attainment import attainment_table
from dtreport.checks import validate_period
from dtreport.errors import DtreportError, Location
from dtreport.findings import raise_for_critical
from dtreport.i18n import text
from dtreport.inputs import PeriodResult, evaluate, load_period
from dtreport.params import ReportParams
from dtreport.paths import Project
from dtreport.provenance import file_checksums, package_versions
from dtreport.publish import atomic_write_text
from dtreport.suites import ValidationReport
from dtreport.supporting import supporting_section

__all__ = ["HTML", "ReportRun"]


class HTML:
    """An HTML fragment that Jupyter displays as HTML (and nbconvert keeps as such)."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


@dataclass(frozen=True)
class ReportRun:
    """A period's computed report: what was read, the attainment, and (when asked) the checks.

    The checks are read only when a section needs them (the data-quality section,
    the outputs), so the sections before it render while ``dtreport run`` is still
    computing them beside the kernel. Reading them raises :class:`ValidationFailed`
    on critical findings, unless ``draft``: nothing after that cell renders.
    """

    result: PeriodResult
    lang: str
    draft: bool
    validation_file: str = ""
    params_path: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _checked: list[ValidationReport] = field(default_factory=list, repr=False)

    @classmethod
    def prepare(
        cls,
        period: str,
        params_file: str = "",
        root: str = "",
        draft: bool = False,
        overrides: dict[str, Any] | None = None,
        validation_file: str = "",
    ) -> ReportRun:
        """Load and assess a period.

        ``overrides`` are params keys given to the notebook (``None`` keeps the
        params file's value). ``validation_file`` is where ``dtreport run`` writes
        the checks' results; without it the checks run here, when first needed.
        """
        project = Project.find(Path(root) if root else None)
        params_path = Path(params_file) if params_file else None
        started = time.perf_counter()
        inputs = load_period(project, period, params_path)
        given = {k: str(v) for k, v in (overrides or {}).items() if v is not None and k != "period"}
        if given:
            inputs = replace(inputs, params=replace(inputs.params, **given))
        result = evaluate(inputs)
        timings = {"attainment": round(time.perf_counter() - started, 3)}
        return cls(result, inputs.params.lang, draft, validation_file, params_path, timings)

    @property
    def validation(self) -> ValidationReport:
        """Every check's result; critical findings stop here unless this is a draft."""
        if not self._checked:
            started = time.perf_counter()
            inputs = self.result.inputs
            if self.validation_file:
                report = wait_for_validation(Path(self.validation_file))
            else:
                report = validate_period(inputs.project, inputs.period.id, self.params_path)
            key = "checks_wait" if self.validation_file else "checks"
            self.timings[key] = round(time.perf_counter() - started, 3)
            self._checked.append(report)
        report = self._checked[0]
        raise_for_critical(
            [f for f in report.findings if f.check.startswith("catalog")], "the catalogue"
        )
        if not self.draft:
            raise_for_critical(report.findings, f"period {self.result.inputs.period.id}")
        return report

    @property
    def params(self) -> ReportParams:
        return self.result.inputs.params

    def letterhead(self) -> HTML:
        """The document's header: unit, number, place and date, title, reference."""
        banner = sections.draft_banner(self.lang) if self.draft else ""
        return HTML(banner + letterhead.letterhead(self.params, self.lang))

    def summary(self) -> HTML:
        """The summary sentence and the per-pillar breakdown."""
        return HTML(
            f"<h2>1. {text('results', self.lang)}</h2>"
            + sections.summary_paragraph(self.result, self.lang)
            + f"<p class='see-appendix'><em>{text('details_in_appendix', self.lang)}</em></p>"
            + f"<h3>{text('by_pillar', self.lang)}</h3>"
            + sections.pillar_breakdown(self.result, self.lang)
        )

    def supporting(self) -> HTML:
        """The supporting figures, by the seed's sections, then the signature."""
        return HTML(
            f"<h2>2. {text('supporting', self.lang)}</h2>"
            + supporting_section(
                self.result.inputs.metrics, self.lang, self.result.inputs.project.root
            )
            + letterhead.signature(self.params, self.lang)
        )

    def charts(self) -> HTML:
        """Value against target, and statuses per pillar."""
        assessments = self.result.assessments
        return HTML(
            charts.value_target_chart(assessments, self.lang)
            + charts.status_counts_chart(assessments, self.result.inputs.catalog.pillars, self.lang)
        )

    def appendix(self) -> HTML:
        """Appendix I laid out as the seed's."""
        appendix = build_appendix(self.result, self.lang)
        return HTML(
            f"<section class='dtreport-landscape appendix-page'><h2>{escape(appendix.heading)}</h2>"
            f"<p class='appendix-title'>{escape(appendix.title)}</p>"
            f"<p class='appendix-subtitle'>{escape(appendix.subtitle)}</p>"
            + sections.appendix_table(appendix)
            + "</section>"
        )

    def quality(self) -> HTML:
        """The data-quality section: every finding and every check."""
        return HTML(
            f"<h2>{text('quality', self.lang)}</h2>"
            + sections.quality_section(self.validation, self.lang, self.result.inputs.project.root)
        )

    def provenance(self) -> HTML:
        """The method in a sentence, the input files with checksums, the software versions."""
        inputs = self.result.inputs
        sums = file_checksums(inputs.input_files, inputs.project.root)
        files = "".join(
            f"<tr><td><code>{n}</code></td><td><code>{s}</code></td></tr>" for n, s in sums.items()
        )
        versions = ", ".join(f"{k} {v}" for k, v in package_versions().items())
        return HTML(
            f"<h2>{text('method', self.lang)}</h2>"
            + f"<p>{text('method_rules', self.lang)}</p>"
            + f"<h3>{text('files', self.lang)}</h3>"
            + f"<table class='dtreport-table files'><thead><tr><th>{text('file', self.lang)}</th>"
            + f"<th>{text('checksum', self.lang)}</th></tr></thead><tbody>{files}</tbody></table>"
            + f"<h3>{text('versions', self.lang)}</h3><p class='versions'>{versions}</p>"
        )

    def write_outputs(self, output_dir: str) -> None:
        """Write ``attainment.csv`` and ``validation.json`` to ``output_dir`` ("": nothing)."""
        if not output_dir:
            return
        folder = Path(output_dir)
        table = attainment_table(self.result.assessments, self.lang)
        attainment = folder / "attainment.csv"
        atomic_write_text(attainment, table.to_csv(index=False, lineterminator="\n"))
        validation = folder / "validation.json"
        atomic_write_text(
            validation, json.dumps(self.validation.to_dict(), ensure_ascii=False, indent=2)
        )
        # Read and removed by the pipeline, which puts the stage timings in manifest.json.
        atomic_write_text(folder / ".timings.json", json.dumps(self.timings))


def wait_for_validation(path: Path, timeout: float = 600.0) -> ValidationReport:
    """Wait for the checks ``dtreport run`` computes beside the notebook, and read them.

    The run writes ``<path>`` when the checks are done, or ``<path>.error`` with
    the reason they could not run.
    """
    error = path.with_name(path.name + ".error")
    deadline = time.monotonic() + timeout
    while not path.exists():
        if error.exists():
            raise DtreportError(error.read_text(encoding="utf-8"))
        if time.monotonic() > deadline:
            raise DtreportError(
                f"the checks did not finish in {timeout:.0f} s", Location(str(path))
            )
        time.sleep(0.02)
    return ValidationReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
