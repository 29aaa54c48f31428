"""The DAG's settings, the reports it finds, and each report's folders and parameters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from dtreport_airflow.plan import (
    VARIABLES,
    Report,
    Settings,
    SettingsError,
    find_reports,
    run_folder_name,
    settings_from,
)

ParamsTree = Callable[..., Path]


def _values(**given: str) -> dict[str, str | None]:
    return {VARIABLES[key]: value for key, value in given.items()}


def test_settings_default_to_the_projects_output_and_kernel(params_tree: ParamsTree) -> None:
    root = params_tree()
    settings = settings_from(_values(root=str(root)))
    assert settings == Settings(root=root, output=root / "output", periods=(), kernel="dtreport")
    assert settings.notebook == root / "notebooks" / "01-period-report.ipynb"
    assert settings.dtreport == root / ".venv" / "bin" / "dtreport"


def test_settings_read_periods_output_and_kernel(params_tree: ParamsTree, tmp_path: Path) -> None:
    root = params_tree()
    settings = settings_from(
        _values(
            root=str(root),
            periods=" 2024-H1, 2025-H2 ,,",
            output=str(tmp_path / "shared"),
            kernel="dtreport-prod",
        )
    )
    assert settings.periods == ("2024-H1", "2025-H2")
    assert settings.output == tmp_path / "shared"
    assert settings.kernel == "dtreport-prod"


def test_a_missing_root_names_the_variable_and_its_environment_twin() -> None:
    with pytest.raises(SettingsError, match=r"dtreport_root is not set.*AIRFLOW_VAR_DTREPORT_ROOT"):
        settings_from({})


@pytest.mark.parametrize("name", ["root", "output"])
def test_a_relative_folder_is_refused(params_tree: ParamsTree, name: str) -> None:
    root = params_tree()
    given = {"root": str(root), name: "srv/dtreport"}
    with pytest.raises(
        SettingsError, match=f"{VARIABLES[name]}: 'srv/dtreport' is not an absolute"
    ):
        settings_from(_values(**given))


def test_a_root_without_params_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="has no params/ folder"):
        settings_from(_values(root=str(tmp_path)))


def test_a_period_that_is_no_period_id_is_refused(params_tree: ParamsTree) -> None:
    with pytest.raises(SettingsError, match="dtreport_periods: '2024-h1' is not a period id"):
        settings_from(_values(root=str(params_tree()), periods="2024-H2,2024-h1"))


def test_reports_of_both_layouts_default_unit_first(params_tree: ParamsTree) -> None:
    root = params_tree(
        "2025-H1.yaml", "2024-H1.yaml", "U2/2025-H2.yaml", "U1/2025-H2.yaml", "U1/2024.yaml"
    )
    found = find_reports(root)
    assert found.reports == [
        Report("", "2024-H1"),
        Report("", "2025-H1"),
        Report("U1", "2024"),
        Report("U1", "2025-H2"),
        Report("U2", "2025-H2"),
    ]
    assert found.skipped == []


def test_only_the_periods_asked_for(params_tree: ParamsTree) -> None:
    root = params_tree("2024-H1.yaml", "2025-H1.yaml", "U1/2025-H1.yaml", "U1/2025-H2.yaml")
    assert find_reports(root, ["2025-H1"]).reports == [
        Report("", "2025-H1"),
        Report("U1", "2025-H1"),
    ]


def test_a_period_asked_for_that_no_unit_has_is_an_error(params_tree: ParamsTree) -> None:
    root = params_tree("2024-H1.yaml")
    with pytest.raises(SettingsError, match="dtreport_periods names 2030, which no params file"):
        find_reports(root, ["2024-H1", "2030"])


def test_names_dtreport_would_refuse_are_passed_over_and_said(params_tree: ParamsTree) -> None:
    root = params_tree(
        "2024-H1.yaml",
        "2024-h2.yaml",
        "notes.yaml",
        "rollup/2024-H1.yaml",
        "-bad/2024-H1.yaml",
        ".hidden/2024-H1.yaml",
        "U1/draft 2024.yaml",
        "U1/2024-H1.yaml",
    )
    (root / "params" / "U3").mkdir()  # a unit folder with no params file yet
    found = find_reports(root)
    assert found.reports == [Report("", "2024-H1"), Report("U1", "2024-H1")]
    assert found.skipped == [
        "params/2024-h2.yaml: '2024-h2' is not a period id",
        "params/notes.yaml: 'notes' is not a period id",
        "params/-bad/: not a unit id of data/units.csv",
        "params/U1/draft 2024.yaml: 'draft 2024' is not a period id",
        "params/rollup/: not a unit id of data/units.csv",
    ]


def test_a_reports_group_folders_and_parameters(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path / "project", output=tmp_path / "out")
    unit = Report("P24-bac-ninh-2025", "2025-H2")
    assert unit.group_id == "P24-bac-ninh-2025__2025-H2"
    assert unit.label == "P24-bac-ninh-2025 2025-H2"
    assert unit.published(settings) == tmp_path / "out" / "P24-bac-ninh-2025" / "2025-H2"
    work = unit.work(settings, "run-1")
    assert work == tmp_path / "out" / "P24-bac-ninh-2025" / ".airflow" / "2025-H2" / "run-1"
    assert unit.parameters(settings, str(work)) == {
        "period": "2025-H2",
        "root": str(tmp_path / "project"),
        "output_dir": f"{work}/report",
        "unit": "P24-bac-ninh-2025",
    }


def test_the_default_units_report_passes_no_unit_and_no_validation_file(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path / "project", output=tmp_path / "out")
    default = Report("", "2024-H1")
    assert default.group_id == "2024-H1"
    assert default.published(settings) == tmp_path / "out" / "2024-H1"
    parameters = default.parameters(settings, "w")
    assert "unit" not in parameters
    # The notebook runs the checks itself when it is given no validation file.
    assert "validation_file" not in parameters


def test_group_ids_of_different_reports_differ() -> None:
    reports = [
        Report("", "2024"),
        Report("2024", "2024"),
        Report("a__b", "2024"),
        Report("a", "2024"),
    ]
    assert len({report.group_id for report in reports}) == len(reports)


@pytest.mark.parametrize(
    ("run_id", "folder"),
    [
        ("manual__2025-07-05T06:00:00+00:00", "manual__2025-07-05T06-00-00-00-00"),
        ("scheduled__2025-08-05T06:00:00.123+07:00", "scheduled__2025-08-05T06-00-00.123-07-00"),
        ("team/backfill~1", "team-backfill-1"),
        ("..", "run"),
    ],
)
def test_run_folder_names_hold_safe_characters_only(run_id: str, folder: str) -> None:
    assert run_folder_name(run_id) == folder
