"""One period's report as the notebook builds it: inputs, checks, attainment and its sections.

The notebook stays thin: it calls :meth:`PeriodReport.prepare` with its
parameters and displays what the methods here return.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from dtreport.checks.period_checks import validate_inputs
from dtreport.checks.validation import ValidationReport
from dtreport.errors import ValidationFailed
from dtreport.findings import raise_for_critical
from dtreport.inputs.history import History, load_history
from dtreport.inputs.params import ReportParams
from dtreport.inputs.period_data import load_period
from dtreport.lang import Lang
from dtreport.method.attainment import attainment_table
from dtreport.method.evaluation import PeriodResult, evaluate, withhold
from dtreport.method.progress import indicator_points, progress_frame, trajectories
from dtreport.method.rollup import entry_from_result, standings
from dtreport.method.trajectory import Trajectory
from dtreport.outputs.exports import csv_bytes
from dtreport.outputs.provenance import file_checksums, package_versions
from dtreport.outputs.publish import atomic_write_bytes, atomic_write_text
from dtreport.paths import Project
from dtreport.report import charts, letterhead, progress, sections
from dtreport.report.appendix import build_appendix
from dtreport.report.html import concat
from dtreport.report.rollup_place import placement_paragraph, rollup_place
from dtreport.report.supporting import supporting_section
from dtreport.run import explore
from dtreport.run.handoff import (
    ATTAINMENT_FILE,
    PROGRESS_FILE,
    TIMINGS_FILE,
    VALIDATION_FILE,
    read_validation,
    validation_document,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["HTML", "PeriodReport"]


class HTML:
    """An HTML fragment that Jupyter displays as HTML (and nbconvert keeps as such).

    Only rendered markup is taken as HTML: a plain ``str`` given here is escaped and shows
    as text.
    """

    def __init__(self, html: Markup) -> None:
        self.html = escape(html)

    def _repr_html_(self) -> str:
        return str(self.html)

    def __repr__(self) -> str:
        # The notebook saves this beside the HTML as the cell's text/plain output; the default
        # repr holds a memory address, so two runs of the same inputs would differ.
        return "<dtreport.run.notebook.HTML>"


@dataclass(frozen=True)
class PeriodReport:
    """A period's computed report: what was read, the attainment, and (when asked) the checks.

    The checks are read only when a section needs them (the data-quality section,
    the outputs), so the sections before it render while ``dtreport run`` is still
    computing them beside the kernel. Reading them raises :class:`ValidationFailed`
    on critical findings, unless ``draft``: nothing after that cell renders.
    """

    result: PeriodResult
    lang: Lang
    draft: bool
    validation_file: str = ""
    params_path: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _checked: list[ValidationReport] = field(default_factory=list, repr=False)
    # The earlier periods, read when a section first needs them (see ``history``).
    _history: list[History] = field(default_factory=list, repr=False)

    @classmethod
    def prepare(
        cls,
        period: str,
        params_file: str = "",
        root: str = "",
        draft: bool = False,
        overrides: dict[str, Any] | None = None,
        validation_file: str = "",
    ) -> PeriodReport:
        """Load and assess a period.

        ``overrides`` are params keys given to the notebook (``None`` keeps the params
        file's value); they are checked with the file, as one set of parameters, and a bad
        one stops here with the message ``dtreport run`` gives. ``validation_file`` is where
        ``dtreport run`` writes the checks' results; without it the checks run here, on
        these same parameters, when first needed.
        """
        project = Project.find(Path(root) if root else None)
        params_path = Path(params_file) if params_file else None
        started = time.perf_counter()
        given = {k: v for k, v in (overrides or {}).items() if k != "period"}
        inputs = load_period(project, period, params_path, given)
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
                data = read_validation(Path(self.validation_file), inputs.params)
                report = ValidationReport.from_dict(data)
            else:
                report = validate_inputs(inputs)
            key = "checks_wait" if self.validation_file else "checks"
            self.timings[key] = round(time.perf_counter() - started, 3)
            self._checked.append(report)
        report = self._checked[0]
        raise_for_critical(
            [f for f in report.findings if f.check.startswith(("catalog", "targets"))],
            "the catalogue",
        )
        if not self.draft:
            raise_for_critical(report.findings, f"period {self.result.inputs.period.id}")
        return report

    @property
    def shown(self) -> PeriodResult:
        """The result the report shows: a draft withholds the status of a value that failed a
        critical check (it waits for the checks to know which); a final report is checked."""
        if not self.draft:
            return self.result
        return withhold(self.result, self.validation.critical)

    @property
    def params(self) -> ReportParams:
        return self.result.inputs.params

    def letterhead(self) -> HTML:
        """The document's header: unit, number, place and date, title, reference."""
        return HTML(letterhead.letterhead(self.params, self.lang, draft=self.draft))

    def summary(self) -> HTML:
        """The summary sentence, the per-pillar breakdown and, for a unit, its place in the
        period's roll-up (``output/rollup/<period>/rollup.csv``) when there is one."""
        inputs = self.result.inputs
        place = rollup_place(inputs.project, inputs.unit, inputs.period.id) if inputs.unit else None
        if place is not None:
            # Counted by the roll-up's own rule; shown only when the roll-up was computed on
            # the figures this report shows.
            own = standings([entry_from_result(inputs.unit, "", self.shown)])[0]
            if (place.achieved, place.assessed) != (own.achieved, own.assessed):
                place = None
        name = self.params.province if self.lang == "vi" else self.params.province_en
        return HTML(
            concat(
                sections.summary_section(self.shown, self.lang),
                placement_paragraph(place, self.lang, name),
            )
        )

    def supporting(self) -> HTML:
        """The supporting figures, by the seed's sections, then the signature."""
        inputs = self.result.inputs
        return HTML(
            concat(
                supporting_section(inputs.metrics, self.lang, parent=2),
                letterhead.signature(self.params, self.lang),
            )
        )

    def charts(self) -> HTML:
        """Value against target, and statuses per pillar."""
        assessments = self.shown.assessments
        return HTML(
            concat(
                charts.value_target_chart(assessments, self.lang),
                charts.status_counts_chart(
                    assessments, self.result.inputs.catalog.pillars, self.lang
                ),
            )
        )

    def appendix(self) -> HTML:
        """Appendix I laid out as the seed's."""
        appendix = build_appendix(self.shown, self.lang, draft=self.draft)
        return HTML(sections.appendix_section(appendix))

    def quality_statement(self) -> HTML:
        """The body's one sentence on the checks, closing section 1 (waits for the checks)."""
        return HTML(sections.quality_statement_section(self.validation, self.lang))

    def quality(self) -> HTML:
        """The technical annex, after Appendix I: its heading, every finding and every check."""
        return HTML(sections.quality_section(self.validation, self.lang, params=self.params))

    def provenance(self) -> HTML:
        """The method in a sentence, the input files (the earlier periods' included) with
        checksums, the software versions."""
        inputs = self.result.inputs
        files = [*inputs.input_files, *self.history.files]
        checksums = file_checksums(files, inputs.project.root)
        return HTML(sections.provenance_section(checksums, package_versions(), self.lang))

    def write_outputs(self, output_dir: str) -> None:
        """Write ``attainment.csv``, ``progress.csv`` and ``validation.json`` to ``output_dir``
        ("": nothing)."""
        if not output_dir:
            return
        folder = Path(output_dir)
        table = attainment_table(self.shown.assessments, self.lang)
        atomic_write_bytes(folder / ATTAINMENT_FILE, csv_bytes(table))
        atomic_write_bytes(folder / PROGRESS_FILE, csv_bytes(self.progress_frame()))
        document = validation_document(self.validation.to_dict(), self.params)
        atomic_write_text(folder / VALIDATION_FILE, document)
        atomic_write_text(folder / TIMINGS_FILE, json.dumps(self.timings))

    # The period for analysts (notebooks/02-explore-period.ipynb): tables with numbers as
    # numbers, what-ifs and the charts as figures. Nothing here is part of the report.

    def attainment_frame(self) -> pd.DataFrame:
        """Each indicator's value and target as floats, and its status, as the report shows them
        (see :func:`dtreport.run.explore.attainment_frame`)."""
        return explore.attainment_frame(self.shown.assessments, self.lang)

    def findings_frame(self) -> pd.DataFrame:
        """Every finding of every check, critical ones included: a period the report refuses
        is explored all the same (see :func:`dtreport.run.explore.findings_frame`)."""
        try:
            report = self.validation
        except ValidationFailed:
            # The checks' results were kept before their critical findings were raised.
            report = self._checked[0]
        return explore.findings_frame(report.findings, self.lang)

    def metrics_frame(self) -> pd.DataFrame:
        """The supporting figures (``metrics.csv``), values as floats; empty when there are none
        (see :func:`dtreport.run.explore.supporting_frame`)."""
        return explore.supporting_frame(self.result.inputs.metrics, self.lang)

    def what_if(self, indicator_id: str, value_text: str) -> pd.DataFrame:
        """The status ``indicator_id`` would have with ``value_text`` (e.g. ``"55%"``), beside
        the one it has: one row (see :func:`dtreport.run.explore.what_if`)."""
        return explore.what_if(self.result, indicator_id, value_text, self.lang)

    def chart_figures(self) -> tuple[Figure, Figure]:
        """The report's two charts as matplotlib figures: value against target, statuses per
        pillar. A cell that returns one shows it."""
        assessments = self.shown.assessments
        pillars = self.result.inputs.catalog.pillars
        return (
            charts.value_target_figure(assessments, self.lang),
            charts.status_counts_figure(assessments, pillars, self.lang),
        )

    # Periods over time: the earlier periods of the same unit and catalogue, the changes in
    # section 1, Appendix II and progress.csv (docs/methodology.md, "Trajectory").

    @property
    def history(self) -> History:
        """The earlier periods (:func:`dtreport.inputs.history.load_history`), read once."""
        if not self._history:
            inputs = self.result.inputs
            self._history.append(load_history(inputs.project, inputs.params))
        return self._history[0]

    @property
    def progress(self) -> list[Trajectory]:
        """Each indicator's trajectory, from the values the report shows and the history."""
        return trajectories(self.shown, self.history)

    def changes(self) -> HTML:
        """Section 1's changes against the previous period and a year earlier, and chart 3;
        nothing when there is no earlier period."""
        shown, history = self.shown, self.history
        if not history.periods:
            return HTML(Markup(""))
        points = indicator_points(shown, history)
        chart = charts.trend_chart(shown.assessments, points, self.lang)
        return HTML(progress.changes_section(shown, self.progress, history, chart, self.lang))

    def progress_appendix(self) -> HTML:
        """Appendix II: progress towards the latest targets, both measures side by side."""
        appendix = progress.build_progress_appendix(
            self.shown, self.progress, self.history, self.lang
        )
        return HTML(progress.progress_appendix_section(appendix))

    def progress_frame(self) -> pd.DataFrame:
        """The table ``progress.csv`` holds: one row per indicator (see
        :func:`dtreport.method.progress.progress_frame`)."""
        return progress_frame(self.progress)

    def history_frame(self, indicator_id: str) -> pd.DataFrame:
        """One indicator's value in each period, oldest first, with its change (see
        :func:`dtreport.run.explore.history_frame`)."""
        points = indicator_points(self.shown, self.history)
        return explore.history_frame(self.result, indicator_id, points, self.lang)

    def trend_figure(self) -> Figure:
        """The report's chart 3 as a matplotlib figure: every indicator over the periods."""
        points = indicator_points(self.shown, self.history)
        return charts.trend_figure(self.shown.assessments, points, self.lang)
