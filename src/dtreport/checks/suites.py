"""Running a Great Expectations suite on a table and turning its results into findings.

A suite is a committed YAML file in ``expectations/``: a name and a list of
expectations (``type``, ``kwargs``, ``meta``). ``meta`` says which check it is,
how severe a failure is, which input column a finding points at and the
message, with ``{placeholders}`` filled from the offending row. Suites run on an
in-memory GX context, so nothing is left behind on disk or in the home folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from dtreport.checks.validation import Outcome
from dtreport.errors import DtreportError, Location
from dtreport.findings import Finding, Severity

__all__ = ["validate_with_suite"]


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
        raise DtreportError(f"cannot read expectation suite: {exc}", Location(path.name)) from exc


def _finding(
    meta: dict[str, Any],
    severity: Severity,
    check: str,
    values: dict[str, Any],
    where: Location,
) -> Finding:
    """A finding worded by the expectation's ``meta`` templates, filled from ``values``."""
    column = str(meta.get("column", "")).format(**values)
    message = str(meta.get("message", check)).format(**values)
    message_vi = str(meta.get("message_vi", "")).format(**values)
    return Finding(
        severity,
        check,
        message,
        Location(where.file, where.row, column),
        values.get("indicator_id") or None,
        message_vi,
    )


def validate_with_suite(
    suite_path: Path,
    frame: pd.DataFrame,
    file: str,
    parameters: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[list[Finding], list[Outcome]]:
    """Validate ``frame`` (with a ``row`` column) against a suite; findings point into ``file``.

    ``file`` is the input as messages name it (relative to the project).
    """
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
            findings.append(_finding(meta, severity, check, fields, Location(file)))
        for row in rows:
            record: dict[str, Any] = {**fields, **by_row.get(row, {})}
            record["value"] = record.get(config.kwargs.get("column"), "")
            findings.append(_finding(meta, severity, check, record, Location(file, row)))
    return findings, outcomes
