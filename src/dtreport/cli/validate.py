"""``dtreport validate``: a period's data checks alone, every finding listed (and saved)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dtreport.cli.common import Parents, locate_params, overrides
from dtreport.paths import Project

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``validate``."""
    validate = sub.add_parser(
        "validate",
        parents=[parents.period, parents.params, parents.lang, parents.unit, parents.root],
        help="run a period's data checks alone",
    )
    validate.add_argument("--json", type=Path, help="also write the results (validation.json)")
    validate.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check a period; exit 1 on a critical finding."""
    from dtreport.checks.period_checks import validate_inputs
    from dtreport.inputs.period_data import load_period
    from dtreport.outputs.publish import atomic_write_text
    from dtreport.run.handoff import validation_document

    project = Project.find(args.root)
    params_file = locate_params(project, args.period, args.params, args.unit)
    inputs = load_period(project, args.period.id, params_file, overrides(args.lang), args.unit)
    report = validate_inputs(inputs)
    if args.json:
        atomic_write_text(args.json, validation_document(report.to_dict(), inputs.params))
    from dtreport.findings import listing

    if report.findings:
        print(listing(report.findings, limit=len(report.findings) if args.json else 50))
    passed = sum(o.success for o in report.outcomes)
    print(
        f"{passed} of {len(report.outcomes)} checks passed; "
        f"{len(report.critical)} critical finding(s), "
        f"{sum(f.severity == 'warning' for f in report.findings)} warning(s)"
    )
    return 1 if report.critical else 0
