"""``make bench``: how long each stage and the whole run take, against the naive chain.

Prints medians of several runs (``--runs``, default 3):

- each stage of ``dtreport run`` (from the manifest it writes): load, checks,
  attainment, notebook execution, HTML, PDF, exports, and the whole command as a
  user runs it, once with every output and once with HTML and PDF only (the
  outputs the naive chain makes, so the ratio compares like with like);
- the chain a user would otherwise script: ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then ``weasyprint`` on that HTML;
- the ratio of the two;
- many reports at once (``--many 6,24,96``, ``--jobs 2``): ``dtreport run --all`` over
  that many provinces' reports (the unit layout, each from the seed's data), its wall time
  against that many cold single runs (``dtreport run`` of one of them, timed here too),
  so the ratio shows what the warm workers save and how it grows with the batch.

Everything is written under a temporary folder; the project's output/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dtreport.inputs.units import load_registry
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.run.handoff import NOTEBOOK

__all__ = ["main"]

# checks: the checks themselves (beside the kernel); checks_wait: how long the kernel waited.
STAGES = (
    "load", "checks", "checks_wait", "attainment", "notebook", "html", "pdf", "exports", "total",
)  # fmt: skip


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--period", default="2024-H1")
    parser.add_argument("--many", default="6,24,96", help="batch sizes, comma-separated ('' skips)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the batches")
    args = parser.parse_args(argv)
    project = Project.find()
    sizes = [int(n) for n in args.many.split(",") if n.strip()]
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    ours: list[float] = []
    ours_all: list[float] = []
    naive: dict[str, list[float]] = {"papermill": [], "nbconvert": [], "pdf": [], "chain": []}
    with tempfile.TemporaryDirectory(prefix="dtreport-bench-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            out = work / f"ours-{run}"
            command = [_bin("dtreport"), "run", args.period, "--output", str(out)]
            ours.append(_timed([*command, "--formats", "html,pdf"], project.root))
            ours_all.append(_timed(command, project.root))
            manifest = json.loads((out / args.period / "manifest.json").read_text(encoding="utf-8"))
            for stage in STAGES:
                stages[stage].append(float(manifest["timings"].get(stage, 0.0)))

            executed = work / f"naive-{run}.ipynb"
            steps = {
                "papermill": [_bin("papermill"), str(project.notebooks_dir / NOTEBOOK),
                              str(executed), "-f", str(project.params_dir / f"{args.period}.yaml"),
                              "--cwd", str(project.root)],
                "nbconvert": [_bin("jupyter"), "nbconvert", "--to", "html", "--no-input",
                              str(executed), "--log-level", "ERROR"],
                "pdf": [_bin("weasyprint"), str(executed.with_suffix(".html")),
                        str(executed.with_suffix(".pdf"))],
            }  # fmt: skip
            chain = 0.0
            for name, command in steps.items():
                seconds = _timed(command, project.root)
                naive[name].append(seconds)
                chain += seconds
            naive["chain"].append(chain)
            print(f"run {run + 1}/{args.runs}: dtreport run {ours[-1]:.2f} s, "
                  f"naive chain {chain:.2f} s", flush=True)  # fmt: skip

    median = statistics.median
    print(f"\nmedians of {args.runs} runs, period {args.period} (seconds)")
    print("\ndtreport run, stages (manifest.json of the html,pdf,xlsx,docx run; the checks run")
    print("in their own process beside the kernel, checks_wait is how long the kernel waited):")
    for stage in STAGES:
        print(f"  {stage:<11} {median(stages[stage]):6.2f}")
    print(f"  {'command':<11} {median(ours):6.2f}   (html,pdf; wall clock, start to exit)")
    print(f"  {'all':<11} {median(ours_all):6.2f}   (html,pdf,xlsx,docx; wall clock)")
    print("\nnaive chain:")
    for name in ("papermill", "nbconvert", "pdf"):
        print(f"  {name:<11} {median(naive[name]):6.2f}")
    print(f"  {'chain':<11} {median(naive['chain']):6.2f}")
    ratio = median(ours) / median(naive["chain"])
    print(f"\nratio dtreport run / naive chain: {ratio:.2f}")
    if sizes:
        _many(project, sizes, args.jobs, args.runs)
    return 0


# Reports for the batches: the provinces in force in each period (data/units.csv).
_BATCH_PERIODS = ("2024-H1", "2025-H2")
_PROJECT_FOLDERS = ("notebooks", "expectations")


def _batch_project(project: Project, folder: Path, count: int) -> Path:
    """A project holding ``count`` unit reports, each with the seed's 2024-H1 data."""
    for name in _PROJECT_FOLDERS:
        shutil.copytree(project.root / name, folder / name)
    shutil.copytree(project.catalog_dir, folder / "data" / "catalog")
    registry = load_registry(project)
    shutil.copy2(registry.path, folder / "data" / registry.path.name)
    (folder / "params").mkdir()
    reports = [
        (unit.unit_id, parse_period(period_id))
        for period_id in _BATCH_PERIODS
        for unit in registry.in_force(parse_period(period_id).end)
    ]
    if count > len(reports):
        raise SystemExit(f"at most {len(reports)} reports in a batch")
    for unit, period in reports[:count]:
        shutil.copytree(project.data_dir / "2024-H1", folder / "data" / unit / period.id)
        params = folder / "params" / unit / f"{period.id}.yaml"
        params.parent.mkdir(parents=True, exist_ok=True)
        # The seed's figures under other provinces' names: the first period's copies are
        # marked illustrative, so that no later report takes them as its merged history and
        # every report of a batch does the same work as the cold run it is compared with.
        marked = "illustrative: true\n" if period.id == _BATCH_PERIODS[0] else ""
        params.write_text(
            f"period: {period.id}\nas_of: {period.end.isoformat()}\nunit: {unit}\n{marked}",
            encoding="utf-8",
        )
    return folder


def _many(project: Project, sizes: list[int], jobs: int, runs: int) -> None:
    """Batches of reports on warm workers against as many cold single runs."""
    median = statistics.median
    with tempfile.TemporaryDirectory(prefix="dtreport-bench-many-") as tmp:
        work = Path(tmp)
        single = _batch_project(project, work / "single", 1)
        unit = next(p.name for p in (single / "params").iterdir())
        cold = []
        for run in range(runs):
            command = [_bin("dtreport"), "run", _BATCH_PERIODS[0], "--unit", unit,
                       "--root", str(single), "--output", str(work / f"cold-{run}")]  # fmt: skip
            cold.append(_timed(command, single))
        one = median(cold)
        print(f"\nmany reports, {jobs} workers (dtreport run --all --jobs {jobs}), against "
              f"one cold dtreport run of {one:.2f} s (median of {runs}):")  # fmt: skip
        print("  reports   wall s   s/report   ratio (wall / (reports x one cold run))")
        for size in sizes:
            batch = _batch_project(project, work / f"batch-{size}", size)
            command = [_bin("dtreport"), "run", "--all", "--jobs", str(jobs), "--quiet",
                       "--root", str(batch), "--output", str(work / f"out-{size}")]  # fmt: skip
            wall = _timed(command, batch)
            print(f"  {size:7d} {wall:8.1f} {wall / size:10.2f}   {wall / (size * one):.2f}",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
