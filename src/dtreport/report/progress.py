"""Periods over time in the report: the changes in section 1, and Appendix II.

Section 1 shows, after its charts, each indicator's change against the previous period
and against the same period a year earlier (percentage points for percentages), then the
trend chart. Appendix II ("PHỤ LỤC II: TIẾN ĐỘ ĐẾN NĂM 2030") sets, per indicator, the
value, the changes, the target aimed at and the two progress measures side by side (Open
SDG's ratio of growth rates, UNSD's projection), each class explained in words; a period
with no earlier period says so in one sentence. Both come from
:func:`dtreport.method.progress.trajectories`; the markup is in the templates. A value
derived from a merged unit's predecessors is marked, and the method stated beneath
(:mod:`dtreport.report.derived`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from markupsafe import Markup

from dtreport.i18n import format_date, text
from dtreport.inputs.history import History
from dtreport.inputs.numbers import Unit, format_number, format_value
from dtreport.lang import Lang
from dtreport.method.evaluation import PeriodResult
from dtreport.method.trajectory import (
    PROGRESS_THRESHOLDS,
    PROJECTION_THRESHOLDS,
    Point,
    ProgressClass,
    Trajectory,
)
from dtreport.report.appendix import attached_to, target_label
from dtreport.report.derived import derived_note, is_derived, period_label
from dtreport.report.html import render

__all__ = [
    "CLASS_ORDER",
    "ChangeRow",
    "ProgressAppendix",
    "ProgressRow",
    "build_progress_appendix",
    "change_rows",
    "changes_section",
    "class_label",
    "format_change",
    "progress_appendix_section",
    "reason_text",
]

# The order the classes are explained in: from best to worst, then the two "no answer"s.
CLASS_ORDER = (
    ProgressClass.TARGET_ACHIEVED,
    ProgressClass.ON_TRACK,
    ProgressClass.NEEDS_ACCELERATION,
    ProgressClass.LIMITED_PROGRESS,
    ProgressClass.DETERIORATION,
    ProgressClass.INSUFFICIENT_DATA,
    ProgressClass.NOT_ASSESSABLE,
)
# method.trajectory's reasons, by the i18n key that says them to a reader.
_REASONS = {
    "no value this period": "reason_no_value",
    "fewer than two periods with values": "reason_one_period",
    "the target is not a number": "reason_qualitative",
    "the base value is not above 0": "reason_base_zero",
    "the target is not above 0": "reason_target_zero",
    "the target equals the base value": "reason_target_is_base",
    "the base met the target; now it does not": "reason_lost",
    "the periods do not span time": "reason_no_time",
}
# A target's confidence (the catalogue's, where it records one) that needs no mark.
_ONE_PLACE = Decimal("0.1")
_TWO_PLACES = Decimal("0.01")
_MINUS = "\u2212"


def format_change(change: Decimal, unit: Unit, lang: Lang) -> str:
    """A change as a reader reads it: ``+5,0 điểm %`` / ``+5.0 pp``; ``−120`` for a count.

    A change of a percentage is a difference of percentage points, not a percentage of
    the earlier value; one decimal is kept, as the seed's figures have at most two.
    """
    places = _ONE_PLACE if unit is Unit.PERCENT else Decimal(1)
    rounded = change.quantize(places, rounding=ROUND_HALF_UP)
    sign = "+" if rounded > 0 else _MINUS if rounded < 0 else ""
    figure = format_number(abs(rounded), lang, decimals=1 if unit is Unit.PERCENT else 0)
    return f"{sign}{figure}{text('points_unit', lang) if unit is Unit.PERCENT else ''}"


def _ratio(value: float, lang: Lang) -> str:
    number = Decimal(repr(value)).quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)
    return format_number(number, lang, decimals=2).replace("-", _MINUS)


def _rate(value: float, lang: Lang) -> str:
    """A yearly rate (0.2) as a percentage a year: ``20,0%``."""
    number = (Decimal(repr(value)) * 100).quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)
    return format_number(number, lang, decimals=1).replace("-", _MINUS) + "%"


def _projected(value: float, unit: Unit, lang: Lang) -> str:
    places = _ONE_PLACE if unit is Unit.PERCENT else Decimal(1)
    number = Decimal(repr(value)).quantize(places, rounding=ROUND_HALF_UP)
    figure = format_number(number, lang, decimals=1 if unit is Unit.PERCENT else 0)
    return figure + ("%" if unit is Unit.PERCENT else "")


def _point(point: Point, unit: Unit, lang: Lang) -> str:
    """ "2024-H2: 22%": a period and its value, beside a change."""
    return f"{point.period}: {format_value(point.value, unit, lang)}"


def class_label(measure: ProgressClass, lang: Lang) -> str:
    """A progress class as the report names it: ``Đúng lộ trình`` / ``On track``."""
    return text(f"progress_{measure.value}", lang)


def reason_text(reason: str, lang: Lang) -> str:
    """Why a measure could not be computed, in the reader's words (as written if unknown)."""
    key = _REASONS.get(reason)
    return text(key, lang) if key else reason


