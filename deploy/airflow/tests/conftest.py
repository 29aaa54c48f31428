"""Shared fixtures: an Airflow home of the test session's own, and throw-away projects.

Airflow reads ``AIRFLOW_HOME`` when first imported and writes its configuration there, so
the home is set before any test module imports it, and removed at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy" / "airflow"
PROJECT_FOLDERS = ("params", "data", "expectations", "notebooks")
# The Variables the DAG reads, as the environment gives them to Airflow.
VARIABLE_ENV = (
    "AIRFLOW_VAR_DTREPORT_ROOT",
    "AIRFLOW_VAR_DTREPORT_PERIODS",
    "AIRFLOW_VAR_DTREPORT_OUTPUT",
    "AIRFLOW_VAR_DTREPORT_KERNEL",
)

_HOME = Path(tempfile.mkdtemp(prefix="dtreport-airflow-home-"))


def pytest_configure(config: pytest.Config) -> None:
    """Point Airflow at the session's home, with the DAGs of deploy/airflow/ only."""
    os.environ["AIRFLOW_HOME"] = str(_HOME)
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DEPLOY)
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    for name in VARIABLE_ENV:
        os.environ.pop(name, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's Airflow home."""
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_home() -> Path:
    """The session's ``AIRFLOW_HOME`` (its database is made by the test that needs it)."""
    return _HOME


def copy_project(root: Path) -> Path:
    """Copy the repository's params, data, expectations and notebooks to ``root``.

    ``root/.venv`` links to the repository's environment, as a worker's checkout has its own.
    """
    for name in PROJECT_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    return root


def _add_unit_report(root: Path, unit: str, period: str, as_of: str) -> Path:
    data = root / "data" / unit / period
    shutil.copytree(REPO / "data" / "2024-H1", data)
    params = root / "params" / unit / f"{period}.yaml"
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(f"period: {period}\nas_of: {as_of}\nunit: {unit}\n", encoding="utf-8")
    return data / "indicators.csv"


@pytest.fixture(scope="session")
def add_unit_report() -> Callable[[Path, str, str, str], Path]:
    """``add_unit_report(root, unit, period, as_of)`` gives the project ``root`` the unit
    layout's report of ``unit`` and ``period`` (params saying ``period``, ``as_of`` and
    ``unit``), from the seed's 2024-H1 data; it returns the report's indicators file."""
    return _add_unit_report


@pytest.fixture(scope="module")
def module_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """A factory of project copies in folders of their own, for module-scoped fixtures."""

    def make() -> Path:
        return copy_project(tmp_path_factory.mktemp("project") / "project")

    return make


@pytest.fixture
def params_tree(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``params_tree("2024-H1.yaml", "U1/2025-H2.yaml")`` makes a project folder
    holding only those params files (empty), enough for finding reports."""

    def make(*files: str) -> Path:
        root = tmp_path / "project"
        (root / "params").mkdir(parents=True)
        for name in files:
            path = root / "params" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")
        return root

    return make


@pytest.fixture
def variables(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Set the DAG's Variables through the environment, as a deployment may."""

    def set_all(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"AIRFLOW_VAR_DTREPORT_{name.upper()}", value)

    yield set_all
