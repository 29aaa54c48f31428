"""A period's history (inputs.history): which earlier periods count, what is read of them, how
the checks report one left out, and the params flag that marks made-up periods.

Every test works on a temporary project whose own periods are those of
``tests/fixtures/history/`` (three made-up periods of one unit), never the shipped ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dtreport.checks.period_checks import validate_period
from dtreport.errors import ValidationFailed
from dtreport.findings import Severity
from dtreport.inputs.history import HISTORY_CHECK, load_history, same_unit
from dtreport.inputs.params import params_for
from dtreport.paths import Project


@pytest.fixture
def history_project(
    project: Project, with_history_periods: Callable[[Project], Project]
) -> Project:
    """The project copy with its periods replaced by the fixture's three."""
    with_history_periods(project)
    return project


def _add_period(
    project: Project, source: str, period: str, as_of: str, values: str = "", **changes: str
) -> Path:
    """A new period copied from ``source``'s params with ``changes`` (and, given, its data)."""
    text = (project.params_dir / f"{source}.yaml").read_text(encoding="utf-8")
    lines = [
        line
        for line in text.splitlines()
        if line.split(":")[0] not in {"period", "as_of", *changes}
    ]
    # Quoted: a YAML 2024 is a number, and a period id is text.
    lines += [f'period: "{period}"', f"as_of: {as_of}"]
    lines += [f"{key}: {value}" for key, value in changes.items()]
    path = project.params_dir / f"{period}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if values:
        folder = project.data_dir / period
        folder.mkdir()
        (folder / "indicators.csv").write_text(values, encoding="utf-8")
    return path


VALUES = "indicator_id,value\nFX-01,45%\nFX-02,42%\nFX-03,88%\nFX-04,400\n"


def _periods(project: Project, period: str) -> list[str]:
    history = load_history(project, params_for(project, period))
    return [p.period for p in history.periods]


def test_the_earlier_periods_oldest_first_without_the_period_itself(
    history_project: Project,
) -> None:
    history = load_history(history_project, params_for(history_project, "2025-H1"))
    assert [(p.period, p.as_of) for p in history.periods] == [
        ("2024-H1", date(2024, 6, 30)),
        ("2024-H2", date(2024, 12, 31)),
    ]
    assert history.periods[0].values == {
        "FX-01": Decimal("50"),
        "FX-02": Decimal("40"),
        "FX-03": Decimal("90"),
        "FX-04": Decimal("500"),
    }
    assert history.findings == ()
    shown = sorted(history_project.shown(p) for p in history.files)
    assert shown == [
        "data/2024-H1/indicators.csv",
        "data/2024-H2/indicators.csv",
        "params/2024-H1.yaml",
        "params/2024-H2.yaml",
    ]


def test_a_later_period_is_not_history(history_project: Project) -> None:
    assert _periods(history_project, "2024-H2") == ["2024-H1"]
    assert _periods(history_project, "2024-H1") == []


def test_a_period_of_the_same_date_counts(history_project: Project) -> None:
    _add_period(history_project, "2024-H2", "2024", "2024-12-31", VALUES)
    assert _periods(history_project, "2024-H2") == ["2024-H1", "2024"]


def test_another_province_or_catalogue_is_not_history(history_project: Project) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", VALUES,
                province="tỉnh Khác")  # fmt: skip
    _add_period(history_project, "2024-H1", "2023-H1", "2023-06-30", VALUES, catalog="qd749")
    assert _periods(history_project, "2024-H2") == ["2024-H1"]


def test_an_illustrative_period_is_history_only_of_an_illustrative_one(
    history_project: Project,
) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", VALUES, illustrative="true")
    assert _periods(history_project, "2024-H2") == ["2024-H1"]
    _add_period(history_project, "2024-H2", "2024", "2024-12-31", VALUES, illustrative="true")
    assert _periods(history_project, "2024") == ["2023-H2", "2024-H1", "2024-H2"]


def test_the_province_is_compared_without_case_or_spacing(history_project: Project) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", VALUES,
                province="Tỉnh  Thử Nghiệm", reporting_unit="Sở Đổi Tên")  # fmt: skip
    assert _periods(history_project, "2024-H1") == ["2023-H2"]


