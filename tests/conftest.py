"""Shared fixtures: a throw-away copy of the project, so tests never touch the real inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dtreport.paths import Project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# Appendix I of the seed report, column "Mức hoàn thành", as printed.
SEED_LABELS = [
    "Đạt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Đạt chỉ tiêu",
    "Đang thực hiện", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu", "Vượt chỉ tiêu",
    "Đạt chỉ tiêu", "Đạt chỉ tiêu", "Vượt chỉ tiêu",
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the project's params, data, expectations and notebooks in a temp folder."""
    root = tmp_path / "project"
    for name in ("params", "data", "expectations", "notebooks"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name)
    (root / "output").mkdir()
    return Project(root)


def write_indicators(project: Project, text: str, period: str = "2024-H1") -> Path:
    """Replace a period's indicators.csv with ``text``."""
    path = project.data_dir / period / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove nothing was written."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
