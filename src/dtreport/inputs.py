"""Loading one period's inputs: its params, its catalogue and its reported indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dtreport.attainment import Assessment, assess_all
from dtreport.catalog import Catalog, load_catalog
from dtreport.findings import Finding
from dtreport.indicators import ReportedIndicator, find_indicator_file, read_indicators
from dtreport.metrics import Metric, find_metric_file, read_metrics
from dtreport.params import ReportParams, params_for
from dtreport.paths import Project
from dtreport.period import Period
from dtreport.summary import Summary, summarise, summary_sentence
from dtreport.tables import Table, read_table

__all__ = ["PeriodInputs", "PeriodResult", "evaluate", "load_period"]


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

    def sentence(self, lang: str) -> str:
        """The summary sentence in ``lang``."""
        params, catalog = self.inputs.params, self.inputs.catalog
        if lang == "vi":
            subject = params.province or params.reporting_unit
        else:
            subject = params.province_en or params.reporting_unit_en or params.reporting_unit
        return summary_sentence(self.summary, catalog.title(lang) or catalog.id, subject, lang)


def load_period(project: Project, period_id: str, params_file: Path | None = None) -> PeriodInputs:
    """Read a period's params, catalogue and indicator file."""
    params = params_for(project, period_id, params_file)
    period = params.parsed_period
    catalog = load_catalog(project.catalog_dir, params.catalog)
    indicator_file = find_indicator_file(project.period_data_dir(period))
    table = read_table(indicator_file)
    reported, findings = read_indicators(table, catalog)
    metric_file = find_metric_file(project.period_data_dir(period))
    metrics: list[Metric] = []
    if metric_file is not None:
        metrics, metric_findings = read_metrics(read_table(metric_file))
        findings += metric_findings
    return PeriodInputs(
        project,
        params,
        catalog,
        indicator_file,
        params_file or project.params_file(period),
        table,
        reported,
        findings,
        metric_file,
        metrics,
    )


def evaluate(inputs: PeriodInputs) -> PeriodResult:
    """Assess every indicator of a period and summarise."""
    assessments, findings = assess_all(inputs.catalog, inputs.reported, inputs.period)
    summary = summarise(a.status for a in assessments)
    return PeriodResult(inputs, assessments, summary, [*inputs.findings, *findings])
