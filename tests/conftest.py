"""Shared fixtures: a throw-away copy of the project, so tests never touch the real inputs.

Tests take what they share from here as fixtures and never import this module.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from dtreport.paths import Project
from dtreport.period import parse_period

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_FOLDERS = ("params", "data", "expectations", "notebooks")
REPORT_NOTEBOOK = "01-period-report.ipynb"

# Appendix I of the seed report, column "Mức hoàn thành", as printed.
SEED_LABELS = [
    "Đạt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Đạt chỉ tiêu",
    "Đang thực hiện", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu",
    "Đạt chỉ tiêu", "Đạt chỉ tiêu", "Vượt chỉ tiêu",
]  # fmt: skip

MakeProject = Callable[..., Project]


def copy_project(root: Path) -> Project:
    """Copy the project's params, data, expectations and notebooks to ``root``, with an output/."""
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, root / name)
    (root / "output").mkdir()
    return Project(root)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's own folder (read it, never write to it)."""
    return ROOT


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A factory: ``make_project(name="project")`` copies the project into ``tmp_path/name``."""

    def make(name: str = "project") -> Project:
        return copy_project(tmp_path / name)

    return make


@pytest.fixture(scope="module")
def make_module_project(tmp_path_factory: pytest.TempPathFactory) -> MakeProject:
    """As :func:`make_project`, for module-scoped fixtures: each copy in a folder of its own."""

    def make(name: str = "project") -> Project:
        return copy_project(tmp_path_factory.mktemp(name) / "project")

    return make


# The seed's unit after the arrangement of 1 July 2025, and a period of it (data/units.csv).
UNIT_REPORT = ("P24-bac-ninh-2025", "2025-H2")


def add_unit_reports(project: Project, *reports: tuple[str, str]) -> Project:
    """Give ``project`` the unit layout's ``(unit, period)`` reports, from the seed's 2024-H1.

    Each gets ``data/<unit>/<period>/`` (a copy of ``data/2024-H1/``) and
    ``params/<unit>/<period>.yaml`` saying ``period``, ``as_of`` (the period's last day) and
    ``unit``; the registry names the unit on the letterhead.
    """
    for unit, period_id in reports or (UNIT_REPORT,):
        period = parse_period(period_id)
        shutil.copytree(ROOT / "data" / "2024-H1", project.period_data_dir(period, unit))
        params = project.params_file(period, unit)
        params.parent.mkdir(parents=True, exist_ok=True)
        params.write_text(
            f"period: {period.id}\nas_of: {period.end.isoformat()}\nunit: {unit}\n",
            encoding="utf-8",
        )
    return project


@pytest.fixture
def make_unit_project(tmp_path: Path) -> Callable[..., Project]:
    """A factory: ``make_unit_project(*reports, name="project")``, a project in both layouts.

    A copy of the project (its single-unit periods kept, as :func:`make_project`) in
    ``tmp_path/name``, plus each ``(unit, period)`` of ``reports`` in the unit layout
    (default: ``("P24-bac-ninh-2025", "2025-H2")``), built from the seed's 2024-H1 data:
    ``data/<unit>/<period>/`` and ``params/<unit>/<period>.yaml`` with ``period``,
    ``as_of`` (the period's last day) and ``unit``.
    """

    def make(*reports: tuple[str, str], name: str = "project") -> Project:
        return add_unit_reports(copy_project(tmp_path / name), *reports)

    return make


@pytest.fixture(scope="module")
def make_module_unit_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Project]:
    """As :func:`make_unit_project`, for module-scoped fixtures: each copy a folder of its own."""

    def make(*reports: tuple[str, str], name: str = "project") -> Project:
        return add_unit_reports(copy_project(tmp_path_factory.mktemp(name) / "project"), *reports)

    return make


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    """A copy of the project's params, data, expectations and notebooks in a temp folder."""
    return make_project()


@pytest.fixture
def report_notebook() -> Callable[[Project, str], Path]:
    """Put ``tests/fixtures/notebooks/<name>.ipynb`` in place of a project's report notebook."""

    def replace(project: Project, name: str) -> Path:
        target = project.notebooks_dir / REPORT_NOTEBOOK
        shutil.copyfile(FIXTURES / "notebooks" / f"{name}.ipynb", target)
        return target

    return replace


def _with_history_periods(project: Project) -> Project:
    """``project`` with its periods replaced by ``tests/fixtures/history/``'s three made-up ones."""
    for params in project.params_dir.glob("*.yaml"):
        params.unlink()
    for folder in project.data_dir.iterdir():
        if folder.is_dir() and folder.name != "catalog":
            shutil.rmtree(folder)
    shutil.copytree(FIXTURES / "history" / "params", project.params_dir, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "history" / "data", project.data_dir, dirs_exist_ok=True)
    return project


@pytest.fixture(scope="session")
def with_history_periods() -> Callable[[Project], Project]:
    """Replace a project copy's periods with the history fixture's (one unit, catalogue fx)."""
    return _with_history_periods


@pytest.fixture
def seed_labels() -> list[str]:
    """The 13 statuses of the seed report's Appendix I, in order, as printed."""
    return list(SEED_LABELS)


def _write_indicators(project: Project, text: str, period: str = "2024-H1") -> Path:
    path = project.data_dir / period / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def write_indicators() -> Callable[..., Path]:
    """``write_indicators(project, text, period="2024-H1")``: replace a period's indicators.csv."""
    return _write_indicators


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    """``snapshot(folder)``: every file below ``folder`` with its bytes, to prove nothing was written."""
    return _snapshot
