"""The ``dtreport`` command line: one module per command, sharing ``common``.

Exit codes (README, "Exit codes"): 0 success; 1 the inputs are wrong, nothing was
published; 2 the command line is wrong; 3 executing or rendering failed, the previous
report was kept; 4 an output could not be written (disk full, read-only, permissions);
5 the report was published as a draft; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence

from dtreport.cli import attainment, listing, render, rollup, run, template, validate
from dtreport.cli.common import Parents
from dtreport.errors import (
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_PIPELINE,
    DtreportError,
    exit_code,
)
from dtreport.paths import Project

__all__ = [
    "attainment",
    "build_parser",
    "common",
    "console",
    "listing",
    "main",
    "render",
    "rollup",
    "run",
    "template",
    "validate",
]

COMMANDS = (run, validate, attainment, template, listing, render, rollup)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per module."""
    parser = argparse.ArgumentParser(prog="dtreport", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parents = Parents()
    for command in COMMANDS:
        command.add(sub, parents)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. No traceback ever reaches the user."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("dtreport: interrupted; nothing was published", file=sys.stderr)
        return EXIT_INTERRUPTED
    except DtreportError as exc:
        print(f"dtreport: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except OSError as exc:
        where = f"{Project.find(args.root).shown(exc.filename)}: " if exc.filename else ""
        print(f"dtreport: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except Exception as exc:  # a defect: say so in one line, never as a traceback
        print(f"dtreport: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_PIPELINE


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def console() -> None:
    """The console script: run, then leave without tearing down the interpreter.

    Every output is written and renamed into place before ``main`` returns, so the
    half second Python spends finalising Great Expectations, pandas and the kernel
    client buys nothing; standard streams are flushed first.
    """
    # A scheduler stops a job with SIGTERM: unwind like Ctrl-C, so the staging folder
    # is removed and the previous report stays in place.
    signal.signal(signal.SIGTERM, _interrupt)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = code or EXIT_OUTPUT
    os._exit(code)