def test_without_a_province_the_reporting_unit_decides(history_project: Project) -> None:
    one = params_for(history_project, "2024-H1").model_copy(update={"province": ""})
    other = one.model_copy(update={"period": "2023-H2"})
    assert same_unit(one, other)
    assert not same_unit(one, other.model_copy(update={"reporting_unit": "Sở Khác"}))


def test_a_period_without_data_is_left_out_silently(history_project: Project) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31")
    history = load_history(history_project, params_for(history_project, "2024-H2"))
    assert [p.period for p in history.periods] == ["2024-H1"] and history.findings == ()


def test_a_period_whose_data_cannot_be_read_is_left_out_with_a_warning(
    history_project: Project,
) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", "indicator_id,value\n")
    history = load_history(history_project, params_for(history_project, "2024-H2"))
    assert [p.period for p in history.periods] == ["2024-H1"]
    (finding,) = history.findings
    assert finding.severity is Severity.WARNING and finding.check == HISTORY_CHECK
    assert finding.location.file == "data/2023-H2/indicators.csv"
    assert "2023-H2" in finding.message and "2023-H2" in finding.text("vi")


def test_a_params_file_that_cannot_be_read_is_named_in_a_warning(
    history_project: Project,
) -> None:
    (history_project.params_dir / "2023-H2.yaml").write_text("period: [", encoding="utf-8")
    history = load_history(history_project, params_for(history_project, "2024-H2"))
    assert [p.period for p in history.periods] == ["2024-H1"]
    (finding,) = history.findings
    assert finding.location.file == "params/2023-H2.yaml"


def test_a_later_period_is_not_read_at_all(history_project: Project) -> None:
    # Its data would fail; it is later than the period, so nobody hears of it.
    _add_period(history_project, "2024-H1", "2025-H2", "2025-12-31", "indicator_id,value\n")
    history = load_history(history_project, params_for(history_project, "2025-H1"))
    assert [p.period for p in history.periods] == ["2024-H1", "2024-H2"]
    assert history.findings == ()


def test_other_yaml_files_in_params_are_not_periods(history_project: Project) -> None:
    (history_project.params_dir / "notes.yaml").write_text("a: [", encoding="utf-8")
    history = load_history(history_project, params_for(history_project, "2024-H2"))
    assert [p.period for p in history.periods] == ["2024-H1"] and history.findings == ()


def test_a_value_that_is_not_one_number_is_not_a_point(history_project: Project) -> None:
    values = "indicator_id,value\nFX-01,abc\nFX-02,42%\nFX-03,\nFX-04,400\n"
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", values)
    history = load_history(history_project, params_for(history_project, "2024-H1"))
    (earlier,) = history.periods
    assert earlier.values == {"FX-02": Decimal("42"), "FX-04": Decimal("400")}


def test_the_checks_of_a_period_name_an_earlier_period_left_out(history_project: Project) -> None:
    _add_period(history_project, "2024-H1", "2023-H2", "2023-12-31", "indicator_id,value\n")
    report = validate_period(history_project, "2024-H2")
    (finding,) = [f for f in report.findings if f.check == HISTORY_CHECK]
    assert finding.severity is Severity.WARNING and not report.critical
    assert finding.location.file == "data/2023-H2/indicators.csv"


@pytest.mark.parametrize(("written", "read"), [("true", True), ("false", False), ("", False)])
def test_illustrative_is_true_or_false(history_project: Project, written: str, read: bool) -> None:
    path = history_project.params_dir / "2024-H1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"illustrative: {written}\n", "utf-8")
    assert params_for(history_project, "2024-H1").illustrative is read


@pytest.mark.parametrize("written", ['"yes please"', "1", "[true]"])
def test_illustrative_refuses_anything_but_true_or_false(
    history_project: Project, written: str
) -> None:
    path = history_project.params_dir / "2024-H1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"illustrative: {written}\n", "utf-8")
    with pytest.raises(ValidationFailed, match="illustrative must be true or false"):
        params_for(history_project, "2024-H1")
