"""Loading one period's inputs: its params, its catalogue and its reported indicators."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dtreport.attainment import Assessment, assess_all
from dtreport.catalog import Catalog, catalog_path, load_catalog
from dtreport.errors import PeriodError
from dtreport.findings import Finding, Severity
from dtreport.indicators import ReportedIndicator, find_indicator_file, read_indicators
from dtreport.lang import Lang
from dtreport.metrics import Metric, find_metric_file, read_metrics
from dtreport.params import ReportParams, key_line, params_for
from dtreport.paths import Project
from dtreport.period import Period
from dtreport.status import Status
from dtreport.summary import Summary, summarise, summary_sentence
from dtreport.tables import Table, read_table

__all__ = ["PeriodInputs", "PeriodResult", "evaluate", "load_inputs", "load_period", "withhold"]


@dataclass(frozen=True)
class PeriodInputs:
    """Everything read for one period, and the findings reading produced."""

    project: Project
    params: ReportParams
    catalog: Catalog
    indicator_file: Path
    params_file: Path
    table: Table
    reported: list[ReportedIndicator]
    findings: list[Finding]
    metric_file: Path | None = None
    metrics: list[Metric] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.params.parsed_period

    @property
    def input_files(self) -> list[Path]:
        """Every file the report is computed from (for checksums and provenance)."""
        files = [self.params_file, self.catalog.path, self.indicator_file]
        if self.metric_file is not None:
            files.append(self.metric_file)
        meta = self.catalog.path.with_suffix(".yaml")
        return files + ([meta] if meta.exists() else [])


@dataclass(frozen=True)
class PeriodResult:
    """A period's attainment: each indicator's assessment, the summary and all findings."""

    inputs: PeriodInputs
    assessments: list[Assessment]
    summary: Summary
    findings: list[Finding]

    def sentence(self, lang: Lang) -> str:
        """The summary sentence in ``lang``."""
        params, catalog = self.inputs.params, self.inputs.catalog
        if lang == "vi":
            subject = params.province or params.reporting_unit
        else:
            subject = params.province_en or params.reporting_unit_en or params.reporting_unit
        return summary_sentence(self.summary, catalog.title(lang) or catalog.id, subject, lang)


def load_period(
    project: Project,
    period_id: str,
    params_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> PeriodInputs:
    """Read a period's params (with ``overrides`` applied and checked), catalogue and data."""
    params = params_for(project, period_id, params_file, overrides)
    return load_inputs(project, params, params_file or project.params_file(params.parsed_period))


def load_inputs(project: Project, params: ReportParams, params_file: Path) -> PeriodInputs:
    """Read the catalogue and the data files that checked ``params`` point at."""
    period = params.parsed_period
    path = catalog_path(project.catalog_dir, params.catalog)
    if not path.exists():
        raise PeriodError.at(
            f"catalog {params.catalog!r} does not exist: there is no "
            f"{project.shown(path)} (catalogues: {', '.join(_catalogues(project)) or 'none'})",
            project.shown(params_file),
            row=key_line(params_file, "catalog"),
            column="catalog",
        )
    catalog = load_catalog(project.catalog_dir, params.catalog, project.root)
    period_dir = project.period_data_dir(period)
    indicator_file = find_indicator_file(period_dir, project.root)
    table = read_table(indicator_file, project.root)
    reported, findings = read_indicators(table, catalog)
    metric_file = find_metric_file(period_dir, project.root)
    metrics: list[Metric] = []
    if metric_file is not None:
        metric_table = read_table(metric_file, project.root)
        metric_table.require_rows()
        metrics, metric_findings = read_metrics(metric_table)
        findings += metric_findings
    return PeriodInputs(
        project,
        params,
        catalog,
        indicator_file,
        params_file,
        table,
        reported,
        findings,
        metric_file,
        metrics,
    )


def _catalogues(project: Project) -> list[str]:
    return sorted(p.stem for p in project.catalog_dir.glob("*.csv"))


def withhold(result: PeriodResult, findings: Iterable[Finding]) -> PeriodResult:
    """The result a draft shows: an indicator with a critical finding gets no status.

    A draft is rendered despite critical findings; its counts, charts and appendix must
    not present a value that failed a check (175% for a share) as achieved.
    """
    failed = {f.indicator_id for f in findings if f.severity is Severity.CRITICAL}
    if not failed & {a.indicator.id for a in result.assessments}:
        return result
    assessments = [
        replace(a, status=Status.NOT_ASSESSED, assessed_by_unit=False, withheld=True)
        if a.indicator.id in failed
        else a
        for a in result.assessments
    ]
    summary = summarise(a.status for a in assessments)
    return replace(result, assessments=assessments, summary=summary)


def evaluate(inputs: PeriodInputs) -> PeriodResult:
    """Assess every indicator of a period and summarise."""
    assessments, findings = assess_all(inputs.catalog, inputs.reported, inputs.period)
    summary = summarise(a.status for a in assessments)
    return PeriodResult(inputs, assessments, summary, [*inputs.findings, *findings])
