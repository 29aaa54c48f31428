"""A period's data checks: the tables each suite in ``expectations/`` runs on, and the order.

One suite per dataset: the catalogue, a period's indicators, its params and
its supporting figures. Each input becomes a table with one checked row per
row of its file (``row`` is the file's row number), so every failed
expectation becomes a finding with the file, row and column it is about; the
loaders' own findings are merged in, so each problem is listed once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dtreport.checks.suites import validate_with_suite
from dtreport.checks.validation import ValidationReport
from dtreport.errors import DtreportError
from dtreport.findings import Finding, Severity
from dtreport.inputs.catalog import catalog_path
from dtreport.inputs.history import load_history
from dtreport.inputs.metrics import SECTIONS, metrics_frame
from dtreport.inputs.numbers import Unit
from dtreport.inputs.params import ReportParams, key_line
from dtreport.inputs.period_data import PeriodInputs, load_period
from dtreport.inputs.tables import Table, read_table
from dtreport.inputs.target import Direction, parse_target
from dtreport.method.evaluation import evaluate
from dtreport.paths import Project
from dtreport.period import Period
from dtreport.status import Status, parse_status

__all__ = [
    "GRACE_DAYS",
    "ValidationReport",
    "check_catalog",
    "check_period",
    "validate_inputs",
    "validate_period",
]

# How long after a period ends its estimate date (as_of) may lie.
GRACE_DAYS = 62


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


def check_catalog(project: Project, catalog_id: str) -> ValidationReport:
    """Run the catalogue suite on the raw catalogue file (before it is loaded)."""
    path = catalog_path(project.catalog_dir, catalog_id)
    table = read_table(path, project.root)
    findings, outcomes = validate_with_suite(
        project.expectations_dir / "catalog.yaml", catalog_frame(table), table.name
    )
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
    offset = (params.as_of - params.parsed_period.start).days
    line = key_line(params_file, "as_of")
    return pd.DataFrame(
        [{"row": line, "as_of_offset_days": offset, "text": params.as_of.isoformat()}]
    )


def _as_of_max(period: Period) -> int:
    return (period.end - period.start).days + GRACE_DAYS


def check_period(inputs: PeriodInputs, findings: Sequence[Finding]) -> ValidationReport:
    """Run a period's indicator and params suites; ``findings`` are from reading and assessing."""
    report = ValidationReport()
    report.merge(findings)
    period = inputs.period
    # Any catalogue id is known (id_known); only those that apply to the period are expected
    # (all_present): an indicator past its validity is not missed when it is absent.
    ids = [i.id for i in inputs.catalog.indicators]
    applicable = [i.id for i in inputs.catalog.applicable(period)]
    reported = {r.get("indicator_id") for r in inputs.table.rows}
    missing = [i for i in applicable if i not in reported]
    codes = [s.value for s in Status]
    found, outcomes = validate_with_suite(
        inputs.project.expectations_dir / "indicators.yaml",
        indicators_frame(inputs, findings),
        inputs.table.name,
        {"catalog_ids": ids, "applicable_ids": applicable, "status_codes": codes},
        {"missing": ", ".join(missing)},
    )
    report.merge(found)
    report.outcomes.extend(outcomes)
    found, outcomes = validate_with_suite(
        inputs.project.expectations_dir / "params.yaml",
        params_frame(inputs.params, inputs.params_file),
        inputs.project.shown(inputs.params_file),
        {"as_of_max_offset": _as_of_max(period)},
        {"period": period.id},
    )
    report.merge(found)
    report.outcomes.extend(outcomes)
    if inputs.metric_file is not None and inputs.metrics:
        found, outcomes = validate_with_suite(
            inputs.project.expectations_dir / "metrics.yaml",
            metrics_frame(inputs.metrics, inputs.params.lang),
            inputs.project.shown(inputs.metric_file),
            {"sections": list(SECTIONS)},
        )
        report.merge(found)
        report.outcomes.extend(outcomes)
    _sort(report)
    return report


def _sort(report: ValidationReport) -> None:
    order = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
    report.findings.sort(key=lambda f: order[f.severity])


def validate_inputs(inputs: PeriodInputs) -> ValidationReport:
    """Every check of a period's loaded inputs: the catalogue suite, then the period's suites.

    The checks run on ``inputs.params`` as loaded, overrides included, so they describe
    the values the report shows. Earlier periods that cannot be read are warnings
    (:func:`dtreport.inputs.history.load_history`).
    """
    report = check_catalog(inputs.project, inputs.params.catalog)
    if report.critical:
        return report
    period_report = check_period(inputs, evaluate(inputs).findings)
    report.merge(period_report.findings)
    report.outcomes.extend(period_report.outcomes)
    # An earlier period that cannot be read drops out of the changes and Appendix II; the
    # report says which, as it says every other warning.
    report.merge(load_history(inputs.project, inputs.params).findings)
    _sort(report)
    return report


def validate_period(
    project: Project,
    period_id: str,
    params_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> ValidationReport:
    """Every check of a period, with ``overrides`` of its params applied (see validate_inputs)."""
    return validate_inputs(load_period(project, period_id, params_file, overrides))
