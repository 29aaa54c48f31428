"""Trajectory: what changed since earlier periods, and whether an indicator is on track.

Two measures side by side (docs/methodology.md, "Trajectory"), both over the points
(``as_of`` date, value) of the periods up to the current one:

- ``progress_class``: the Open SDG / Statistics Canada ratio of the observed compound
  annual growth rate to the rate the target requires (thresholds 0.95, 0.60, 0);
- ``projection_class``: the UNSD Progress Chart projection of the current value to the
  target year at the observed rate, as a share of the distance from base to target
  (thresholds 0.95, 0.10, 0).

Both apply rules 1 to 4 first: too few points, a target no ratio can read, a target
already met (even from a base equal to it), a base that met the target and a current
value that no longer does.
Pure functions: nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dtreport.inputs.target import Direction, Target
from dtreport.method.attainment import compare
from dtreport.period import Period, parse_period
from dtreport.status import ACHIEVED

__all__ = [
    "PROGRESS_THRESHOLDS",
    "PROJECTION_THRESHOLDS",
    "Point",
    "ProgressClass",
    "Trajectory",
    "latest_numeric_target",
    "trajectory",
    "years_between",
]

# Lower bounds of on_track, needs_acceleration and limited_progress; below the last,
# deterioration.
PROGRESS_THRESHOLDS = (0.95, 0.60, 0.0)
PROJECTION_THRESHOLDS = (0.95, 0.10, 0.0)
_DAYS_PER_YEAR = 365.25


class ProgressClass(StrEnum):
    """Where an indicator stands on its way to a target."""

    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_ASSESSABLE = "not_assessable"


@dataclass(frozen=True, order=True)
class Point:
    """One period's value of an indicator, at the date it was estimated to.

    ``derived_from`` names the predecessor units a merged unit's value was derived from
    (:mod:`dtreport.inputs.merger`); empty for a unit's own figure. It is a mark for the
    reader, not part of the point's place in time, so it takes no part in comparisons.
    """

    as_of: date
    period: str
    value: Decimal
    derived_from: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Trajectory:
    """An indicator's changes and its two progress measures at one period.

    Changes are in the indicator's unit (percentage points for shares). ``reason`` says
    why a measure could not be computed (``not_assessable``, ``insufficient_data``).
    """

    indicator_id: str
    current: Point | None
    previous: Point | None = None
    change: Decimal | None = None
    year_ago: Point | None = None
    change_year: Decimal | None = None
    base: Point | None = None
    target: Target | None = None
    cagr: float | None = None
    required_cagr: float | None = None
    progress_ratio: float | None = None
    progress_class: ProgressClass = ProgressClass.INSUFFICIENT_DATA
    projected_value: float | None = None
    projection_ratio: float | None = None
    projection_class: ProgressClass = ProgressClass.INSUFFICIENT_DATA
    reason: str = ""

    @property
    def projection_beyond_100(self) -> bool:
        """True when the projection passes 100 (a share cannot; the report says so)."""
        return self.projected_value is not None and self.projected_value > 100


def years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end``: days / 365.25."""
    return (end - start).days / _DAYS_PER_YEAR


def latest_numeric_target(targets: Sequence[Target]) -> Target | None:
    """The target the trajectory aims at: 2030 where set, else the latest one there is.

    The latest target is returned even when it is qualitative ("phổ cập"): the measures
    then say it is not assessable, rather than fall back to an older number.
    """
    return max(targets, key=lambda t: t.year) if targets else None


def _classify(value: float, thresholds: tuple[float, float, float]) -> ProgressClass:
    high, medium, low = thresholds
    if value >= high:
        return ProgressClass.ON_TRACK
    if value >= medium:
        return ProgressClass.NEEDS_ACCELERATION
    if value >= low:
        return ProgressClass.LIMITED_PROGRESS
    return ProgressClass.DETERIORATION


def _meets(value: Decimal, target: Target, period: Period) -> bool:
    return compare(value, target, period) in ACHIEVED


def _year_ago(period_id: str) -> str:
    """The id of the same period a year earlier: 2025-H1 -> 2024-H1, 2025 -> 2024."""
    year, _, rest = period_id.partition("-")
    return f"{int(year) - 1}" + (f"-{rest}" if rest else "")


def trajectory(
    indicator_id: str,
    points: Sequence[Point],
    current_period: str,
    target: Target | None,
    direction: Direction = Direction.HIGHER,
) -> Trajectory:
    """The trajectory of one indicator at ``current_period`` from ``points`` (any order).

    Only points up to the current period's own date count. ``target`` is the indicator's
    latest target (:func:`latest_numeric_target`).
    """
    period = parse_period(current_period)
    by_period = {p.period: p for p in points}
    current = by_period.get(current_period)
    history = sorted(p for p in points if current is None or p.as_of <= current.as_of)
    earlier = [p for p in history if p.period != current_period]
    previous = earlier[-1] if earlier and current else None
    year_ago = by_period.get(_year_ago(current_period)) if current else None
    changes = Trajectory(
        indicator_id,
        current,
        previous=previous,
        change=current.value - previous.value if current and previous else None,
        year_ago=year_ago,
        change_year=current.value - year_ago.value if current and year_ago else None,
        base=history[0] if history and current else None,
        target=target,
    )
    if current is None or len(history) < 2:
        why = "no value this period" if current is None else "fewer than two periods with values"
        return _both(changes, ProgressClass.INSUFFICIENT_DATA, why)
    base = history[0]
    if target is None or target.threshold is None:
        return _both(changes, ProgressClass.NOT_ASSESSABLE, "the target is not a number")
    goal = target.threshold
    if base.value <= 0:
        return _both(changes, ProgressClass.NOT_ASSESSABLE, "the base value is not above 0")
    if goal <= 0:
        return _both(changes, ProgressClass.NOT_ASSESSABLE, "the target is not above 0")
    # A value that meets its target has achieved it, whatever the base: 100% against a
    # 100% target is achieved, though no ratio can be read from a base of 100%.
    if _meets(current.value, target, period):
        return _both(changes, ProgressClass.TARGET_ACHIEVED, "")
    if goal == base.value:
        return _both(changes, ProgressClass.NOT_ASSESSABLE, "the target equals the base value")
    if _meets(base.value, target, parse_period(base.period)):
        # Both rates share a sign here, so their ratio would read as on track.
        return _both(
            changes, ProgressClass.DETERIORATION, "the base met the target; now it does not"
        )
    t = years_between(base.as_of, current.as_of)
    big_t = years_between(base.as_of, date(target.year, 12, 31))
    if t <= 0 or big_t <= 0:
        return _both(changes, ProgressClass.NOT_ASSESSABLE, "the periods do not span time")
    ratio_now = float(current.value / base.value)
    cagr = ratio_now ** (1 / t) - 1
    required = float(goal / base.value) ** (1 / big_t) - 1
    progress_ratio = cagr / required
    projected = float(current.value) * (1 + cagr) ** (big_t - t)
    projection_ratio = (projected - float(base.value)) / float(goal - base.value)
    return replace(
        changes,
        cagr=cagr,
        required_cagr=required,
        progress_ratio=progress_ratio,
        progress_class=_classify(progress_ratio, PROGRESS_THRESHOLDS),
        projected_value=projected,
        projection_ratio=projection_ratio,
        projection_class=_classify(projection_ratio, PROJECTION_THRESHOLDS),
    )


def _both(changes: Trajectory, measure: ProgressClass, reason: str) -> Trajectory:
    """The same class from both measures, for the rules that come before any rate."""
    return replace(changes, progress_class=measure, projection_class=measure, reason=reason)