@dataclass(frozen=True)
class ChangeRow:
    """One indicator in section 1's table of changes."""

    number: str
    name: str
    value: str
    change: str = ""
    previous: str = ""
    change_year: str = ""
    year_ago: str = ""
    indicator_id: str = ""
    previous_derived: bool = False
    year_ago_derived: bool = False


def change_rows(result: PeriodResult, found: Sequence[Trajectory], lang: Lang) -> list[ChangeRow]:
    """A row per indicator with a number this period, numbered as in Appendix I."""
    rows = []
    for number, (a, t) in enumerate(zip(result.assessments, found, strict=True), start=1):
        if t.current is None:
            continue
        rows.append(
            ChangeRow(
                number=str(number),
                name=a.indicator.short_name(lang),
                indicator_id=a.indicator.id,
                **_changes(t, a.indicator.unit, lang),
            )
        )
    return rows


class _Changes(TypedDict):
    """The columns section 1's table of changes and Appendix II share."""

    value: str
    change: str
    previous: str
    change_year: str
    year_ago: str
    previous_derived: bool
    year_ago_derived: bool


def _changes(t: Trajectory, unit: Unit, lang: Lang) -> _Changes:
    """An indicator's value this period and its changes, as both tables show them."""
    return _Changes(
        value=format_value(t.current.value, unit, lang) if t.current else "",
        change=format_change(t.change, unit, lang) if t.change is not None else "",
        previous=_point(t.previous, unit, lang) if t.previous else "",
        change_year=format_change(t.change_year, unit, lang) if t.change_year is not None else "",
        year_ago=_point(t.year_ago, unit, lang) if t.year_ago else "",
        previous_derived=is_derived(t.previous),
        year_ago_derived=is_derived(t.year_ago),
    )


def changes_section(
    result: PeriodResult,
    found: Sequence[Trajectory],
    history: History,
    chart: Markup,
    lang: Lang,
) -> Markup:
    """Section 1's changes: the table, then ``chart``; nothing when there is no earlier period.

    The seed-like first period keeps section 1 as it was; Appendix II says in a sentence
    that there is nothing to compare with.
    """
    if not history.periods:
        return Markup("")
    params = result.inputs.params
    return render(
        "progress_changes.html.j2",
        lang=lang,
        intro=text(
            "changes_intro",
            lang,
            period=params.period,
            date=format_date(params.as_of, lang),
            earlier=", ".join(period_label(p, lang) for p in history.periods),
        ),
        value_column=text("value_this_period", lang, period=params.period),
        rows=change_rows(result, found, lang),
        chart=chart,
        derived_note=derived_note(result.inputs.project, params, history, lang),
    )


@dataclass(frozen=True)
class ProgressRow:
    """One row of Appendix II: a pillar heading, or an indicator and its two measures."""

    is_pillar: bool
    number: str
    name: str
    value: str = ""
    change: str = ""
    previous: str = ""
    change_year: str = ""
    year_ago: str = ""
    target: str = ""
    unverified: bool = False
    progress_code: str = ""
    progress_label: str = ""
    progress_detail: str = ""
    projection_code: str = ""
    projection_label: str = ""
    projection_detail: str = ""
    beyond_100: bool = False
    note: str = ""
    indicator_id: str = ""
    previous_derived: bool = False
    year_ago_derived: bool = False


@dataclass(frozen=True)
class ProgressAppendix:
    """Appendix II in one language: headings, the table, and the notes that explain it.

    ``rows`` is empty for a period with no earlier period; ``no_history`` then says so.
    ``derived_note`` states how values derived from a merged unit's predecessors were made
    ("" when none is shown).
    """

    lang: Lang
    heading: str
    subtitle: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[ProgressRow, ...]
    methods: tuple[str, ...]
    classes: tuple[tuple[str, str], ...]
    disagree: str
    no_history: str = ""
    beyond_100: bool = False
    unverified: bool = False
    derived_note: str = ""


