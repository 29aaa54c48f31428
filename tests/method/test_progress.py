"""Progress over periods (method.progress): trajectories from a result and its history, and
the table ``progress.csv`` holds.

The project is ``tests/fixtures/history/`` (three made-up periods dated as the series of
tests/method/test_trajectory.py), so FX-01 and FX-02 repeat its hand-computed numbers;
FX-04's are computed by hand in the comments (ln and exp to 6 places).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from dtreport.inputs.history import History, load_history
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import PeriodResult, evaluate
from dtreport.method.progress import (
    PROGRESS_COLUMNS,
    current_point,
    indicator_points,
    progress_frame,
    trajectories,
)
from dtreport.method.trajectory import ProgressClass
from dtreport.outputs.exports import csv_bytes
from dtreport.paths import Project

P = ProgressClass


@pytest.fixture
def history_project(
    project: Project, with_history_periods: Callable[[Project], Project]
) -> Project:
    """The project copy with its periods replaced by the fixture's three."""
    with_history_periods(project)
    return project


def _at(project: Project, period: str) -> tuple[PeriodResult, History]:
    inputs = load_period(project, period)
    return evaluate(inputs), load_history(project, inputs.params)


def _rows(frame_csv: bytes) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(frame_csv.decode("utf-8")))
    return {row["indicator_id"]: row for row in reader}


def test_the_columns_of_progress_csv(history_project: Project) -> None:
    frame = progress_frame(trajectories(*_at(history_project, "2025-H1")))
    assert list(frame.columns) == PROGRESS_COLUMNS == [
        "indicator_id", "previous_period", "previous_value", "previous_derived", "change",
        "year_ago_period", "year_ago_value", "year_ago_derived", "change_year", "base_period",
        "base_value", "base_derived", "value", "target_year", "target_value", "cagr",
        "required_cagr", "progress_ratio", "progress_class", "projected_value",
        "projection_ratio", "projection_class",
    ]  # fmt: skip
    assert list(frame["indicator_id"]) == ["FX-01", "FX-02", "FX-03", "FX-04"]
    # A unit's own earlier periods are not derived (inputs.merger makes the derived ones).
    for column in ("previous_derived", "year_ago_derived", "base_derived"):
        assert set(frame[column]) == {"false"}


def test_a_higher_is_better_share_over_three_periods(history_project: Project) -> None:
    rows = _rows(csv_bytes(progress_frame(trajectories(*_at(history_project, "2025-H1")))))
    row = rows["FX-01"]
    # Values in the indicator's unit (60 for 60%), changes in percentage points.
    previous = (row["previous_period"], row["previous_value"], row["change"])
    assert previous == ("2024-H2", "55.0", "5.0")
    assert (row["year_ago_period"], row["year_ago_value"], row["change_year"]) == (
        "2024-H1",
        "50.0",
        "10.0",
    )
    assert (row["base_period"], row["base_value"], row["value"]) == ("2024-H1", "50.0", "60.0")
    # The latest target (2030, 80%) is the one aimed at, not the applicable 2025 one.
    assert (row["target_year"], row["target_value"]) == ("2030", "80.0")
    # As tests/method/test_trajectory.py computes them by hand.
    assert float(row["cagr"]) == pytest.approx(0.200150, abs=1e-5)
    assert float(row["required_cagr"]) == pytest.approx(0.074958, abs=1e-5)
    assert float(row["progress_ratio"]) == pytest.approx(2.67016, abs=1e-3)
    assert float(row["projected_value"]) == pytest.approx(163.753, abs=0.01)
    assert float(row["projection_ratio"]) == pytest.approx(3.7918, abs=1e-3)
    assert row["progress_class"] == row["projection_class"] == "on_track"


def test_a_lower_is_better_share_takes_its_direction_from_the_catalogue(
    history_project: Project,
) -> None:
    rows = _rows(csv_bytes(progress_frame(trajectories(*_at(history_project, "2025-H1")))))
    row = rows["FX-02"]
    assert (row["change"], row["change_year"], row["target_value"]) == ("-5.0", "-10.0", "10.0")
    # tests/method/test_trajectory.py: cagr −0.250148, required −0.192003, ratio 1.30283,
    # projected 6.153; (6.153 − 40) / (10 − 40) = 1.1282.
    assert float(row["cagr"]) == pytest.approx(-0.250148, abs=1e-5)
    assert float(row["required_cagr"]) == pytest.approx(-0.192003, abs=1e-5)
    assert float(row["progress_ratio"]) == pytest.approx(1.30283, abs=1e-3)
    assert float(row["projected_value"]) == pytest.approx(6.153, abs=0.01)
    assert float(row["projection_ratio"]) == pytest.approx(1.1282, abs=1e-3)
    assert row["progress_class"] == row["projection_class"] == "on_track"


