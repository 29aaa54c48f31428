"""``dtreport run``: check, execute, render and publish a period's report (or every period)."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.cli.common import FORMATS, Parents, formats, known_periods, locate_params, positive
from dtreport.cli.common import period as _period_type
from dtreport.errors import EXIT_DRAFT, EXIT_OK, UsageError
from dtreport.paths import Project

if TYPE_CHECKING:
    from dtreport.run.pipeline import PublishedReport

__all__ = ["add", "headline"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``run``."""
    run = sub.add_parser(
        "run",
        parents=[parents.params, parents.lang, parents.root],
        help="check, execute and render a period's report",
    )
    run.add_argument(
        "period", nargs="?", type=_period_type, help="period id, e.g. 2024-H1 (or --all)"
    )
    run.add_argument("--all", action="store_true", help="run every params/*.yaml")
    run.add_argument("--jobs", type=positive, default=1, help="periods run at once with --all")
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
    """Run one period, or every period with ``--all``; the exit code says how it went."""
    from dtreport.run.pipeline import build_report

    project = Project.find(args.root)
    if args.all:
        if args.period or args.params:
            raise UsageError("--all runs every params/*.yaml: give no period or --params with it")
        return _run_all(project, args)
    if not args.period:
        raise UsageError("give a period id (e.g. 2024-H1) or --all")
    params_file = locate_params(project, args.period, args.params)
    result = build_report(
        project, args.period.id, params_file=params_file, lang=args.lang,
        formats=args.formats, draft=args.draft, output_dir=args.output, timeout=args.timeout,
    )  # fmt: skip
    code = EXIT_DRAFT if result.draft else EXIT_OK
    if not (args.quiet and code == EXIT_OK and not result.warnings):
        _print_result(project, result)
    return code


def _print_result(project: Project, result: PublishedReport) -> None:
    from dtreport.findings import listing

    for path in result.files:
        print(f"written: {project.shown(path)}")
    if result.critical:
        print(f"{len(result.critical)} critical finding(s), rendered as a draft:")
        print(listing(result.critical))
    if result.warnings:
        print(f"{len(result.warnings)} warning(s), shown in the report's data-quality section:")
        print(listing(result.warnings))
    print(headline(project, result))


def headline(project: Project, result: PublishedReport) -> str:
    """The last line of a run: the period, what it achieved, and where to look."""
    summary = result.result.summary
    rest = [
        f"{n} {status.label('en').lower()}"
        for status, n in summary.counts.items()
        if n and status.value not in ("exceeded", "met")
    ]
    counts = f"{summary.achieved} of {summary.total} achieved" + "".join(f", {r}" for r in rest)
    draft = "DRAFT (BẢN NHÁP), " if result.draft else ""
    warnings = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    page = project.shown(result.folder / "report.html")
    return f"{result.folder.name}: {draft}{counts}{warnings}; {page}"


def _run_all(project: Project, args: argparse.Namespace) -> int:
    """Each period in its own process (its own kernel); a failure does not stop the others."""
    periods = known_periods(project)
    passthrough = ["--root", str(project.root), "--formats", ",".join(args.formats),
                   "--timeout", str(args.timeout)]  # fmt: skip
    if args.lang:
        passthrough += ["--lang", args.lang]
    if args.draft:
        passthrough.append("--draft")
    if args.output:
        passthrough += ["--output", str(args.output)]

    def one(period: str) -> tuple[str, int, float, str, str]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "dtreport.cli", "run", period, *passthrough],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        return period, done.returncode, seconds, done.stdout.strip(), done.stderr.strip()

    results = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(one, p) for p in periods]
        for count, future in enumerate(as_completed(futures), start=1):
            period, code, seconds, out, err = future.result()
            results.append((period, code, seconds, out, err))
            if not args.quiet:
                print(f"[{count}/{len(periods)}] {period}: {_state(code)} in {seconds:.1f} s",
                      flush=True)  # fmt: skip
    worst = max((code for _, code, _, _, _ in results), default=EXIT_OK, key=_severity)
    if args.quiet and worst == EXIT_OK and not any("warning" in o for _, _, _, o, _ in results):
        return EXIT_OK
    print("\nperiod      result   seconds")
    for period, code, seconds, out, err in sorted(results):
        print(f"{period:<11} {_state(code):<8} {seconds:7.1f}")
        detail = err if code not in (EXIT_OK, EXIT_DRAFT) else _findings_lines(out)
        if detail:
            print("  " + detail.replace("\n", "\n  "))
    failed = sum(code not in (EXIT_OK, EXIT_DRAFT) for _, code, _, _, _ in results)
    drafts = sum(code == EXIT_DRAFT for _, code, _, _, _ in results)
    print(f"{len(results)} period(s): {len(results) - failed - drafts} published, "
          f"{drafts} as draft, {failed} failed")  # fmt: skip
    return worst


def _state(code: int) -> str:
    return {EXIT_OK: "ok", EXIT_DRAFT: "DRAFT"}.get(code, f"FAILED ({code})")


def _severity(code: int) -> int:
    """Which of several exit codes a batch reports: any failure over a draft over success."""
    return 0 if code == EXIT_OK else 1 if code == EXIT_DRAFT else 2


def _findings_lines(out: str) -> str:
    """From a period's output: its findings and its last line (not the written files)."""
    lines = [line for line in out.splitlines() if not line.startswith("written: ")]
    return "\n".join(lines)
