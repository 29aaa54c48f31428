"""Data checks with Great Expectations: the committed suites in ``expectations/`` run on each input.

Suites are human-readable YAML (one per dataset: the catalogue, a period's
indicators, its params). They are loaded into an in-memory GX context at run
time, so nothing is left behind on disk. Every failed expectation becomes one
finding per offending row, with the file, row and column it is about; the
loaders' own findings are merged in, so each problem is listed once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from dtreport.catalog import catalog_path
from dtreport.errors import DtreportError, Location
from dtreport.findings import Finding, Severity
from dtreport.inputs import PeriodInputs, evaluate, load_period
from dtreport.metrics import SECTIONS, metrics_frame
from dtreport.numbers import Unit
from dtreport.params import ReportParams, params_for
from dtreport.paths import Project
from dtreport.period import Period
from dtreport.status import Status, parse_status
from dtreport.tables import Table, read_table
from dtreport.target import Direction, parse_target

__all__ = [
    "GRACE_DAYS",
    "Outcome",
    "ValidationReport",
    "check_catalog",
    "check_period",
    "validate_period",
]

# How long after a period ends its estimate date (as_of) may lie.
GRACE_DAYS = 62
# Growth rates outside this band (percent) are flagged; see expectations/indicators.yaml.
GROWTH_BAND = (-30, 30)


@dataclass(frozen=True)
class Outcome:
    """One expectation's result: which check, how severe, and whether it held."""

    suite: str
    check: str
    severity: Severity
    expectation: str
    column: str
    success: bool
    unexpected: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "suite": self.suite,
            "check": self.check,
            "severity": str(self.severity),
            "expectation": self.expectation,
            "column": self.column,
            "success": self.success,
            "unexpected": self.unexpected,
        }


@dataclass
class ValidationReport:
    """All findings of a run and the outcome of every expectation."""

    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def critical(self) -> list[Finding]:
        """The findings that stop publication."""
        return [f for f in self.findings if f.severity is Severity.CRITICAL]

    def merge(self, findings: Sequence[Finding]) -> None:
        """Add findings, skipping any that one already present says (same check and place)."""
        seen = {_key(f) for f in self.findings}
        for finding in findings:
            if _key(finding) not in seen:
                self.findings.append(finding)
                seen.add(_key(finding))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        """Read back the form :meth:`to_dict` writes."""
        findings = [
            Finding(
                Severity(f["severity"]),
                f["check"],
                f["message"],
                Location(f["file"], f["row"], f["column"]),
                f["indicator_id"],
            )
            for f in data["findings"]
        ]
        outcomes = [
            Outcome(
                o["suite"],
                o["check"],
                Severity(o["severity"]),
                o["expectation"],
                o["column"],
                o["success"],
                o["unexpected"],
            )
            for o in data["expectations"]
        ]
        return cls(findings, outcomes)

    def to_dict(self) -> dict[str, Any]:
        """The form saved as ``validation.json``."""
        counts = {str(s): sum(f.severity is s for f in self.findings) for s in Severity}
        return {
            "success": not self.critical,
            "counts": counts,
            "findings": [f.to_dict() for f in self.findings],
            "expectations": [o.to_dict() for o in self.outcomes],
        }


