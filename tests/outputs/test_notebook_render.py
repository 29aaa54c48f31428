"""The report from a notebook plain papermill executed (as a scheduler's task would)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from dtreport.cli import main
from dtreport.errors import InputError, NotebookCellError, UsageError
from dtreport.outputs import notebook_execution
from dtreport.outputs.notebook_render import notebook_parameters, render_executed
from dtreport.paths import Project
from dtreport.run import handoff

pytestmark = pytest.mark.e2e

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
REPORT = ROOT / "notebooks" / "01-period-report.ipynb"
# A work folder as the Airflow DAG gives each run (deploy/airflow/): the executed notebook
# in it, the notebook's tables in its report/, which is then moved to output/<period>/.
WORK = Path("output") / ".airflow" / "2024-H1" / "run-1"
# The seed period's inputs, as dtreport run's manifest names them.
SEED_INPUTS = [
    "data/2024-H1/indicators.csv", "data/2024-H1/metrics.csv", "data/catalog/qd749.csv",
    "data/catalog/qd749.yaml", "expectations/catalog.yaml", "expectations/indicators.yaml",
    "expectations/metrics.yaml", "expectations/params.yaml", "notebooks/01-period-report.ipynb",
    "params/2024-H1.yaml",
]  # fmt: skip


@dataclass(frozen=True)
class Executed:
    """The seed period's report notebook as papermill left it in a copy of the project."""

    project: Project
    notebook: Path
    # The notebook's output_dir, given absolute as the DAG gives it.
    tables: Path


@pytest.fixture(scope="module")
def execution(make_module_project: Callable[..., Project]) -> Executed:
    import papermill

    project = make_module_project("papermill")
    work = project.root / WORK
    (work / "report").mkdir(parents=True)
    papermill.execute_notebook(
        str(project.notebooks_dir / REPORT.name), str(work / "executed.ipynb"),
        parameters={"period": "2024-H1", "root": str(project.root),
                    "output_dir": str(work / "report")},
        kernel_name="python3", progress_bar=False, cwd=str(project.root),
    )  # fmt: skip
    return Executed(project, work / "executed.ipynb", work / "report")


@pytest.fixture(scope="module")
def executed(execution: Executed) -> Path:
    """The executed notebook."""
    return execution.notebook


@pytest.fixture(scope="module")
def published(execution: Executed) -> Path:
    """The report as the DAG publishes it: rendered into the work folder, then moved into
    ``output/2024-H1/`` (copied here, so the other tests keep the notebook's tables)."""
    final = execution.project.output_dir / "2024-H1"
    code = main(
        ["render", str(execution.notebook), "--output", str(execution.tables),
         "--final", str(final), "--root", str(execution.project.root)]
    )  # fmt: skip
    assert code == 0
    shutil.copytree(execution.tables, final)
    return final