def _thresholds(values: tuple[float, float, float], lang: Lang) -> dict[str, str]:
    high, medium, low = (
        format_number(Decimal(repr(v)), lang, decimals=2).replace("-", _MINUS) for v in values
    )
    return {"high": high, "medium": medium, "low": low}


def _indicator_row(number: int, name: str, t: Trajectory, unit: Unit, lang: Lang) -> ProgressRow:
    """An indicator's row of Appendix II, from its trajectory."""
    target = t.target
    progress_detail = projection_detail = ""
    if t.cagr is not None and t.required_cagr is not None and t.progress_ratio is not None:
        progress_detail = text(
            "progress_detail",
            lang,
            rate=_rate(t.cagr, lang),
            needed=_rate(t.required_cagr, lang),
            ratio=_ratio(t.progress_ratio, lang),
        )
    if t.projected_value is not None and t.projection_ratio is not None and target is not None:
        projection_detail = text(
            "projection_detail",
            lang,
            year=target.year,
            value=_projected(t.projected_value, unit, lang)
            + ("*" if t.projection_beyond_100 and unit is Unit.PERCENT else ""),
            ratio=_ratio(t.projection_ratio, lang),
        )
    return ProgressRow(
        is_pillar=False,
        number=str(number),
        name=name,
        target=f"{target_label(target, unit, lang)} ({target.year})" if target else "",
        unverified=target is not None and not target.is_verified,
        progress_code=t.progress_class.value,
        progress_label=class_label(t.progress_class, lang),
        progress_detail=progress_detail,
        projection_code=t.projection_class.value,
        projection_label=class_label(t.projection_class, lang),
        projection_detail=projection_detail,
        beyond_100=t.projection_beyond_100 and unit is Unit.PERCENT,
        note=reason_text(t.reason, lang) if t.reason else "",
        indicator_id=t.indicator_id,
        **_changes(t, unit, lang),
    )


def build_progress_appendix(
    result: PeriodResult, found: Sequence[Trajectory], history: History, lang: Lang
) -> ProgressAppendix:
    """Appendix II of a period's result in ``lang``, from its trajectories and history."""
    params = result.inputs.params
    years = [t.target.year for t in found if t.target is not None]
    horizon = max(years) if years else params.parsed_period.year
    rows: list[ProgressRow] = []
    if history.periods:
        pillar = None
        for number, (a, t) in enumerate(zip(result.assessments, found, strict=True), start=1):
            if a.indicator.pillar != pillar:
                pillar = a.indicator.pillar
                rows.append(ProgressRow(True, pillar, a.indicator.pillar_name(lang)))
            name = a.indicator.short_name(lang)
            rows.append(_indicator_row(number, name, t, a.indicator.unit, lang))
    earlier = ", ".join(period_label(p, lang, dated=True) for p in history.periods)
    return ProgressAppendix(
        lang=lang,
        heading=text("appendix_2", lang, year=horizon),
        subtitle=attached_to(params, lang),
        intro=text(
            "progress_intro",
            lang,
            period=params.period,
            date=format_date(params.as_of, lang),
            earlier=earlier,
        ),
        columns=(
            text("no", lang),
            text("indicator", lang),
            text("value_this_period", lang, period=params.period),
            text("change_previous", lang),
            text("change_year_ago", lang),
            text("target_aimed", lang),
            text("progress_column", lang),
            text("projection_column", lang),
            text("note", lang),
        ),
        rows=tuple(rows),
        methods=(
            text("progress_method", lang, **_thresholds(PROGRESS_THRESHOLDS, lang)),
            text("projection_method", lang, **_thresholds(PROJECTION_THRESHOLDS, lang)),
        ),
        classes=tuple(
            (class_label(c, lang), text(f"progress_{c.value}_means", lang)) for c in CLASS_ORDER
        ),
        disagree=text("methods_disagree", lang),
        no_history="" if history.periods else text("no_earlier_period", lang, period=params.period),
        beyond_100=any(r.beyond_100 for r in rows),
        unverified=any(r.unverified for r in rows),
        derived_note=derived_note(result.inputs.project, params, history, lang),
    )


def progress_appendix_section(appendix: ProgressAppendix) -> Markup:
    """Appendix II on landscape pages, after Appendix I and before the technical annex."""
    return render("progress_appendix.html.j2", lang=appendix.lang, appendix=appendix)