def _key(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    return (finding.check, loc.file, loc.row, loc.column)


def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _load_suite(path: Path) -> tuple[str, list[dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(data["name"]), list(data["expectations"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DtreportError(f"cannot read expectation suite: {exc}", Location(str(path))) from exc


def run_suite(
    suite_path: Path,
    frame: pd.DataFrame,
    file: Path,
    parameters: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[list[Finding], list[Outcome]]:
    """Validate ``frame`` (with a ``row`` column) against a suite; findings point into ``file``."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    name, specs = _load_suite(suite_path)
    configs = [
        ExpectationConfiguration(type=s["type"], kwargs=s["kwargs"], meta=s.get("meta", {}))
        for s in specs
    ]
    gx_context = _context()
    asset = gx_context.data_sources.add_pandas(name).add_dataframe_asset(name)
    batch = asset.add_batch_definition_whole_dataframe(name).get_batch(
        batch_parameters={"dataframe": frame}
    )
    suite = gx.ExpectationSuite(name=name, expectations=[c.to_domain_obj() for c in configs])
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["row"]},
        expectation_parameters=parameters or {},
    )
    findings: list[Finding] = []
    outcomes: list[Outcome] = []
    by_row: dict[int, dict[str, Any]] = {
        int(r["row"]): {str(k): v for k, v in r.items()}
        for r in frame.to_dict("records")
        if pd.notna(r["row"])
    }
    for item in result.results:
        config = item.expectation_config
        meta = dict(config.meta or {})
        severity = Severity(meta.get("severity", "critical"))
        check = str(meta.get("check", config.type))
        details = item.result or {}
        rows = [int(u["row"]) for u in details.get("unexpected_index_list") or [] if "row" in u]
        outcomes.append(
            Outcome(
                name,
                check,
                severity,
                config.type,
                str(meta.get("column", "")),
                bool(item.success),
                len(rows),
            )
        )
        if item.success:
            continue
        fields: dict[str, Any] = {**(context or {})}
        if not rows:
            column = str(meta.get("column", "")).format(**fields)
            message = str(meta.get("message", check)).format(**fields)
            findings.append(Finding(severity, check, message, Location(str(file), None, column)))
        for row in rows:
            record: dict[str, Any] = {**fields, **by_row.get(row, {})}
            record["value"] = record.get(config.kwargs.get("column"), "")
            column = str(meta.get("column", "")).format(**record)
            message = str(meta.get("message", check)).format(**record)
            indicator = record.get("indicator_id") or None
            findings.append(
                Finding(severity, check, message, Location(str(file), row, column), indicator)
            )
    return findings, outcomes


def catalog_frame(table: Table) -> pd.DataFrame:
    """One checked row per catalogue row, with whether its targets read."""
    target_columns = [c for c in table.columns if c.startswith("target_")]
    records = []
    for row in table.rows:
        readable, bad_column, error = True, "", ""
        try:
            unit, direction = Unit(row.get("unit")), Direction(row.get("direction"))
        except ValueError:
            unit, direction = None, None
        for column in target_columns:
            if not row.get(column) or unit is None or direction is None:
                continue
            try:
                year = int(column.removeprefix("target_"))
                parse_target(row.get(column), year, direction, unit)
            except (DtreportError, ValueError) as exc:
                message = exc.message if isinstance(exc, DtreportError) else str(exc)
                readable, bad_column, error = False, column, message
                break
        records.append(
            {
                "row": row.number,
                "indicator_id": row.get("indicator_id") or None,
                "unit": row.get("unit"),
                "direction": row.get("direction"),
                "measure": row.get("measure"),
                "targets_readable": readable,
                "target_column": bad_column,
                "target_error": error,
            }
        )
    return pd.DataFrame.from_records(records)


def check_catalog(expectations_dir: Path, catalog_dir: Path, catalog_id: str) -> ValidationReport:
    """Run the catalogue suite on the raw catalogue file (before it is loaded)."""
    path = catalog_path(catalog_dir, catalog_id)
    table = read_table(path)
    findings, outcomes = run_suite(expectations_dir / "catalog.yaml", catalog_frame(table), path)
    return ValidationReport(findings, outcomes)


def indicators_frame(inputs: PeriodInputs, findings: Sequence[Finding]) -> pd.DataFrame:
    """One checked row per row of the indicator file."""
    unreadable = {f.location.row for f in findings if f.check == "value_parses"}
    by_row = {r.location.row: r for r in inputs.reported if r.location.row is not None}
    records = []
    for row in inputs.table.rows:
        indicator_id = row.get("indicator_id")
        indicator = inputs.catalog.get(indicator_id)
        reported = by_row.get(row.number)
        number = reported.value.number if reported is not None else None
        measure = indicator.measure if indicator else None
        status_text = row.get("reported_status")
        status = parse_status(status_text) if status_text else None
        records.append(
            {
                "row": row.number,
                "indicator_id": indicator_id or None,
                "text": row.get("value"),
                "value_readable": row.number not in unreadable,
                "share_value": float(number) if number is not None and measure == "share" else None,
                "growth_value": float(number)
                if number is not None and measure == "growth"
                else None,
                "reported_status": (status.value if status else status_text) or None,
            }
        )
    frame = pd.DataFrame.from_records(records)
    for column in ("share_value", "growth_value"):
        frame[column] = frame[column].astype("float64")
    return frame


def params_frame(params: ReportParams, params_file: Path) -> pd.DataFrame:
    """The params' one checked row, pointing at the ``as_of`` line of the params file."""
    period = params.parsed_period
    line = None
    if params_file.exists():
        for number, text in enumerate(params_file.read_text(encoding="utf-8").splitlines(), 1):
            if text.startswith("as_of:"):
                line = number
    offset = (params.as_of_date - period.start).days
    return pd.DataFrame([{"row": line, "as_of_offset_days": offset, "text": params.as_of}])


def _as_of_max(period: Period) -> int:
    return (period.end - period.start).days + GRACE_DAYS


def check_period(inputs: PeriodInputs, findings: Sequence[Finding]) -> ValidationReport:
    """Run a period's indicator and params suites; ``findings`` are from reading and assessing."""
    report = ValidationReport()
    report.merge(findings)
    period = inputs.period
    ids = [i.id for i in inputs.catalog.indicators]
    missing = [i for i in ids if i not in {r.get("indicator_id") for r in inputs.table.rows}]
    codes = [s.value for s in Status]
    found, outcomes = run_suite(
        inputs.project.expectations_dir / "indicators.yaml",
        indicators_frame(inputs, findings),
        inputs.indicator_file,
        {"catalog_ids": ids, "status_codes": codes},
        {"missing": ", ".join(missing)},
    )
    report.merge(found)
    report.outcomes.extend(outcomes)
    found, outcomes = run_suite(
        inputs.project.expectations_dir / "params.yaml",
        params_frame(inputs.params, inputs.params_file),
        inputs.params_file,
        {"as_of_max_offset": _as_of_max(period)},
        {"period": period.id},
    )
    report.merge(found)
    report.outcomes.extend(outcomes)
    if inputs.metric_file is not None and inputs.metrics:
        found, outcomes = run_suite(
            inputs.project.expectations_dir / "metrics.yaml",
            metrics_frame(inputs.metrics, inputs.params.lang),
            inputs.metric_file,
            {"sections": list(SECTIONS)},
        )
        report.merge(found)
        report.outcomes.extend(outcomes)
    _sort(report)
    return report


def _sort(report: ValidationReport) -> None:
    order = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
    report.findings.sort(key=lambda f: order[f.severity])


def validate_period(
    project: Project, period_id: str, params_file: Path | None = None
) -> ValidationReport:
    """Every check of a period: the catalogue suite, then (if it passed) the period's suites."""
    params = params_for(project, period_id, params_file)
    report = check_catalog(project.expectations_dir, project.catalog_dir, params.catalog)
    if report.critical:
        return report
    inputs = load_period(project, period_id, params_file)
    period_report = check_period(inputs, evaluate(inputs).findings)
    report.merge(period_report.findings)
    report.outcomes.extend(period_report.outcomes)
    _sort(report)
    return report
