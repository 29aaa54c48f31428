"""``make bench``: how long each stage and the whole run take, against the naive chain.

Prints medians of several runs (``--runs``, default 3):

- each stage of ``dtreport run`` (from the manifest it writes): load, checks,
  attainment, notebook execution, HTML, PDF, exports, and the whole command as a
  user runs it, once with every output and once with HTML and PDF only (the
  outputs the naive chain makes, so the ratio compares like with like);
- the chain a user would otherwise script: ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then ``weasyprint`` on that HTML;
- the ratio of the two.

Everything is written under a temporary folder; the project's output/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dtreport.paths import Project
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
    args = parser.parse_args(argv)
    project = Project.find()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