def _manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def test_the_rendered_html_holds_the_report_and_no_code(executed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "report"
    files = render_executed(executed, folder)
    names = ["report.ipynb", "report.html", "report.pdf", "manifest.json"]
    assert files == [folder / name for name in names]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    html = files[1].read_text(encoding="utf-8")
    for n in range(1, 14):
        assert f'data-indicator="QD749-{n:02d}"' in html
    assert "PeriodReport.prepare" not in html and "import " not in html and "Optional[" not in html
    assert 'class="jp-InputArea' not in html and "injected" not in html.lower()
    assert '<html lang="vi"' in html
    assert "<title>Tình hình thực hiện Nghị quyết số 58/NQ-CP ngày 21/4/2023</title>" in html
    assert "BẢN NHÁP" not in html
    assert files[2].read_bytes().startswith(b"%PDF")


def test_the_same_notebook_gives_the_same_files(executed: Path, tmp_path: Path) -> None:
    def made(folder: Path) -> dict[str, Any]:
        # Two renders of one report (a scheduler's retry): only the manifest's times differ.
        rendered = render_executed(executed, folder, final=tmp_path / "2024-H1")
        files = {p.name: p.read_bytes() for p in rendered}
        manifest = json.loads(files.pop("manifest.json"))
        varying = manifest["varying"]
        return {**files, "manifest": {k: v for k, v in manifest.items() if k not in varying}}

    first = made(tmp_path / "a")
    assert first["manifest"]["parameters"]["output_dir"] == "2024-H1"
    assert made(tmp_path / "b") == first


def test_the_parameters_are_the_cells_defaults_under_papermills(execution: Executed) -> None:
    parameters = notebook_parameters(nbformat.read(execution.notebook, as_version=4))
    assert parameters["period"] == "2024-H1" and parameters["draft"] is False
    assert parameters["lang"] is None and parameters["output_dir"] == str(execution.tables)
    assert parameters["params_file"] == "" and parameters["root"] == str(execution.project.root)


def test_the_manifest_is_the_one_dtreport_run_writes(execution: Executed, published: Path) -> None:
    project = execution.project
    run_output = project.root / "output-run"
    args = ["run", "2024-H1", "--formats", "html", "--output", str(run_output)]
    assert main([*args, "--root", str(project.root)]) == 0
    by_run, by_render = _manifest(run_output / "2024-H1"), _manifest(published)
    assert by_render["parameters"].pop("output_dir") == "output/2024-H1"
    assert by_run["parameters"].pop("output_dir") == "output-run/2024-H1"
    # dtreport run was asked for the HTML only.
    assert by_render.pop("outputs") == sorted([*by_run.pop("outputs"), "report.pdf"])
    for manifest in (by_render, by_run):
        for key in manifest.pop("varying"):
            manifest.pop(key)
    assert by_render == by_run


def test_the_manifest_names_each_input_with_its_sha256(
    execution: Executed, published: Path
) -> None:
    manifest = _manifest(published)
    assert sorted(manifest["inputs"]) == SEED_INPUTS
    for name, digest in manifest["inputs"].items():
        assert digest == hashlib.sha256((execution.project.root / name).read_bytes()).hexdigest()
    assert manifest["period"] == "2024-H1" and manifest["lang"] == "vi"
    assert manifest["draft"] is False and manifest["summary"]["achieved"] == 12
    validation = json.loads((published / "validation.json").read_text(encoding="utf-8"))
    assert manifest["findings"] == validation["counts"]
    assert manifest["outputs"] == [
        "attainment.csv", "progress.csv", "report.html", "report.ipynb", "report.pdf",
        "validation.json",
    ]  # fmt: skip
    # papermill's seconds and the notebook's own stages; its hand-off file is spent.
    assert {"notebook", "attainment", "checks", "load", "html", "pdf", "total"} <= set(
        manifest["timings"]
    )
    assert sorted(p.name for p in published.iterdir()) == sorted(
        [*manifest["outputs"], "manifest.json"]
    )


def test_dtreport_list_shows_the_published_report(
    execution: Executed, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["list", "--root", str(execution.project.root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"2024-H1\s+vi\s+current\s+no\s+no", lines[1]), lines
    index = (execution.project.output_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="2024-H1/report.pdf"' in index


def test_no_file_names_a_folder_of_the_machine(execution: Executed, published: Path) -> None:
    machine = {str(execution.project.root.parent), str(execution.project.root.parent.resolve())}
    for path in published.iterdir():
        data = path.read_bytes()
        assert not [folder for folder in machine if folder.encode() in data], path.name
    kept = nbformat.read(published / "report.ipynb", as_version=4).metadata.papermill
    assert kept.parameters == {"period": "2024-H1", "root": ".", "output_dir": "output/2024-H1"}
    assert kept.input_path == "notebooks/01-period-report.ipynb"
    assert kept.output_path == "output/2024-H1/report.ipynb"
    assert "duration" not in kept and "start_time" not in kept


def test_a_notebook_run_as_a_draft_is_marked_one(executed: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata.papermill.parameters["draft"] = True
    drafted = tmp_path / "draft.ipynb"
    nbformat.write(notebook, drafted)
    html = render_executed(drafted, formats=("html",))[1].read_text(encoding="utf-8")
    assert "BẢN NHÁP" in html
    assert _manifest(tmp_path)["draft"] is True
    assert render_executed(executed, tmp_path / "b", draft=True, formats=("html",))
    assert _manifest(tmp_path / "b")["draft"] is True


def test_without_the_notebooks_checks_they_are_run_here(
    execution: Executed, tmp_path: Path
) -> None:
    notebook = nbformat.read(execution.notebook, as_version=4)
    del notebook.metadata.papermill.parameters["output_dir"]
    path = tmp_path / "no-tables.ipynb"
    nbformat.write(notebook, path)
    render_executed(path, tmp_path / "out", formats=("html",))
    manifest = _manifest(tmp_path / "out")
    validation = json.loads((execution.tables / "validation.json").read_text(encoding="utf-8"))
    assert manifest["findings"] == validation["counts"]
    assert "checks" in manifest["timings"]
    assert manifest["outputs"] == ["report.html", "report.ipynb"]


def _changed(executed: Path, tmp_path: Path, change: Callable[[Any], None]) -> Path:
    notebook = nbformat.read(executed, as_version=4)
    change(notebook.metadata.papermill)
    path = tmp_path / "changed.ipynb"
    nbformat.write(notebook, path)
    return path


def _no_parameters(papermill: Any) -> None:
    del papermill["parameters"]


def _number_period(papermill: Any) -> None:
    papermill.parameters["period"] = 2024


def _missing_params_file(papermill: Any) -> None:
    papermill.parameters["params_file"] = "params/2019-H1.yaml"


def _missing_notebook(papermill: Any) -> None:
    papermill["input_path"] = "notebooks/gone.ipynb"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_no_parameters, r"changed\.ipynb: holds no parameters papermill recorded"),
        (_number_period, r"changed\.ipynb: its parameter period is 2024, not text"),
        (_missing_params_file, r"params/2019-H1\.yaml: no params file for period 2024-H1"),
        (_missing_notebook, r"changed\.ipynb: papermill records that it was executed from "
                            r"notebooks/gone\.ipynb, which is not a file"),
    ],
    ids=["no-parameters", "period-not-text", "no-params-file", "no-source-notebook"],
)  # fmt: skip
def test_parameters_that_cannot_be_read_write_no_manifest(
    change: Callable[[Any], None],
    message: str,
    execution: Executed,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _changed(execution.notebook, tmp_path, change)
    out = tmp_path / "out"
    root = str(execution.project.root)
    assert main(["render", str(path), "--output", str(out), "--root", root]) == 1
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists()


def test_checks_that_are_not_the_notebooks_are_refused(execution: Executed, tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "validation.json").write_text('{"counts": {}}', encoding="utf-8")

    def elsewhere(papermill: Any) -> None:
        papermill.parameters["output_dir"] = str(tables)

    path = _changed(execution.notebook, tmp_path, elsewhere)
    with pytest.raises(InputError, match=r"validation\.json: is not the checks' results"):
        render_executed(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_report_files_are_named_as_dtreport_run_names_them() -> None:
    assert notebook_execution.REPORT_NOTEBOOK == handoff.EXECUTED_NOTEBOOK
    assert notebook_execution.MANIFEST_FILE == handoff.MANIFEST_FILE
    assert notebook_execution.VALIDATION_FILE == handoff.VALIDATION_FILE
    assert notebook_execution.TIMINGS_FILE == handoff.TIMINGS_FILE


def test_another_language_than_the_notebooks_is_refused(executed: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"executed in 'vi', not 'en'.*-p lang en"):
        render_executed(executed, tmp_path, lang="en")
    assert not list(tmp_path.iterdir())
    assert render_executed(executed, tmp_path, lang="vi", formats=("html",))


def test_a_notebook_that_was_not_executed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="was not executed") as caught:
        render_executed(REPORT, tmp_path)
    assert str(REPORT) in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_a_notebook_whose_execution_failed_is_refused(executed: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(executed, as_version=4)
    failed = next(i for i, c in enumerate(notebook.cells) if "run.charts()" in c.source)
    notebook.cells[failed].outputs = [
        nbformat.v4.new_output("error", ename="ValidationFailed", evalue="1 critical finding(s)")
    ]
    for cell in notebook.cells[failed + 1 :]:
        cell.execution_count, cell.outputs = None, []
    path = tmp_path / "failed.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(NotebookCellError, match=rf"cell {failed} .*failed\.ipynb raised "
                       "ValidationFailed: 1 critical"):  # fmt: skip
        render_executed(path, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_notebook_stopped_half_way_is_refused(executed: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(executed, as_version=4)
    notebook.cells[-1].execution_count = None
    path = tmp_path / "stopped.ipynb"
    nbformat.write(notebook, path)
    with pytest.raises(InputError, match=r"stopped\.ipynb: was not executed to its end: cell"):
        render_executed(path, tmp_path / "out")


@pytest.mark.parametrize("text", ["not json", "{}", json.dumps({"cells": 3, "nbformat": 4})])
def test_a_file_that_is_not_a_notebook_is_refused(text: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{path}: is not a notebook")):
        render_executed(path)
