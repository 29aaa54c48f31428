"""Progress over periods: each indicator's trajectory from a period's result and its history.

The current value is the one the report shows (a draft's withheld value does not count);
the earlier ones come from :func:`dtreport.inputs.history.load_history`. Each indicator
aims at its latest target (:func:`~dtreport.method.trajectory.latest_numeric_target`),
in the direction its catalogue row gives. The measures themselves are
:func:`dtreport.method.trajectory.trajectory`'s (docs/methodology.md, "Trajectory").
A merged unit's earlier values derived from its predecessors (:mod:`dtreport.inputs.merger`)
keep that mark on their points, and ``progress.csv`` says which of its values are derived.
Pure functions: nothing here reads or writes a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

from dtreport.inputs.history import History
from dtreport.method.attainment import Assessment
from dtreport.method.evaluation import PeriodResult
from dtreport.method.trajectory import Point, Trajectory, latest_numeric_target, trajectory

__all__ = [
    "PROGRESS_COLUMNS",
    "current_point",
    "indicator_points",
    "progress_frame",
    "trajectories",
]

PROGRESS_COLUMNS = [
    "indicator_id",
    "previous_period",
    "previous_value",
    "previous_derived",
    "change",
    "year_ago_period",
    "year_ago_value",
    "year_ago_derived",
    "change_year",
    "base_period",
    "base_value",
    "base_derived",
    "value",
    "target_year",
    "target_value",
    "cagr",
    "required_cagr",
    "progress_ratio",
    "progress_class",
    "projected_value",
    "projection_ratio",
    "projection_class",
]
# Rates and ratios come from pow(); its last digit may differ from one C library to
# another, so they are rounded for the same bytes on every machine.
_PLACES = 6


def current_point(result: PeriodResult, assessment: Assessment) -> Point | None:
    """The period's own value of an indicator as the report shows it; ``None`` without one.

    A draft's withheld value (it failed a critical check) is not a point to measure from.
    """
    number = assessment.reported.value.number
    if number is None or assessment.withheld or not assessment.reported.readable:
        return None
    params = result.inputs.params
    return Point(params.as_of, params.period, number)


def indicator_points(result: PeriodResult, history: History) -> dict[str, list[Point]]:
    """Each catalogue indicator's points, oldest first: the history's, then the period's own.

    An indicator without a number in some period simply has no point there; a value derived
    from a merged unit's predecessors keeps their ids (``Point.derived_from``).
    """
    points: dict[str, list[Point]] = {}
    for assessment in result.assessments:
        indicator_id = assessment.indicator.id
        series = [
            Point(past.as_of, past.period, past.values[indicator_id], past.derived_from)
            for past in history.periods
            if indicator_id in past.values
        ]
        current = current_point(result, assessment)
        points[indicator_id] = sorted([*series, *([current] if current else [])])
    return points


def trajectories(result: PeriodResult, history: History) -> list[Trajectory]:
    """One trajectory per catalogue indicator, in catalogue order, at the result's period."""
    points = indicator_points(result, history)
    period = result.inputs.params.period
    return [
        trajectory(
            a.indicator.id,
            points[a.indicator.id],
            period,
            latest_numeric_target(a.indicator.targets),
            a.indicator.direction,
        )
        for a in result.assessments
    ]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, _PLACES)


def _derived(point: Point | None) -> str:
    """``true`` when the point's value was derived from a merged unit's predecessors."""
    return "true" if point is not None and point.derived_from else "false"


def progress_frame(found: Sequence[Trajectory]) -> pd.DataFrame:
    """The trajectories as ``progress.csv`` holds them: one row per indicator.

    Values, changes and targets are numbers in the indicator's unit (42.13 for 42,13%; a
    change of a share in percentage points); ``cagr`` and ``required_cagr`` are yearly
    rates as fractions (0.2 = 20% a year); the ratios are fractions too. Rates and ratios
    are rounded to 6 decimal places. Empty (NaN, or "" for a period) where a measure does
    not apply; the classes are always given. ``previous_derived``, ``year_ago_derived`` and
    ``base_derived`` are ``true`` where that value was derived from a merged unit's
    predecessors (docs/methodology.md, "Merged units"), else ``false``.
    """
    rows = []
    for t in found:
        target = t.target
        rows.append(
            {
                "indicator_id": t.indicator_id,
                "previous_period": t.previous.period if t.previous else "",
                "previous_value": _number(t.previous.value if t.previous else None),
                "previous_derived": _derived(t.previous),
                "change": _number(t.change),
                "year_ago_period": t.year_ago.period if t.year_ago else "",
                "year_ago_value": _number(t.year_ago.value if t.year_ago else None),
                "year_ago_derived": _derived(t.year_ago),
                "change_year": _number(t.change_year),
                "base_period": t.base.period if t.base else "",
                "base_value": _number(t.base.value if t.base else None),
                "base_derived": _derived(t.base),
                "value": _number(t.current.value if t.current else None),
                "target_year": target.year if target else None,
                "target_value": _number(target.threshold if target else None),
                "cagr": _rounded(t.cagr),
                "required_cagr": _rounded(t.required_cagr),
                "progress_ratio": _rounded(t.progress_ratio),
                "progress_class": t.progress_class.value,
                "projected_value": _rounded(t.projected_value),
                "projection_ratio": _rounded(t.projection_ratio),
                "projection_class": t.projection_class.value,
            }
        )
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    numbers = [
        "previous_value", "change", "year_ago_value", "change_year", "base_value", "value",
        "target_value", "cagr", "required_cagr", "progress_ratio", "projected_value",
        "projection_ratio",
    ]  # fmt: skip
    for column in numbers:
        frame[column] = frame[column].astype("float64")
    frame["target_year"] = frame["target_year"].astype("Int64")
    return frame
