"""``dtreport run``: check, execute, render and publish a period's report (or every period)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.cli.common import FORMATS, Parents, all_reports, formats, locate_params, positive
from dtreport.cli.common import period as _period_type
from dtreport.errors import EXIT_DRAFT, EXIT_OK, UsageError
from dtreport.paths import Project

if TYPE_CHECKING:
    from dtreport.run.pipeline import PublishedReport

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``run``."""
    run = sub.add_parser(
        "run",
        parents=[parents.params, parents.lang, parents.unit, parents.root],
        help="check, execute and render a period's report",
    )
    run.add_argument(
        "period", nargs="?", type=_period_type, help="period id, e.g. 2024-H1 (or --all)"
    )
    run.add_argument(
        "--all", action="store_true",
        help="run every params/*.yaml and params/*/*.yaml (with --unit: the unit's only)",
    )  # fmt: skip
    run.add_argument("--jobs", type=positive, default=1,
                     help="with --all: reports built at once, each worker a process that "
                          "imports once (a local Dask cluster when above 1)")  # fmt: skip
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="with --all: send the reports to this Dask scheduler's workers, "
                          "which see the project at the same path")  # fmt: skip
    run.add_argument("--formats", type=formats, default=list(FORMATS),
                     help="comma-separated: html,pdf,xlsx,docx")  # fmt: skip
    run.add_argument("--draft", action="store_true",
                     help="render despite critical findings, marked draft (exit 5)")  # fmt: skip
    run.add_argument("--output", type=Path, help="output folder (default output/)")
    run.add_argument("--timeout", type=positive, default=600,
                     help="seconds a notebook cell may take")  # fmt: skip
    run.add_argument("--quiet", action="store_true",
                     help="print nothing when all went well (for cron's MAILTO)")  # fmt: skip
    run.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run one period, or every period with ``--all`` (of ``--unit`` only, when given).

    The exit code says how it went.
    """
    from dtreport.run.pipeline import build_report

    project = Project.find(args.root)
    if args.all:
        if args.period or args.params:
            raise UsageError(
                "--all runs every params/*.yaml and params/*/*.yaml: give no period or "
                "--params with it"
            )
        return _run_all(project, args)
    if args.scheduler:
        raise UsageError("--scheduler sends the reports of --all to a cluster: give --all with it")
    if not args.period:
        raise UsageError("give a period id (e.g. 2024-H1) or --all")
    params_file = locate_params(project, args.period, args.params, args.unit)
    result = build_report(
        project, args.period.id, unit=args.unit, params_file=params_file, lang=args.lang,
        formats=args.formats, draft=args.draft, output_dir=args.output, timeout=args.timeout,
    )  # fmt: skip
    code = EXIT_DRAFT if result.draft else EXIT_OK
    if not (args.quiet and code == EXIT_OK and not result.warnings):
        _print_result(project, result)
    return code


def _print_result(project: Project, result: PublishedReport) -> None:
    from dtreport.run.outcome import report_lines

    for line in report_lines(project, result):
        print(line)


def _run_all(project: Project, args: argparse.Namespace) -> int:
    """Every report on warm workers (``run.batch``); a failure does not stop the others."""
    from dtreport.run.batch import JobOutcome, ReportJob, carried_env, run_batch

    reports = all_reports(project, args.unit or None)
    output = str(args.output.resolve()) if args.output else None
    options = {"lang": args.lang, "formats": tuple(args.formats), "draft": args.draft,
               "output_dir": output, "timeout": args.timeout, "env": carried_env()}  # fmt: skip
    jobs = [ReportJob(str(project.root), unit, period, **options) for unit, period in reports]

    def progress(outcome: JobOutcome, count: int, total: int) -> None:
        if not args.quiet:
            print(f"[{count}/{total}] {outcome.job.name}: {_state(outcome.code)} in "
                  f"{outcome.seconds:.1f} s", flush=True)  # fmt: skip

    outcomes = run_batch(jobs, workers=args.jobs, scheduler=args.scheduler, progress=progress)
    worst = max((o.code for o in outcomes), default=EXIT_OK, key=_severity)
    warned = any("warning(s)" in line for o in outcomes for line in o.lines)
    if args.quiet and worst == EXIT_OK and not warned:
        return EXIT_OK
    # A unit's report is named unit/period; the column is as wide as the longest name.
    width = max([11, *(len(o.job.name) for o in outcomes)])
    print(f"\n{'report':<{width}} result   seconds")
    for outcome in sorted(outcomes, key=lambda o: o.job.name):
        print(f"{outcome.job.name:<{width}} {_state(outcome.code):<8} {outcome.seconds:7.1f}")
        detail = [line for line in outcome.lines if not line.startswith("written: ")]
        if detail:
            print("  " + "\n".join(detail).replace("\n", "\n  "))
    failed = sum(o.failed for o in outcomes)
    drafts = sum(o.code == EXIT_DRAFT for o in outcomes)
    print(f"{len(outcomes)} report(s): {len(outcomes) - failed - drafts} published, "
          f"{drafts} as draft, {failed} failed")  # fmt: skip
    return worst


def _state(code: int) -> str:
    return {EXIT_OK: "ok", EXIT_DRAFT: "DRAFT"}.get(code, f"FAILED ({code})")


def _severity(code: int) -> int:
    """Which of several exit codes a batch reports: any failure over a draft over success."""
    return 0 if code == EXIT_OK else 1 if code == EXIT_DRAFT else 2
