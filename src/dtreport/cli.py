"""The ``dtreport`` command line.

Exit codes (README, "Exit codes"): 0 success; 1 the inputs are wrong, nothing was
published; 2 the command line is wrong; 3 executing or rendering failed, the previous
report was kept; 4 an output could not be written (disk full, read-only, permissions);
5 the report was published as a draft; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.errors import (
    EXIT_DRAFT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PIPELINE,
    DtreportError,
    UsageError,
    exit_code,
)
from dtreport.lang import LANGS, Lang
from dtreport.paths import Project
from dtreport.period import Period, parse_period

if TYPE_CHECKING:
    import pandas as pd

    from dtreport.run.pipeline import RunResult

__all__ = ["main", "run"]

FORMATS = ("html", "pdf", "xlsx", "docx")


def _period(text: str) -> Period:
    """argparse type: a period id, refused at the command line (exit 2) when malformed."""
    try:
        return parse_period(text)
    except DtreportError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _formats(text: str) -> list[str]:
    formats = [f.strip() for f in text.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; use {','.join(FORMATS)}"
        )
    return formats


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per task."""
    parser = argparse.ArgumentParser(prog="dtreport", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, help="project folder (default: found from here)")
    period = argparse.ArgumentParser(add_help=False)
    period.add_argument("period", type=_period, help="period id: 2024, 2024-H1, 2024-Q3, 2024-06")
    params = argparse.ArgumentParser(add_help=False)
    params.add_argument("--params", type=Path, help="params file (default params/<period>.yaml)")
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=LANGS, help="language (default: the params file's)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", parents=[params, lang, common], help="check, execute and render a period's report"
    )
    run.add_argument("period", nargs="?", type=_period, help="period id, e.g. 2024-H1 (or --all)")
    run.add_argument("--all", action="store_true", help="run every params/*.yaml")
    run.add_argument("--jobs", type=_positive, default=1, help="periods run at once with --all")
    run.add_argument("--formats", type=_formats, default=list(FORMATS),
                     help="comma-separated: html,pdf,xlsx,docx")  # fmt: skip
    run.add_argument("--draft", action="store_true",
                     help="render despite critical findings, marked draft (exit 5)")  # fmt: skip
    run.add_argument("--output", type=Path, help="output folder (default output/)")
    run.add_argument("--timeout", type=_positive, default=600,
                     help="seconds a notebook cell may take")  # fmt: skip
    run.add_argument("--quiet", action="store_true",
                     help="print nothing when all went well (for cron's MAILTO)")  # fmt: skip

    validate = sub.add_parser(
        "validate", parents=[period, params, lang, common], help="run a period's data checks alone"
    )
    validate.add_argument("--json", type=Path, help="also write the results (validation.json)")

    attainment = sub.add_parser(
        "attainment", parents=[period, params, lang, common],
        help="print a period's attainment table; with --output, check and write attainment.csv",
    )  # fmt: skip
    attainment.add_argument("--output", type=Path,
                            help="folder to write attainment.csv to, after the checks")  # fmt: skip

    template = sub.add_parser(
        "template", parents=[period, common], help="write a pre-filled indicators.xlsx to fill in"
    )
    template.add_argument("--catalog", default="qd749", help="catalogue id (default qd749)")
    template.add_argument("--force", action="store_true", help="replace an existing template")

    listing = sub.add_parser(
        "list", parents=[common], help="list reports: current, outdated, draft, failed runs"
    )
    listing.add_argument("--output", type=Path, help="output folder (default output/)")
    return parser


def _params_file(project: Project, period: Period, given: Path | None) -> Path:
    """The params file a command names, or exit 2 saying which periods there are."""
    path = given or project.params_file(period)
    if not path.is_file():
        known = ", ".join(_periods(project)) or "none"
        what = f"params file {project.shown(path)}" if given else f"period {period.id}"
        raise UsageError(f"no {what}: {project.shown(path)} does not exist (periods: {known})")
    return path


def _periods(project: Project) -> list[str]:
    return sorted(p.stem for p in project.params_dir.glob("*.yaml"))


def _overrides(lang: Lang | None) -> dict[str, object]:
    return {"lang": lang} if lang else {}


# --- run -------------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from dtreport.run.pipeline import run_period

    project = Project.find(args.root)
    if args.all:
        if args.period or args.params:
            raise UsageError("--all runs every params/*.yaml: give no period or --params with it")
        return _run_all(project, args)
    if not args.period:
        raise UsageError("give a period id (e.g. 2024-H1) or --all")
    params_file = _params_file(project, args.period, args.params)
    result = run_period(
        project, args.period.id, params_file=params_file, lang=args.lang,
        formats=args.formats, draft=args.draft, output_dir=args.output, timeout=args.timeout,
    )  # fmt: skip
    code = EXIT_DRAFT if result.draft else EXIT_OK
    if not (args.quiet and code == EXIT_OK and not result.warnings):
        _print_result(project, result)
    return code


def _print_result(project: Project, result: RunResult) -> None:
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


def headline(project: Project, result: RunResult) -> str:
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
    periods = _periods(project)
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


# --- validate, attainment, template, list ----------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from dtreport.checks.period_checks import validate_inputs
    from dtreport.inputs.period_data import load_period
    from dtreport.outputs.publish import atomic_write_text
    from dtreport.run.handoff import validation_document

    project = Project.find(args.root)
    params_file = _params_file(project, args.period, args.params)
    inputs = load_period(project, args.period.id, params_file, _overrides(args.lang))
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


def _attainment(args: argparse.Namespace) -> int:
    from dtreport.findings import listing, raise_for_critical
    from dtreport.inputs.period_data import load_period
    from dtreport.method.attainment import attainment_table
    from dtreport.method.evaluation import evaluate

    project = Project.find(args.root)
    params_file = _params_file(project, args.period, args.params)
    inputs = load_period(project, args.period.id, params_file, _overrides(args.lang))
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


def _template(args: argparse.Namespace) -> int:
    from dtreport.inputs.catalog import load_catalog
    from dtreport.outputs.template import write_template

    project = Project.find(args.root)
    catalog = load_catalog(project.catalog_dir, args.catalog, project.root)
    path = write_template(
        project.period_data_dir(args.period) / "indicators.xlsx",
        catalog,
        args.period,
        args.force,
        project.root,
    )
    print(f"written: {project.shown(path)}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from dtreport.outputs.index import format_listing, report_states, write_index

    project = Project.find(args.root)
    output = args.output or project.output_dir
    states = report_states(output, project.root)
    print(format_listing(states))
    if output.is_dir():
        write_index(output, project.root)  # the index says what the listing says
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": _run,
    "validate": _validate,
    "attainment": _attainment,
    "template": _template,
    "list": _list,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. No traceback ever reaches the user."""
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
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
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        code = code or EXIT_OUTPUT
    os._exit(code)


if __name__ == "__main__":
    run()
