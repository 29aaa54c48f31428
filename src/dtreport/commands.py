"""Pipeline subcommands of the command line: ``run``, ``validate``, ``list``."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from dtreport.paths import Project

__all__ = ["PIPELINE_HANDLERS", "add_pipeline_commands"]


def add_pipeline_commands(sub: Any, add_period: Any, add_common: Any) -> None:
    """Register ``run``, ``validate`` and ``list`` on the subparsers ``sub``."""
    run = sub.add_parser("run", help="execute, check and render a period's report (HTML, PDF)")
    run.add_argument("period", nargs="?", help="period id, e.g. 2024-H1 (or --all)")
    run.add_argument("--all", action="store_true", help="run every params/*.yaml")
    run.add_argument("--jobs", type=int, default=1, help="periods run at once with --all")
    run.add_argument("--params", type=Path, help="params file (default params/<period>.yaml)")
    run.add_argument("--lang", choices=("vi", "en"), help="report language (default: params)")
    run.add_argument(
        "--formats", default="html,pdf,xlsx,docx", help="comma-separated: html,pdf,xlsx,docx"
    )
    run.add_argument("--draft", action="store_true", help="render despite critical findings")
    run.add_argument("--output", type=Path, help="output folder (default output/)")
    run.add_argument("--timeout", type=int, default=600, help="seconds a notebook cell may take")
    add_common(run)

    validate = sub.add_parser("validate", help="run the data checks of a period alone")
    add_period(validate)
    validate.add_argument("--json", type=Path, help="also write the results (validation.json)")
    add_common(validate)

    listing = sub.add_parser("list", help="list periods and whether each report is current")
    listing.add_argument("--output", type=Path, help="output folder (default output/)")
    add_common(listing)


def _run(args: argparse.Namespace) -> int:
    from dtreport.errors import DtreportError
    from dtreport.pipeline import FORMATS, run_period

    project = Project.find(args.root)
    if args.all:
        return _run_all(project, args)
    if not args.period:
        raise DtreportError("give a period id or --all")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise DtreportError(
            f"unknown format(s) {', '.join(sorted(unknown))}; use {','.join(FORMATS)}"
        )
    result = run_period(
        project, args.period, params_file=args.params, lang=args.lang, formats=formats,
        draft=args.draft, output_dir=args.output, timeout=args.timeout,
    )  # fmt: skip
    for path in result.files:
        print(f"written: {path}")
    print(f"{result.period}: done in {result.timings.get('total', 0):.1f} s")
    return 0


def _periods(project: Project) -> list[str]:
    return sorted(p.stem for p in project.params_dir.glob("*.yaml"))


def _run_all(project: Project, args: argparse.Namespace) -> int:
    """Each period in its own process (its own kernel); a failure does not stop the others."""
    periods = _periods(project)
    passthrough = [
        "--root",
        str(project.root),
        "--formats",
        args.formats,
        "--timeout",
        str(args.timeout),
    ]
    if args.lang:
        passthrough += ["--lang", args.lang]
    if args.draft:
        passthrough.append("--draft")
    if args.output:
        passthrough += ["--output", str(args.output)]

    def one(period: str) -> tuple[str, int, float, str]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "dtreport.cli", "run", period, *passthrough],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return period, done.returncode, time.perf_counter() - start, done.stderr.strip()

    results = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(one, p) for p in periods]
        for count, future in enumerate(as_completed(futures), start=1):
            period, code, seconds, err = future.result()
            results.append((period, code, seconds, err))
            state = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"[{count}/{len(periods)}] {period}: {state} in {seconds:.1f} s", flush=True)
    print("\nperiod      result  seconds")
    for period, code, seconds, err in sorted(results):
        print(f"{period:<11} {'ok' if code == 0 else 'FAILED':<7} {seconds:7.1f}")
        if code:
            print("  " + err.replace("\n", "\n  "))
    return 1 if any(code for _, code, _, _ in results) else 0


def _validate(args: argparse.Namespace) -> int:
    from dtreport.checks import validate_period

    report = validate_period(Project.find(args.root), args.period, args.params)
    if args.json:
        from dtreport.publish import atomic_write_text

        atomic_write_text(args.json, json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    for finding in report.findings:
        print(finding)
    passed = sum(o.success for o in report.outcomes)
    print(
        f"{passed} of {len(report.outcomes)} checks passed; "
        f"{len(report.critical)} critical finding(s)"
    )
    return 1 if report.critical else 0


def _list(args: argparse.Namespace) -> int:
    from dtreport.provenance import sha256_file

    project = Project.find(args.root)
    output = args.output or project.output_dir
    print(f"{'period':<10} {'report':<9} built")
    for period in _periods(project):
        manifest = output / period / "manifest.json"
        if not manifest.exists():
            print(f"{period:<10} {'none':<9}")
            continue
        data = json.loads(manifest.read_text(encoding="utf-8"))
        current = all(
            (project.root / name).exists() and sha256_file(project.root / name) == digest
            for name, digest in data.get("inputs", {}).items()
        )
        print(f"{period:<10} {'current' if current else 'outdated':<9} {data.get('created', '')}")
    return 0


PIPELINE_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "run": _run,
    "validate": _validate,
    "list": _list,
}
