"""Loading one period's inputs: its params, its catalogue and its reported indicators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtreport.errors import PeriodError
from dtreport.findings import Finding
from dtreport.inputs.catalog import Catalog, catalog_path, load_catalog
from dtreport.inputs.indicators import ReportedIndicator, find_indicator_file, read_indicators
from dtreport.inputs.metrics import Metric, find_metric_file, read_metrics
from dtreport.inputs.params import ReportParams, key_line, params_for, report_unit
from dtreport.inputs.tables import Table, read_table
from dtreport.inputs.units import REGISTRY_FILE
from dtreport.paths import Project
from dtreport.period import Period

__all__ = ["PeriodInputs", "load_inputs", "load_period"]


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
    # The unit whose folders were read (params/<unit>/, data/<unit>/); "" for the default one.
    unit: str = ""

    @property
    def period(self) -> Period:
        return self.params.parsed_period

    @property
    def input_files(self) -> list[Path]:
        """Every file the report is computed from (for checksums and provenance)."""
        files = [self.params_file, self.catalog.path, self.indicator_file]
        if self.metric_file is not None:
            files.append(self.metric_file)
        if self.params.unit:
            # The unit's names on the letterhead, and its validity, come from the registry.
            files.append(self.project.data_dir / REGISTRY_FILE)
        meta = self.catalog.path.with_suffix(".yaml")
        return files + ([meta] if meta.exists() else [])


def load_period(
    project: Project,
    period_id: str,
    params_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    unit: str = "",
) -> PeriodInputs:
    """Read a period's params (with ``overrides`` applied and checked), catalogue and data.

    ``unit`` reads ``params/<unit>/<period>.yaml`` and ``data/<unit>/<period>/``; without
    it, the single-unit layout (``params/<period>.yaml``, ``data/<period>/``) unless the
    params file lies in a unit's folder (see :func:`report_unit`).
    """
    layout = report_unit(project, params_file, unit, overrides)
    params = params_for(project, period_id, params_file, overrides, unit=layout)
    path = params_file or project.params_file(params.parsed_period, layout)
    return load_inputs(project, params, path, unit=layout)


def load_inputs(
    project: Project, params: ReportParams, params_file: Path, unit: str = ""
) -> PeriodInputs:
    """Read the catalogue and the data files that checked ``params`` point at (of ``unit``)."""
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
    period_dir = project.period_data_dir(period, unit)
    indicator_file = find_indicator_file(period_dir, project.root)
    table = read_table(indicator_file, project.root)
    reported, findings = read_indicators(table, catalog, period)
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
        unit,
    )


def _catalogues(project: Project) -> list[str]:
    return sorted(p.stem for p in project.catalog_dir.glob("*.csv"))
