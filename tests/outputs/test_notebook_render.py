"""The report from a notebook plain papermill executed (as a scheduler's task would)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from dtreport.errors import InputError, NotebookCellError, UsageError
from dtreport.outputs.notebook_render import notebook_parameters, render_executed
from dtreport.paths import Project

pytestmark = pytest.mark.e2e

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
REPORT = ROOT / "notebooks" / "01-period-report.ipynb"


@pytest.fixture(scope="module")
def executed(make_module_project: Callable[..., Project]) -> Path:
    """The report notebook of the seed period, executed by papermill in a copy of the project."""
    import papermill

    project = make_module_project("papermill")
    root = project.root
    target = root / "runs" / "2024-H1.ipynb"
    target.parent.mkdir()
    papermill.execute_notebook(
        str(project.notebooks_dir / REPORT.name), str(target),
        parameters={"period": "2024-H1", "root": str(root)}, kernel_name="python3",
        progress_bar=False, cwd=str(root),
    )  # fmt: skip
    return target


def test_the_rendered_html_holds_the_report_and_no_code(executed: Path, tmp_path: Path) -> None:
    files = render_executed(executed, tmp_path / "report")
    assert files == [tmp_path / "report" / "report.html", tmp_path / "report" / "report.pdf"]
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["report.html", "report.pdf"]
    html = files[0].read_text(encoding="utf-8")
    for n in range(1, 14):
        assert f'data-indicator="QD749-{n:02d}"' in html
    assert "PeriodReport.prepare" not in html and "import " not in html and "Optional[" not in html
    assert 'class="jp-InputArea' not in html and "injected" not in html.lower()
    assert '<html lang="vi"' in html
    assert "<title>Tình hình thực hiện Nghị quyết số 58/NQ-CP ngày 21/4/2023</title>" in html
    assert "BẢN NHÁP" not in html
    assert files[1].read_bytes().startswith(b"%PDF")


def test_the_same_notebook_gives_the_same_files(executed: Path, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in render_executed(executed, tmp_path / "a")]
    assert [p.read_bytes() for p in render_executed(executed, tmp_path / "b")] == first


def test_the_parameters_are_the_cells_defaults_under_papermills(executed: Path) -> None:
    parameters = notebook_parameters(nbformat.read(executed, as_version=4))
    assert parameters["period"] == "2024-H1" and parameters["draft"] is False
    assert parameters["lang"] is None and parameters["output_dir"] == ""


def test_a_notebook_run_as_a_draft_is_marked_one(executed: Path, tmp_path: Path) -> None:
    notebook = nbformat.read(executed, as_version=4)
    notebook.metadata.papermill.parameters["draft"] = True
    drafted = tmp_path / "draft.ipynb"
    nbformat.write(notebook, drafted)
    html = render_executed(drafted, formats=("html",))[0].read_text(encoding="utf-8")
    assert "BẢN NHÁP" in html
    assert render_executed(executed, tmp_path, draft=True, formats=("html",))


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
