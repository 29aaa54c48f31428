"""The roll-up: many units' results for one period, counted, shared and ranked side by side.

Pure functions: each unit's statuses (from its :class:`PeriodResult`) in; one standing per
unit and the table written to ``rollup.csv`` out. Nothing here reads or writes files. The
rules (docs/methodology.md, "Roll-up"):

- ``indicators`` counts the catalogue indicators that apply to the period: one that no
  longer applies (``not_applicable``) is not asked of the unit and is left out.
- ``achieved`` = ``exceeded`` + ``met``.
- ``no_data`` counts every applicable indicator without an assessed status: no value,
  a qualitative target the unit did not assess (``not_assessed``), a value withheld
  because it failed a check. So ``indicators`` = ``achieved`` + ``in_progress`` +
  ``not_met`` + ``no_data``, and ``indicators`` − ``no_data`` is the number assessed.
- ``share_achieved`` = ``achieved`` / (``indicators`` − ``no_data``), an exact fraction;
  a unit with no assessed indicator has no share and no rank.
- ``rank``: 1 is the highest share; equal shares (compared as fractions, never as
  floats) share a rank and the next rank skips as many places (competition ranking,
  "1224").
- A unit that did not report, or whose inputs failed a critical check, has no counts,
  no share and no rank; the reason is kept for the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

import pandas as pd

from dtreport.method.evaluation import PeriodResult
from dtreport.status import ACHIEVED, Status

__all__ = [
    "ROLLUP_COLUMNS",
    "ROLLUP_FILE",
    "SHARE_PLACES",
    "Standing",
    "UnitEntry",
    "competition_ranks",
    "distribution",
    "entry_from_result",
    "not_reported",
    "rollup_table",
    "share_text",
    "standings",
]

# The roll-up's table, in output/rollup/<period>/ (read back by report.rollup_place).
ROLLUP_FILE = "rollup.csv"
ROLLUP_COLUMNS = [
    "unit_id",
    "name",
    "reported",
    "indicators",
    "achieved",
    "exceeded",
    "met",
    "in_progress",
    "not_met",
    "no_data",
    "share_achieved",
    "rank",
]
# rollup.csv writes the share rounded to 6 decimal places: the same bytes on every machine.
SHARE_PLACES = 6
# Statuses that count as "no data" in the roll-up: applicable, but with no assessed status.
_UNASSESSED = frozenset({Status.NO_DATA, Status.NOT_ASSESSED})


@dataclass(frozen=True)
class UnitEntry:
    """What the roll-up takes from one unit: its status per indicator, or why it has none.

    ``statuses`` maps indicator ids to statuses in catalogue order; ``None`` when the unit
    is not counted as reported, ``reason`` then says why (in the report's language).
    """

    unit_id: str
    name: str
    statuses: Mapping[str, Status] | None
    reason: str = ""

    @property
    def reported(self) -> bool:
        """True when the unit's results are counted."""
        return self.statuses is not None


def entry_from_result(unit_id: str, name: str, result: PeriodResult) -> UnitEntry:
    """The entry of a unit whose period was read, evaluated and passed every critical check.

    A withheld value (a draft's) carries ``not_assessed`` already, so it counts as no data.
    """
    return UnitEntry(unit_id, name, {a.indicator.id: a.status for a in result.assessments})


def not_reported(unit_id: str, name: str, reason: str) -> UnitEntry:
    """The entry of a unit that is not counted: it sent nothing, or its inputs failed a check."""
    return UnitEntry(unit_id, name, None, reason)


@dataclass(frozen=True)
class Standing:
    """One unit's line of the roll-up: its counts, share and rank (``None`` where it has none).

    ``statuses`` is the unit's status per indicator (empty when it did not report), for the
    table of units by indicators; ``order`` is its place in the list the roll-up was given.
    """

    unit_id: str
    name: str
    reported: bool
    counts: Mapping[Status, int] = field(default_factory=dict)
    share: Fraction | None = None
    rank: int | None = None
    statuses: Mapping[str, Status] = field(default_factory=dict)
    reason: str = ""
    order: int = 0

    @property
    def indicators(self) -> int:
        """The indicators that apply to the period (``not_applicable`` left out)."""
        return sum(n for s, n in self.counts.items() if s is not Status.NOT_APPLICABLE)

    @property
    def achieved(self) -> int:
        """Exceeded plus met."""
        return sum(self.counts.get(s, 0) for s in ACHIEVED)

    @property
    def no_data(self) -> int:
        """Applicable indicators without an assessed status (no data, not assessed, withheld)."""
        return sum(self.counts.get(s, 0) for s in _UNASSESSED)

    @property
    def assessed(self) -> int:
        """The share's denominator: the applicable indicators with an assessed status."""
        return self.indicators - self.no_data

    def count(self, status: Status) -> int:
        """How many of the unit's indicators stand at ``status``."""
        return self.counts.get(status, 0)


def competition_ranks(shares: Sequence[Fraction | None]) -> list[int | None]:
    """Each share's rank: 1 for the highest, ties share a rank, the next skips ("1224").

    A share of ``None`` (nothing assessed, or not reported) gets no rank and takes no place.
    Shares are exact fractions, so 2/3 and 4/6 tie and 0.1 + 0.2 never differs from 0.3.
    """
    ranked = [s for s in shares if s is not None]
    return [None if s is None else 1 + sum(other > s for other in ranked) for s in shares]


def _share(achieved: int, assessed: int) -> Fraction | None:
    return Fraction(achieved, assessed) if assessed else None


def standings(entries: Sequence[UnitEntry]) -> list[Standing]:
    """Every unit's standing, best first.

    Order: the ranked units by rank, ties in the order ``entries`` gives them; then the
    units that reported with nothing assessed; then the units not counted as reported, each
    group in the order given.
    """
    found = []
    for order, entry in enumerate(entries):
        if entry.statuses is None:
            found.append(Standing(entry.unit_id, entry.name, False, reason=entry.reason,
                                  order=order))  # fmt: skip
            continue
        counts = dict(Counter(entry.statuses.values()))
        standing = Standing(entry.unit_id, entry.name, True, counts,
                            statuses=dict(entry.statuses), order=order)  # fmt: skip
        found.append(replace(standing, share=_share(standing.achieved, standing.assessed)))
    ranks = competition_ranks([s.share for s in found])
    ranked = [replace(s, rank=rank) for s, rank in zip(found, ranks, strict=True)]
    return sorted(ranked, key=_place)


def _place(standing: Standing) -> tuple[int, int, int]:
    if standing.rank is not None:
        return 0, standing.rank, standing.order
    return (1 if standing.reported else 2), 0, standing.order


def share_text(share: Fraction | None, places: int = SHARE_PLACES) -> str:
    """A share as ``rollup.csv`` writes it: ``0.916667``; empty when there is none.

    Rounded half to even from the exact fraction, so no float ever decides a digit.
    """
    if share is None:
        return ""
    scaled = round(share * 10**places)
    whole, part = divmod(scaled, 10**places)
    return f"{whole}.{part:0{places}d}" if places else str(whole)


def rollup_table(found: Iterable[Standing]) -> pd.DataFrame:
    """The roll-up as written to ``rollup.csv``: :data:`ROLLUP_COLUMNS`, every cell text.

    ``reported`` is ``true`` or ``false``; a unit not counted has empty counts, share and
    rank; a unit with nothing assessed has its counts and an empty share and rank.
    """
    rows = []
    for s in found:
        counts = (
            {
                "indicators": str(s.indicators),
                "achieved": str(s.achieved),
                "exceeded": str(s.count(Status.EXCEEDED)),
                "met": str(s.count(Status.MET)),
                "in_progress": str(s.count(Status.IN_PROGRESS)),
                "not_met": str(s.count(Status.NOT_MET)),
                "no_data": str(s.no_data),
            }
            if s.reported
            else {}
        )
        rows.append(
            {
                "unit_id": s.unit_id,
                "name": s.name,
                "reported": "true" if s.reported else "false",
                **counts,
                "share_achieved": share_text(s.share),
                "rank": "" if s.rank is None else str(s.rank),
            }
        )
    return pd.DataFrame(rows, columns=ROLLUP_COLUMNS, dtype=object).fillna("")


def distribution(
    found: Iterable[Standing], indicator_ids: Sequence[str]
) -> dict[str, Counter[Status]]:
    """How many reporting units stand at each status, per indicator, in ``indicator_ids`` order.

    A unit whose catalogue lacks an indicator is not counted for it.
    """
    counts: dict[str, Counter[Status]] = {i: Counter() for i in indicator_ids}
    for standing in found:
        for indicator_id, status in standing.statuses.items():
            if indicator_id in counts:
                counts[indicator_id][status] += 1
    return counts
