"""Trajectory (method.trajectory): changes, the Open SDG ratio and the UNSD projection.

Expected values are computed by hand in the comments (ln and exp to 6 places), not by
the code under test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dtreport.inputs.numbers import Unit
from dtreport.inputs.target import Direction, Target, parse_target
from dtreport.method.trajectory import (
    Point,
    ProgressClass,
    latest_numeric_target,
    trajectory,
    years_between,
)

P = ProgressClass


def _points(*values: tuple[str, date, str]) -> list[Point]:
    return [Point(as_of, period, Decimal(value)) for period, as_of, value in values]


def _target(text: str, year: int = 2030, direction: Direction = Direction.HIGHER) -> Target:
    return parse_target(text, year, direction, Unit.PERCENT)


SERIES = _points(
    ("2024-H1", date(2024, 6, 30), "50"),
    ("2024-H2", date(2024, 12, 31), "55"),
    ("2025-H1", date(2025, 6, 30), "60"),
)


def test_a_three_period_series() -> None:
    result = trajectory("X", SERIES, "2025-H1", _target("80%"))
    # Changes: against 2024-H2 (the previous period) and 2024-H1 (a year earlier).
    assert result.change == Decimal("5") and result.previous and result.previous.period == "2024-H2"
    assert (
        result.change_year == Decimal("10")
        and result.year_ago
        and result.year_ago.period == "2024-H1"
    )
    assert result.base == SERIES[0]
    # t = 365 days / 365.25 = 0.999316; cagr = exp(0.182322 × 1.000685) − 1
    # = 1.2 × exp(0.000125) − 1 = 0.200150
    assert result.cagr == pytest.approx(0.200150, abs=1e-5)
    # T = 2375 days (2024-06-30 → 2030-12-31) / 365.25 = 6.502396;
    # required = exp(ln 1.6 / 6.502396) − 1 = 0.074958
    assert result.required_cagr == pytest.approx(0.074958, abs=1e-5)
    # 0.200150 / 0.074958 = 2.67016
    assert result.progress_ratio == pytest.approx(2.67016, abs=1e-3)
    assert result.progress_class is P.ON_TRACK
    # projected = 60 × 1.200150^(6.502396 − 0.999316) = 60 × exp(1.004017) = 163.753
    assert result.projected_value == pytest.approx(163.753, abs=0.01)
    # (163.753 − 50) / (80 − 50) = 3.7918
    assert result.projection_ratio == pytest.approx(3.7918, abs=1e-3)
    assert result.projection_class is P.ON_TRACK and result.projection_beyond_100


def test_a_lower_is_better_indicator_reads_both_rates_as_negative() -> None:
    points = _points(("2024-H1", date(2024, 6, 30), "40"), ("2025-H1", date(2025, 6, 30), "30"))
    target = _target("không quá 10%", direction=Direction.LOWER)
    result = trajectory("X", points, "2025-H1", target, Direction.LOWER)
    # cagr = exp(−0.287682 × 1.000685) − 1 = −0.250148; required = exp(−1.386294 / 6.502396)
    # − 1 = exp(−0.213197) − 1 = −0.192003; ratio = 0.250148 / 0.192003 = 1.30283
    assert result.cagr == pytest.approx(-0.250148, abs=1e-5)
    assert result.required_cagr == pytest.approx(-0.192003, abs=1e-5)
    assert result.progress_ratio == pytest.approx(1.30283, abs=1e-3)
    assert result.progress_class is P.ON_TRACK
    # projected = 30 × exp(−0.287879 × 5.503080) = 6.153; (6.153 − 40) / (10 − 40) = 1.128
    assert result.projected_value == pytest.approx(6.153, abs=0.01)
    assert result.projection_class is P.ON_TRACK


def test_one_point_is_not_enough() -> None:
    result = trajectory("X", SERIES[:1], "2024-H1", _target("80%"))
    assert result.progress_class is P.INSUFFICIENT_DATA is result.projection_class
    assert result.cagr is None and result.change is None


def test_no_value_this_period_is_not_enough() -> None:
    result = trajectory("X", SERIES[:2], "2025-H1", _target("80%"))
    assert result.progress_class is P.INSUFFICIENT_DATA and "no value" in result.reason


@pytest.mark.parametrize(
    ("base", "target", "reason"),
    [
        ("0", "80%", "base value"),
        ("50", "phổ cập", "not a number"),
        ("50", "0%", "target is not above 0"),
    ],
)
def test_what_no_ratio_can_read_is_not_assessable(base: str, target: str, reason: str) -> None:
    points = _points(("2024-H1", date(2024, 6, 30), base), ("2025-H1", date(2025, 6, 30), "60"))
    result = trajectory("X", points, "2025-H1", _target(target))
    assert result.progress_class is P.NOT_ASSESSABLE is result.projection_class
    assert reason in result.reason


def test_a_target_equal_to_the_base_is_not_assessable() -> None:
    points = _points(("2024-H1", date(2024, 6, 30), "80"), ("2025-H1", date(2025, 6, 30), "70"))
    result = trajectory("X", points, "2025-H1", _target("trên 80%"))
    assert result.progress_class is P.NOT_ASSESSABLE and "equals the base" in result.reason


def test_a_target_already_met() -> None:
    points = _points(("2024-H1", date(2024, 6, 30), "50"), ("2025-H1", date(2025, 6, 30), "85"))
    assert trajectory("X", points, "2025-H1", _target("80%")).progress_class is P.TARGET_ACHIEVED


def test_a_base_that_met_the_target_and_a_current_value_that_no_longer_does() -> None:
    # Both rates are negative here (85 → 75 against 80): their ratio alone would be positive.
    points = _points(("2024-H1", date(2024, 6, 30), "85"), ("2025-H1", date(2025, 6, 30), "75"))
    result = trajectory("X", points, "2025-H1", _target("80%"))
    assert result.progress_class is P.DETERIORATION is result.projection_class
    assert result.progress_ratio is None


def test_a_value_moving_away_from_its_target() -> None:
    points = _points(("2024-H1", date(2024, 6, 30), "50"), ("2025-H1", date(2025, 6, 30), "45"))
    result = trajectory("X", points, "2025-H1", _target("80%"))
    assert result.progress_ratio is not None and result.progress_ratio < 0
    assert result.progress_class is P.DETERIORATION is result.projection_class
    assert result.change_year == Decimal("-5")


def test_later_periods_do_not_count() -> None:
    result = trajectory("X", SERIES, "2024-H2", _target("80%"))
    assert result.current == SERIES[1] and result.previous == SERIES[0]


def test_the_latest_target_is_the_one_aimed_at() -> None:
    targets = (_target("80%", 2025), _target("90%", 2030))
    assert latest_numeric_target(targets) == targets[1]
    assert latest_numeric_target(()) is None


# Open SDG's published implementation, open-sdg/sdg-build commit 6d3d128 ("Methodology
# changes", sdg/ProgressMeasure.py, methodology_2 with its default thresholds), run on these
# inputs: base year 2015, current year 2020, target year 2030. Its years are whole; here the
# dates are 31 December, so t and T differ by a day or so and the ratios by under 0.1%.
OPEN_SDG_CASES = [
    # direction, base, current, target, Open SDG's class, Open SDG's ratio
    ("higher", "50", "60", "80%", P.ON_TRACK, 1.1668),
    ("higher", "50", "55", "80%", P.NEEDS_ACCELERATION, 0.6046),
    ("higher", "50", "52", "80%", P.LIMITED_PROGRESS, 0.2474),
    ("higher", "50", "45", "80%", P.DETERIORATION, -0.6551),
    ("lower", "40", "30", "10%", P.NEEDS_ACCELERATION, 0.6334),
    ("lower", "40", "38", "10%", P.LIMITED_PROGRESS, 0.1156),
    ("lower", "40", "45", "10%", P.DETERIORATION, -0.2700),
    ("higher", "50", "85", "80%", P.TARGET_ACHIEVED, None),
]


@pytest.mark.parametrize(
    ("direction", "base", "current", "target", "expected", "ratio"), OPEN_SDG_CASES
)
def test_open_sdg_worked_cases(
    direction: str,
    base: str,
    current: str,
    target: str,
    expected: ProgressClass,
    ratio: float | None,
) -> None:
    way = Direction(direction)
    points = _points(("2015", date(2015, 12, 31), base), ("2020", date(2020, 12, 31), current))
    result = trajectory("X", points, "2020", _target(target, 2030, way), way)
    assert result.progress_class is expected
    if ratio is not None:
        assert result.progress_ratio == pytest.approx(ratio, rel=2e-3)


def test_years_are_days_over_365_25() -> None:
    assert years_between(date(2024, 1, 1), date(2025, 1, 1)) == pytest.approx(366 / 365.25)


def test_a_value_at_a_target_equal_to_its_base_has_achieved_it() -> None:
    # 100% in both periods against a 100% target: achieved, though no ratio can be read.
    points = _points(("2024-H1", date(2024, 6, 30), "100"), ("2025-H1", date(2025, 6, 30), "100"))
    result = trajectory("X", points, "2025-H1", _target("100%"))
    assert result.progress_class is P.TARGET_ACHIEVED is result.projection_class
    assert result.reason == ""
