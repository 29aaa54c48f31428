"""`airflow dags test` of the DAG on a copy of the project: three reports, one of them bad.

The copy holds the seed's 2024-H1 (default unit), a 2025-H2 of P24-bac-ninh-2025 whose data
leave one value blank (a warning the checks must find and the report must show), and a
2024-H1 of P27-bac-ninh whose data hold a value the checks refuse (a critical finding), with
an earlier report of it already published. The reports go to an output folder outside the
project, as on a shared filesystem.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from dtreport_airflow.plan import Report

pytestmark = pytest.mark.e2e

AIRFLOW = Path(sys.executable).parent / "airflow"
DAG_ID = "dtreport_reports"
GOOD = [("", "2024-H1"), ("P24-bac-ninh-2025", "2025-H2")]
BAD = ("P27-bac-ninh", "2024-H1")
TASKS = ("stage", "execute", "render", "publish")
PREVIOUS = "<html>the previous report of P27-bac-ninh</html>"


@dataclass(frozen=True)
class DagsTest:
    """What one `airflow dags test` left: its exit code and log, task states, folders."""

    returncode: int
    log: str
    states: dict[str, str]
    root: Path
    output: Path

    def folder(self, unit: str, period: str) -> Path:
        """Where the report of ``unit`` and ``period`` is published."""
        return self.output / unit / period if unit else self.output / period


def _airflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run an ``airflow`` command of .venv-airflow, its output and its log captured."""
    return subprocess.run(
        [str(AIRFLOW), *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _succeeded(*args: str, env: dict[str, str]) -> str:
    """The standard output of an ``airflow`` command that must succeed."""
    done = _airflow(*args, env=env)
    assert done.returncode == 0, f"airflow {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


def _json_of(output: str) -> Any:
    """The JSON an ``airflow ... -o json`` command printed (its last line starting with "[")."""
    return json.loads(next(ln for ln in reversed(output.splitlines()) if ln.startswith("[")))


@pytest.fixture(scope="module")
def run(
    module_project: Callable[[], Path],
    add_unit_report: Callable[[Path, str, str, str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> DagsTest:
    root = module_project()
    blank = add_unit_report(root, "P24-bac-ninh-2025", "2025-H2", "2025-12-31")
    blank.write_text(blank.read_text("utf-8").replace("QD749-04,75%", "QD749-04,"), "utf-8")
    wrong = add_unit_report(root, "P27-bac-ninh", "2024-H1", "2024-06-30")
    wrong.write_text(wrong.read_text("utf-8").replace("QD749-04,75%", "QD749-04,lots"), "utf-8")
    output = tmp_path_factory.mktemp("shared") / "output"
    (output / BAD[0] / BAD[1]).mkdir(parents=True)
    (output / BAD[0] / BAD[1] / "report.html").write_text(PREVIOUS, encoding="utf-8")
    env = {
        **os.environ,
        "AIRFLOW_VAR_DTREPORT_ROOT": str(root),
        "AIRFLOW_VAR_DTREPORT_PERIODS": "2024-H1,2025-H2",
        "AIRFLOW_VAR_DTREPORT_OUTPUT": str(output),
    }
    _succeeded("db", "migrate", env=env)
    dags_test = _airflow("dags", "test", DAG_ID, env=env)
    runs = _json_of(_succeeded("dags", "list-runs", DAG_ID, "-o", "json", env=env))
    assert len(runs) == 1, runs
    states = _json_of(
        _succeeded("tasks", "states-for-dag-run", DAG_ID, runs[0]["run_id"], "-o", "json", env=env)
    )
    return DagsTest(
        returncode=dags_test.returncode,
        log=dags_test.stdout + dags_test.stderr,
        states={state["task_id"]: state["state"] for state in states},
        root=root,
        output=output,
    )


def test_the_bad_report_fails_its_own_group_only(run: DagsTest) -> None:
    # `airflow dags test` exits non-zero when a task failed, as a scheduler would alert.
    assert run.returncode == 1, run.log[-3000:]
    bad = Report(*BAD).group_id
    assert run.states == {
        **{f"{Report(*good).group_id}.{task}": "success" for good in GOOD for task in TASKS},
        f"{bad}.stage": "success",
        f"{bad}.execute": "failed",
        f"{bad}.render": "upstream_failed",
        f"{bad}.publish": "upstream_failed",
    }  # fmt: skip


@pytest.mark.parametrize(("unit", "period"), GOOD, ids=["default-unit", "unit-layout"])
def test_each_good_report_is_published_whole(run: DagsTest, unit: str, period: str) -> None:
    folder = run.folder(unit, period)
    assert sorted(path.name for path in folder.iterdir()) == [
        "attainment.csv", "manifest.json", "progress.csv", "report.html", "report.ipynb",
        "report.pdf", "validation.json",
    ]  # fmt: skip
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert (folder / "report.pdf").stat().st_size > 50_000
    assert "</html>" in (folder / "report.html").read_text(encoding="utf-8")
    # The run's work folder goes once its report is published.
    assert not (folder.parent / ".airflow" / period).exists()


@pytest.mark.parametrize(("unit", "period"), GOOD, ids=["default-unit", "unit-layout"])
def test_the_notebook_ran_the_checks_and_the_report_shows_their_findings(
    run: DagsTest, unit: str, period: str
) -> None:
    folder = run.folder(unit, period)
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    assert len(validation["expectations"]) >= 20
    assert all(check["success"] for check in validation["expectations"])
    page = (folder / "report.html").read_text(encoding="utf-8")
    warnings = [f for f in validation["findings"] if f["severity"] == "warning"]
    assert page.count('class="finding-warning"') == len(warnings)
    for finding in warnings:
        assert finding["file"] in page


@pytest.mark.parametrize(("unit", "period"), GOOD, ids=["default-unit", "unit-layout"])
def test_the_manifest_names_the_reports_inputs_and_files(
    run: DagsTest, unit: str, period: str
) -> None:
    folder = run.folder(unit, period)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["period"], manifest["parameters"]["unit"]) == (period, unit)
    # The folder publish moved the report to; outside the project, by its bare name.
    assert manifest["parameters"]["output_dir"] == period
    unit_folder = f"{unit}/" if unit else ""
    inputs = manifest["inputs"]
    assert {
        f"params/{unit_folder}{period}.yaml",
        f"data/{unit_folder}{period}/indicators.csv",
        "notebooks/01-period-report.ipynb",
    } <= set(inputs)
    assert ("data/units.csv" in inputs) is bool(unit)
    for name, digest in inputs.items():
        assert hashlib.sha256((run.root / name).read_bytes()).hexdigest() == digest, name
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    assert manifest["findings"] == validation["counts"]
    assert manifest["outputs"] == sorted(
        p.name for p in folder.iterdir() if p.name != "manifest.json"
    )
    assert manifest["timings"]["notebook"] > 0


def test_dtreport_list_shows_the_published_reports(run: DagsTest) -> None:
    listing = subprocess.run(
        [str(run.root / ".venv" / "bin" / "dtreport"), "list", "--root", str(run.root),
         "--output", str(run.output)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    for unit, period in GOOD:
        shown = f"{unit}/{period}" if unit else period
        line = rf"{re.escape(shown)}\s+vi\s+current\s+no\s+no"
        assert re.search(rf"^{line}$", listing, re.MULTILINE), listing
    index = (run.output / "index.html").read_text(encoding="utf-8")
    assert 'href="P24-bac-ninh-2025/2025-H2/report.pdf"' in index


def test_the_blank_value_is_found_and_shown(run: DagsTest) -> None:
    folder = run.folder(*GOOD[1])
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    blank = [f for f in validation["findings"] if f["indicator_id"] == "QD749-04"]
    assert [(f["severity"], f["file"], f["row"], f["column"]) for f in blank] == [
        ("warning", "data/P24-bac-ninh-2025/2025-H2/indicators.csv", 5, "value")
    ]
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "data/P24-bac-ninh-2025/2025-H2/indicators.csv, dòng 5 (QD749-04), cột value" in page


def test_the_units_report_carries_the_registrys_name(run: DagsTest) -> None:
    page = (run.folder(*GOOD[1]) / "report.html").read_text(encoding="utf-8")
    assert "tỉnh Bắc Ninh" in page
    assert "tỉnh Bắc Giang" not in page.split("<h2", 1)[0]


def test_the_failed_report_leaves_the_previous_one_and_its_notebook(run: DagsTest) -> None:
    folder = run.folder(*BAD)
    assert [path.name for path in folder.iterdir()] == ["report.html"]
    assert (folder / "report.html").read_text(encoding="utf-8") == PREVIOUS
    (work,) = (folder.parent / ".airflow" / BAD[1]).iterdir()
    executed = nbformat.read(work / "executed.ipynb", as_version=4)
    # Papermill was given no validation file: the notebook ran the checks, and stopped.
    assert "validation_file" not in executed.metadata.papermill.parameters
    errors = [
        o for cell in executed.cells for o in cell.get("outputs", []) if o.output_type == "error"
    ]
    assert [error.ename for error in errors] == ["ValidationFailed"]
    assert (
        "data/P27-bac-ninh/2024-H1/indicators.csv, row 5 (QD749-04), column value"
        in errors[0].evalue
    )


def test_the_kernel_is_the_projects_environment() -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    # dtreport is not installed here: a notebook that imported it ran in the project's .venv.
    assert importlib.util.find_spec("dtreport") is None

    spec = KernelSpecManager().get_kernel_spec("dtreport")
    repo = Path(__file__).resolve().parents[3]
    assert Path(spec.argv[0]) == repo / ".venv" / "bin" / "python"
    assert Path(spec.resource_dir).is_relative_to(Path(sys.prefix))


@pytest.mark.parametrize(("unit", "period"), GOOD, ids=["default-unit", "unit-layout"])
def test_no_published_file_names_a_folder_of_the_machine(
    run: DagsTest, unit: str, period: str
) -> None:
    for path in run.folder(unit, period).iterdir():
        data = path.read_bytes()
        for folder in (run.root, run.output):
            assert str(folder).encode() not in data, path.name