def test_a_qualitative_latest_target_is_not_assessable_and_its_cells_are_empty(
    history_project: Project,
) -> None:
    found = trajectories(*_at(history_project, "2025-H1"))
    assert found[2].progress_class is P.NOT_ASSESSABLE and "not a number" in found[2].reason
    row = _rows(csv_bytes(progress_frame(found)))["FX-03"]
    assert (row["change"], row["target_year"], row["target_value"]) == ("2.0", "2030", "")
    assert row["cagr"] == row["progress_ratio"] == row["projected_value"] == ""
    assert row["progress_class"] == row["projection_class"] == "not_assessable"


def test_a_count(history_project: Project) -> None:
    row = _rows(csv_bytes(progress_frame(trajectories(*_at(history_project, "2025-H1")))))["FX-04"]
    changes = (row["change"], row["change_year"], row["target_value"])
    assert changes == ("100.0", "200.0", "2000.0")
    # cagr = exp(ln 1.4 × 1.000685) − 1 = exp(0.336702) − 1 = 0.400322;
    # required = exp(ln 4 / 6.502396) − 1 = exp(0.213197) − 1 = 0.237628; ratio 1.68466;
    # projected = 700 × exp(0.336702 × 5.503080) = 700 × 6.378274 = 4464.79;
    # (4464.79 − 500) / 1500 = 2.64319.
    assert float(row["cagr"]) == pytest.approx(0.400322, abs=1e-5)
    assert float(row["required_cagr"]) == pytest.approx(0.237628, abs=1e-5)
    assert float(row["progress_ratio"]) == pytest.approx(1.68466, abs=1e-3)
    assert float(row["projected_value"]) == pytest.approx(4464.79, rel=1e-4)
    assert float(row["projection_ratio"]) == pytest.approx(2.64319, abs=1e-3)


def test_the_first_period_has_nothing_to_compare_with(history_project: Project) -> None:
    result, history = _at(history_project, "2024-H1")
    assert history.periods == ()
    found = trajectories(result, history)
    assert all(t.progress_class is P.INSUFFICIENT_DATA for t in found)
    frame = progress_frame(found)
    assert set(frame["previous_period"]) == {""} and frame["change"].isna().all()
    assert list(frame["value"]) == [50.0, 40.0, 90.0, 500.0]


def test_a_middle_period_ignores_the_later_one(history_project: Project) -> None:
    (fx01, *_) = trajectories(*_at(history_project, "2024-H2"))
    assert fx01.previous is not None and fx01.previous.period == "2024-H1"
    assert fx01.change == Decimal("5") and fx01.year_ago is None and fx01.change_year is None


def test_the_points_of_each_indicator_end_with_the_periods_own(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    points = indicator_points(result, history)
    assert [(p.period, p.value) for p in points["FX-01"]] == [
        ("2024-H1", Decimal("50")),
        ("2024-H2", Decimal("55")),
        ("2025-H1", Decimal("60")),
    ]


def test_a_withheld_value_is_not_a_point(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    withheld = replace(result.assessments[0], withheld=True)
    assert current_point(result, withheld) is None
    shown = replace(result, assessments=[withheld, *result.assessments[1:]])
    (fx01, *_) = trajectories(shown, history)
    assert fx01.current is None and fx01.progress_class is P.INSUFFICIENT_DATA


def test_the_csv_is_the_same_bytes_each_time(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    first = csv_bytes(progress_frame(trajectories(result, history)))
    assert first == csv_bytes(progress_frame(trajectories(*_at(history_project, "2025-H1"))))
    header = first.decode("utf-8").splitlines()[0]
    assert header == ",".join(PROGRESS_COLUMNS)


def test_rates_are_rounded_to_six_places(history_project: Project) -> None:
    frame = progress_frame(trajectories(*_at(history_project, "2025-H1")))
    for value in frame["cagr"].dropna():
        assert math.isclose(value, round(value, 6))
