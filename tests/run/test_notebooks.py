"""The report notebooks: committed clean, thin, and parameterised for every params key."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import papermill
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from dtreport.inputs.params import load_params, param_names

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


REPORT = ROOT / "notebooks" / "01-period-report.ipynb"
# Stand-ins for the report notebook in the runs' failure tests (tests/fixtures/make_notebooks.py).
FIXTURE_NOTEBOOKS = sorted((ROOT / "tests" / "fixtures" / "notebooks").glob("*.ipynb"))


def test_there_are_the_report_and_the_exploration_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == ["01-period-report.ipynb", "02-explore-period.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            # IPython's own transform turns %magics into Python, as the kernel does.
            source = TransformerManager().transform_cell("".join(cell["source"]))
            tree = ast.parse(source)
            defined = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
            assert not defined, "logic belongs in src/dtreport/, not in a notebook"


def test_every_params_key_is_a_report_notebook_parameter() -> None:
    parameters = papermill.inspect_notebook(str(REPORT))
    assert {"period", "params_file", "root", "output_dir", "draft"} <= set(parameters)
    assert set(param_names()) <= set(parameters)
    for params_file in sorted((ROOT / "params").glob("*.yaml")):
        load_params(params_file)  # every shipped params file is valid
        keys = set(__import__("yaml").safe_load(params_file.read_text(encoding="utf-8")))
        assert keys <= set(parameters), f"{params_file.name}: {keys - set(parameters)}"
    assert parameters["period"]["default"] == '"2024-H1"'


def test_there_are_the_fixture_notebooks() -> None:
    assert [p.stem for p in FIXTURE_NOTEBOOKS] == ["exits", "raises", "sleeps"]


@pytest.mark.parametrize("path", FIXTURE_NOTEBOOKS, ids=lambda p: p.name)
def test_a_fixture_notebook_takes_the_report_notebooks_parameters(path: Path) -> None:
    assert papermill.inspect_notebook(str(path)) == papermill.inspect_notebook(str(REPORT)), (
        "run tests/fixtures/make_notebooks.py to copy the report notebook's parameters cell"
    )
    notebook = json.loads(path.read_text(encoding="utf-8"))
    failing = notebook["cells"][2]
    assert failing["id"] == path.stem and notebook["cells"][1]["id"] == "parameters"
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
