"""The commands with ``--unit``: which reports there are, which are refused, and where to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dtreport.cli import main
from dtreport.cli.common import all_reports, known_periods
from dtreport.paths import Project

UNIT = "P24-bac-ninh-2025"
OLD = "P24-bac-giang"
Snapshot = Callable[[Path], dict[str, bytes]]


@pytest.fixture
def mixed(make_unit_project: Callable[..., Project]) -> Project:
    """The seed's three periods in the default layout, and two units' periods."""
    return make_unit_project((UNIT, "2025-H2"), (UNIT, "2026-H1"), (OLD, "2025-H1"))


def run(project: Project, *args: str) -> int:
    return main([*args, "--root", str(project.root)])


def test_all_reports_covers_both_layouts(mixed: Project) -> None:
    (mixed.params_dir / "notes").mkdir()  # a folder without params is no unit
    assert all_reports(mixed) == [
        ("", "2024-H1"),
        ("", "2024-H2"),
        ("", "2025-H1"),
        (OLD, "2025-H1"),
        (UNIT, "2025-H2"),
        (UNIT, "2026-H1"),
    ]
    assert all_reports(mixed, UNIT) == [(UNIT, "2025-H2"), (UNIT, "2026-H1")]
    assert all_reports(mixed, "") == [("", "2024-H1"), ("", "2024-H2"), ("", "2025-H1")]
    assert all_reports(mixed, "P01-ha-noi-2025") == []
    assert known_periods(mixed, OLD) == ["2025-H1"]


def test_an_unknown_period_of_a_unit_lists_the_units_periods(
    mixed: Project, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    before = snapshot(mixed.root)
    assert run(mixed, "validate", "2025-H1", "--unit", UNIT) == 2
    assert capsys.readouterr().err.strip() == (
        f"dtreport: error: no period 2025-H1 of unit {UNIT}: params/{UNIT}/2025-H1.yaml does "
        f"not exist (periods of unit {UNIT}: 2025-H2, 2026-H1)"
    )
    assert run(mixed, "run", "2025-H2", "--unit", "P01-ha-noi-2025") == 2
    err = capsys.readouterr().err
    assert "(periods of unit P01-ha-noi-2025: none; units with reports: " in err
    assert f"{OLD}, {UNIT})" in err
    assert snapshot(mixed.root) == before


@pytest.mark.parametrize("unit", ["../data", "rollup", "Hà-Nội"])
def test_a_malformed_unit_is_a_command_line_error(
    mixed: Project, capsys: pytest.CaptureFixture[str], unit: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(mixed, "attainment", "2025-H2", "--unit", unit)
    assert caught.value.code == 2
    assert "is not a unit id" in capsys.readouterr().err


def test_a_report_for_a_unit_that_had_ended_is_refused(
    mixed: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    params = mixed.params_dir / OLD / "2025-H2.yaml"
    params.write_text(f"period: 2025-H2\nas_of: 2025-12-31\nunit: {OLD}\n", encoding="utf-8")
    assert run(mixed, "run", "2025-H2", "--unit", OLD) == 1
    err = capsys.readouterr().err
    assert f"params/{OLD}/2025-H2.yaml, line 3, key unit: unit {OLD} (tỉnh Bắc Giang) ended " in err
    assert f"it became part of {UNIT} (tỉnh Bắc Ninh)" in err
    assert "Traceback" not in err
    # Nothing published; the failed run is noted under the unit's own root.
    assert not (mixed.output_dir / OLD / "2025-H2").exists()
    assert (mixed.output_dir / OLD / ".runs" / "2025-H2.json").is_file()


def test_attainment_of_a_unit_reads_its_data(
    mixed: Project, capsys: pytest.CaptureFixture[str], write_indicators: Callable[..., Path]
) -> None:
    write_indicators(mixed, "indicator_id,value\nQD749-01,1\n")  # the default unit's: not read
    assert run(mixed, "attainment", "2025-H2", "--unit", UNIT) == 0
    out = capsys.readouterr().out
    assert "tỉnh Bắc Ninh đã hoàn thành 11 chỉ tiêu" in out


def test_a_template_for_a_unit_goes_to_its_data_folder(
    mixed: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(mixed, "template", "2026-H2", "--unit", UNIT) == 0
    assert capsys.readouterr().out.strip() == f"written: data/{UNIT}/2026-H2/indicators.xlsx"
    assert (mixed.data_dir / UNIT / "2026-H2" / "indicators.xlsx").is_file()


def test_no_template_for_a_unit_out_of_force(
    mixed: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(mixed, "template", "2025-H2", "--unit", OLD) == 2
    err = capsys.readouterr().err
    assert f"--unit {OLD}: Bắc Giang province is not in force during period 2025-H2" in err
    assert f"it became part of {UNIT}" in err
    assert run(mixed, "template", "2025-H2", "--unit", "P24-bac-ninh-2052") == 2
    assert "did you mean P24-bac-ninh-2025" in capsys.readouterr().err
    assert not (mixed.data_dir / OLD / "2025-H2").exists()
