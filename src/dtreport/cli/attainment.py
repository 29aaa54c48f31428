"""``dtreport attainment``: print a period's attainment; with ``--output``, check and write it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.cli.common import Parents, locate_params, overrides
from dtreport.paths import Project

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``attainment``."""
    attainment = sub.add_parser(
        "attainment",
        parents=[parents.period, parents.params, parents.lang, parents.unit, parents.root],
        help="print a period's attainment table; with --output, check and write attainment.csv",
    )  # fmt: skip
    attainment.add_argument("--output", type=Path,
                            help="folder to write attainment.csv to, after the checks")  # fmt: skip
    attainment.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the table; write attainment.csv only where --output says, after every check."""
    from dtreport.findings import listing, raise_for_critical
    from dtreport.inputs.period_data import load_period
    from dtreport.method.attainment import attainment_table
    from dtreport.method.evaluation import evaluate

    project = Project.find(args.root)
    params_file = locate_params(project, args.period, args.params, args.unit)
    inputs = load_period(project, args.period.id, params_file, overrides(args.lang), args.unit)
    result = evaluate(inputs)
    raise_for_critical(result.findings, f"period {inputs.period.id}")
    lang = inputs.params.lang
    table = attainment_table(result.assessments, lang)
    findings = result.findings
    if args.output:
        # A file others will read is written only after every check a report passes.
        from dtreport.checks.period_checks import validate_inputs
        from dtreport.outputs.exports import csv_bytes
        from dtreport.outputs.publish import atomic_write_bytes

        report = validate_inputs(inputs)
        raise_for_critical(report.findings, f"period {inputs.period.id}")
        findings = report.findings
        out = args.output / "attainment.csv"
        atomic_write_bytes(out, csv_bytes(table))
    if findings:
        print(listing(findings), file=sys.stderr)
    print(_format_table(table))
    print()
    print(result.sentence(lang))
    if args.output:
        print(f"\nwritten: {project.shown(out)}")
    return 0


def _format_table(table: pd.DataFrame) -> str:
    shown = table[["indicator_id", "pillar", "value_text", "target_text", "status_label"]].copy()
    shown["value_text"] = shown["value_text"].map(lambda t: t if len(t) <= 28 else t[:27] + "…")
    return shown.to_string(index=False)
