"""The ``dtreport`` command line.

Exit codes: 0 success; 1 the inputs are wrong (bad file, critical finding),
nothing was written; 2 the command line is wrong; 3 executing or rendering
failed, the previous report was kept; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.errors import DtreportError, PipelineError

if TYPE_CHECKING:
    import pandas as pd
from dtreport.paths import Project

__all__ = ["main"]

EXIT_INPUT, EXIT_USAGE, EXIT_PIPELINE = 1, 2, 3


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, help="project folder (default: found from here)")


def _add_period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("period", help="period id: 2024, 2024-H1, 2024-Q3 or 2024-06")
    parser.add_argument("--params", type=Path, help="params file (default params/<period>.yaml)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per task."""
    parser = argparse.ArgumentParser(prog="dtreport", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    attainment = sub.add_parser("attainment", help="compute attainment and write attainment.csv")
    _add_period(attainment)
    attainment.add_argument("--lang", choices=("vi", "en"), help="language of names and labels")
    attainment.add_argument("--output", type=Path, help="output folder (default output/)")
    _add_common(attainment)

    template = sub.add_parser("template", help="write a pre-filled indicators.xlsx for a period")
    template.add_argument("period")
    template.add_argument("--catalog", default="qd749", help="catalogue id (default qd749)")
    template.add_argument("--force", action="store_true", help="replace an existing template")
    _add_common(template)

    from dtreport.commands import add_pipeline_commands

    add_pipeline_commands(sub, _add_period, _add_common)
    return parser


def _attainment(args: argparse.Namespace) -> int:
    from dtreport.attainment import attainment_table
    from dtreport.findings import raise_for_critical
    from dtreport.inputs import evaluate, load_period
    from dtreport.publish import atomic_write_text

    project = Project.find(args.root)
    inputs = load_period(project, args.period, args.params)
    result = evaluate(inputs)
    raise_for_critical(result.findings, str(inputs.indicator_file))
    lang = args.lang or inputs.params.lang
    table = attainment_table(result.assessments, lang)
    out = project.period_output_dir(inputs.period, args.output) / "attainment.csv"
    atomic_write_text(out, table.to_csv(index=False, lineterminator="\n"))
    for finding in result.findings:
        print(finding, file=sys.stderr)
    print(_format_table(table))
    print()
    print(result.sentence(lang))
    print(f"\nwritten: {out}")
    return 0


def _format_table(table: pd.DataFrame) -> str:
    shown = table[["indicator_id", "pillar", "value_text", "target_text", "status_label"]].copy()
    shown["value_text"] = shown["value_text"].map(lambda t: t if len(t) <= 28 else t[:27] + "…")
    return shown.to_string(index=False)


def _template(args: argparse.Namespace) -> int:
    from dtreport.catalog import load_catalog
    from dtreport.period import parse_period
    from dtreport.template import write_template

    project = Project.find(args.root)
    period = parse_period(args.period)
    catalog = load_catalog(project.catalog_dir, args.catalog)
    path = write_template(
        project.period_data_dir(period) / "indicators.xlsx", catalog, period, args.force
    )
    print(f"written: {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    handlers = {"attainment": _attainment, "template": _template}
    from dtreport.commands import PIPELINE_HANDLERS

    handlers.update(PIPELINE_HANDLERS)
    try:
        return handlers[args.command](args)
    except PipelineError as exc:
        print(f"dtreport: error: {exc}", file=sys.stderr)
        return EXIT_PIPELINE
    except DtreportError as exc:
        print(f"dtreport: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("dtreport: interrupted; nothing was published", file=sys.stderr)
        return 130


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """The console script: run, then leave without tearing down the interpreter.

    Every output is written and renamed into place before ``main`` returns, so the
    half second Python spends finalising Great Expectations, pandas and the kernel
    client buys nothing; standard streams are flushed first.
    """
    # A scheduler stops a job with SIGTERM: unwind like Ctrl-C, so the staging folder
    # is removed and the previous report stays in place.
    signal.signal(signal.SIGTERM, _interrupt)
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
