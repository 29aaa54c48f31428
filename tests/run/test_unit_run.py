"""``dtreport run --unit`` end to end: a unit's report, published under its own folder."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable

import pytest

from dtreport.cli import main
from dtreport.paths import Project

pytestmark = pytest.mark.e2e

UNIT = "P24-bac-ninh-2025"


@pytest.fixture(scope="module")
def unit_run(make_module_unit_project: Callable[..., Project]) -> tuple[Project, str]:
    """One real run of a unit's period whose params say period, as_of and unit alone."""
    project = make_module_unit_project((UNIT, "2025-H2"), name="units")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["run", "2025-H2", "--unit", UNIT, "--formats", "html,pdf",
                     "--root", str(project.root)])  # fmt: skip
    assert code == 0, printed.getvalue()
    return project, printed.getvalue()


def test_the_report_goes_to_the_units_folder(unit_run: tuple[Project, str]) -> None:
    project, out = unit_run
    folder = project.output_dir / UNIT / "2025-H2"
    assert sorted(p.name for p in folder.iterdir()) == [
        "attainment.csv", "manifest.json", "progress.csv", "report.html", "report.ipynb",
        "report.pdf", "validation.json",
    ]  # fmt: skip
    assert not (project.output_dir / "2025-H2").exists()
    assert not list((project.output_dir / UNIT / ".staging").iterdir())
    assert out.splitlines()[-1].startswith(f"{UNIT}/2025-H2: 11 of 13 achieved")
    assert out.splitlines()[-1].endswith(f"; output/{UNIT}/2025-H2/report.html")


def test_the_letterhead_and_summary_name_the_registrys_province(
    unit_run: tuple[Project, str],
) -> None:
    project, _ = unit_run
    page = (project.output_dir / UNIT / "2025-H2" / "report.html").read_text(encoding="utf-8")
    assert "TỈNH BẮC NINH" in page  # the letterhead, in capitals
    assert "tỉnh Bắc Ninh đã hoàn thành 11 chỉ tiêu" in page
    assert "Bắc Giang" not in page
    assert str(project.root) not in page


def test_the_manifest_names_the_units_inputs(unit_run: tuple[Project, str]) -> None:
    project, _ = unit_run
    manifest = json.loads(
        (project.output_dir / UNIT / "2025-H2" / "manifest.json").read_text(encoding="utf-8")
    )
    assert list(manifest["inputs"])[:5] == [
        f"params/{UNIT}/2025-H2.yaml",
        "data/catalog/qd749.csv",
        f"data/{UNIT}/2025-H2/indicators.csv",
        f"data/{UNIT}/2025-H2/metrics.csv",
        "data/units.csv",
    ]
    assert manifest["parameters"]["unit"] == UNIT
    assert manifest["parameters"]["output_dir"] == f"output/{UNIT}/2025-H2"


def test_the_index_and_the_listing_show_the_units_report(
    unit_run: tuple[Project, str], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = unit_run
    index = (project.output_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{UNIT}/2025-H2/report.pdf"' in index
    assert re.search(r'<th colspan="8">tỉnh Bắc Ninh / Bắc Ninh province <span', index)
    assert not (project.output_dir / UNIT / "index.html").exists()
    assert main(["list", "--root", str(project.root)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert f"{UNIT}: tỉnh Bắc Ninh / Bắc Ninh province" in listing
    assert any(line.split()[:3] == [f"{UNIT}/2025-H2", "vi", "current"] for line in listing)


def test_run_all_with_a_unit_runs_that_units_reports_only(
    unit_run: tuple[Project, str], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = unit_run
    before = (project.output_dir / UNIT / "2025-H2" / "report.html").read_bytes()
    code = main(["run", "--all", "--unit", UNIT, "--formats", "html",
                 "--root", str(project.root)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(rf"^{UNIT}/2025-H2\s+ok\s", out, re.MULTILINE)
    assert "1 report(s): 1 published, 0 as draft, 0 failed" in out
    assert "2024-H1" not in out and not (project.output_dir / "2024-H1").exists()
    # Same inputs, same bytes.
    assert (project.output_dir / UNIT / "2025-H2" / "report.html").read_bytes() == before
