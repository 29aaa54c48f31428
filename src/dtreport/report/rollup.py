"""The roll-up report: many units' results for one period on A4 landscape pages.

Title and period, one sentence on who reported, then 1. the units not counted and why,
2. the method, 3. the units × indicators heat map (each cell carries its status as a short
label, and a grey shade or pattern of its own so that it reads in greyscale), 4. the
statuses per indicator, 5. the ranking. The page is one template
(``assets/templates/html/rollup.html.j2``); the counts, shares and ranks come from
:mod:`dtreport.method.rollup`.

No chart: the heat map already draws each indicator's statuses down its column, and the
table of section 2 gives their exact counts, so a bar chart would say the same a third time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup

from dtreport.i18n import format_date, text
from dtreport.inputs.catalog import Catalog, Indicator
from dtreport.inputs.numbers import format_number
from dtreport.lang import Lang
from dtreport.method.rollup import Standing, distribution
from dtreport.period import Period
from dtreport.report.html import render
from dtreport.status import ACHIEVED, Status

__all__ = ["SECTIONS", "Rollup", "rollup_page", "share_percent", "status_order"]

# The sections' numbers, as the summary and the heat map's notes refer to them.
# The first page says who is counted and how; then who is behind on which indicator, and how
# each unit ranks, each on pages of its own.
SECTIONS = {"not_counted": 1, "method": 2, "heatmap": 3, "distribution": 4, "ranking": 5}
_NO_RANK = "—"


@dataclass(frozen=True)
class Rollup:
    """What the roll-up report shows.

    ``standings`` best first (:func:`dtreport.method.rollup.standings`); ``catalog`` the
    catalogue the units are compared on (``None`` when no unit is counted).
    """

    period: Period
    lang: Lang
    standings: tuple[Standing, ...]
    catalog: Catalog | None

    @property
    def counted(self) -> list[Standing]:
        """The units whose results are counted."""
        return [s for s in self.standings if s.reported]

    @property
    def ranked(self) -> list[Standing]:
        """The units with a rank."""
        return [s for s in self.standings if s.rank is not None]

    @property
    def not_counted(self) -> list[Standing]:
        """The units that sent nothing or whose inputs failed a critical check."""
        return [s for s in self.standings if not s.reported]

    @property
    def indicators(self) -> list[tuple[int, Indicator]]:
        """The indicators that apply to the period, numbered as in Appendix I."""
        if self.catalog is None:
            return []
        return [
            (n, i)
            for n, i in enumerate(self.catalog.indicators, start=1)
            if i.applies_to(self.period)
        ]


def share_percent(share: Fraction, lang: Lang) -> str:
    """A share as a percentage with two decimals: ``91,67%`` (vi), ``91.67%`` (en).

    Rounded half to even from the exact fraction.
    """
    hundredths = round(share * 10_000)
    return format_number(Decimal(hundredths).scaleb(-2), lang, decimals=2) + "%"


def status_order() -> list[Status]:
    """The statuses in the order the key and the tables list them: best first."""
    return list(Status)


@dataclass(frozen=True)
class _Column:
    number: int
    indicator_id: str
    short_name: str
    name: str


@dataclass(frozen=True)
class _Cell:
    code: str
    short: str
    label: str


@dataclass(frozen=True)
class _HeatRow:
    rank: str
    name: str
    unit_id: str
    cells: tuple[_Cell, ...]
    achieved: str


@dataclass(frozen=True)
class _CountRow:
    number: int
    short_name: str
    name: str
    counts: tuple[int, ...]
    achieved: str


@dataclass(frozen=True)
class _RankRow:
    rank: str
    name: str
    unit_id: str
    achieved: str
    share: str


@dataclass(frozen=True)
class _ReasonRow:
    name: str
    unit_id: str
    reason: str


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def _cell(status: Status | None, lang: Lang) -> _Cell:
    if status is None:  # the unit's catalogue lacks the indicator
        return _Cell("none", _NO_RANK, "")
    return _Cell(status.value, text(f"status_short_{status.value}", lang), status.label(lang))


def _heat_rows(rollup: Rollup, columns: Sequence[_Column]) -> list[_HeatRow]:
    rows = []
    for s in rollup.standings:
        cells = tuple(_cell(s.statuses.get(c.indicator_id), rollup.lang) for c in columns)
        rows.append(
            _HeatRow(
                rank=str(s.rank) if s.rank is not None else _NO_RANK,
                name=s.name,
                unit_id=s.unit_id,
                cells=cells if s.reported else (),
                achieved=_fraction(s.achieved, s.assessed) if s.reported else "",
            )
        )
    return rows


def _count_rows(
    rollup: Rollup, columns: Sequence[_Column], statuses: Sequence[Status]
) -> list[_CountRow]:
    counts = distribution(rollup.counted, [c.indicator_id for c in columns])
    rows = []
    for column in columns:
        found = counts[column.indicator_id]
        achieved = sum(found[s] for s in ACHIEVED)
        assessed = sum(n for s, n in found.items() if s in _ASSESSED)
        rows.append(
            _CountRow(
                number=column.number,
                short_name=column.short_name,
                name=column.name,
                counts=tuple(found[s] for s in statuses),
                achieved=_fraction(achieved, assessed),
            )
        )
    return rows


# The statuses the share is computed over (method.rollup: indicators less no data).
_ASSESSED = frozenset({Status.EXCEEDED, Status.MET, Status.IN_PROGRESS, Status.NOT_MET})


def _rank_rows(rollup: Rollup) -> list[_RankRow]:
    return [
        _RankRow(
            rank=str(s.rank) if s.rank is not None else _NO_RANK,
            name=s.name,
            unit_id=s.unit_id,
            achieved=_fraction(s.achieved, s.assessed),
            share=share_percent(s.share, rollup.lang)
            if s.share is not None
            else text("rollup_unranked", rollup.lang),
        )
        for s in rollup.counted
    ]


def _period_lines(rollup: Rollup) -> list[str]:
    """The period with its days, then the catalogue the units are compared on."""
    lang, period = rollup.lang, rollup.period
    start, end = format_date(period.start, lang), format_date(period.end, lang)
    lines = [text("rollup_period", lang, period=period.id, start=start, end=end)]
    if rollup.catalog is not None:
        framework = rollup.catalog.title(lang) or rollup.catalog.id
        lines.append(text("rollup_framework", lang, framework=framework))
    return lines


def _summary(rollup: Rollup) -> str:
    lang = rollup.lang
    sentence = text(
        "rollup_summary",
        lang,
        reported=len(rollup.counted),
        units=len(rollup.standings),
        ranked=len(rollup.ranked),
    )
    if rollup.not_counted:
        missing = text(
            "rollup_summary_missing",
            lang,
            n=len(rollup.not_counted),
            section=SECTIONS["not_counted"],
        )
        sentence = f"{sentence} {missing}"
    return sentence


def rollup_page(rollup: Rollup, css: str, illustrative_mark: str = "") -> str:
    """The roll-up report as one HTML document, styled by ``css`` (a shipped stylesheet).

    ``illustrative_mark`` (the mark of made-up figures), when given, heads the page with a
    banner saying so; the stylesheet prints it on every page.
    """
    lang = rollup.lang
    columns = [_Column(n, i.id, i.short_name(lang), i.name(lang)) for n, i in rollup.indicators]
    # Only what the table shows: a unit's status for an indicator that no longer applies
    # to the period has no column, so it has no place in the key either.
    present = {s.statuses[c.indicator_id] for s in rollup.counted for c in columns
               if c.indicator_id in s.statuses}  # fmt: skip
    statuses = [s for s in status_order() if s in present]
    key = [_Cell(s.value, text(f"status_short_{s.value}", lang), s.label(lang)) for s in statuses]
    title = f"{text('rollup_kind', lang)} {rollup.period.id}"
    return render(
        "rollup.html.j2",
        lang=lang,
        title=title,
        # The shipped stylesheets, never text from an input: inserted as written.
        css=Markup(css),
        illustrative_mark=illustrative_mark,
        illustrative_note=text("rollup_illustrative_note", lang) if illustrative_mark else "",
        period_lines=_period_lines(rollup),
        summary=_summary(rollup),
        sections=SECTIONS,
        period=rollup.period.id,
        columns=columns,
        heat_rows=_heat_rows(rollup, columns),
        key=key,
        statuses=[s.label(lang) for s in statuses],
        count_rows=_count_rows(rollup, columns, statuses),
        counted=len(rollup.counted),
        rank_rows=_rank_rows(rollup),
        reason_rows=[_ReasonRow(s.name, s.unit_id, s.reason) for s in rollup.not_counted],
    )
