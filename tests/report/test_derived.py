"""Derived values in the report (report.derived, report.progress, charts.trend_figure): each
value derived from a merged unit's predecessors is marked, and the method stated, in both
languages; a unit's own history is shown exactly as before.

The project is ``tests/fixtures/history/`` (three made-up periods of one unit); its two
earlier periods are turned into derived ones by giving them predecessors, as
:func:`dtreport.inputs.merger.merge_periods` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from markupsafe import Markup

from dtreport.inputs.history import History, load_history
from dtreport.inputs.period_data import load_period
from dtreport.lang import Lang
from dtreport.method.evaluation import PeriodResult, evaluate
from dtreport.method.progress import indicator_points, progress_frame, trajectories
from dtreport.paths import Project
from dtreport.report import charts
from dtreport.report.derived import derived_note, period_label
from dtreport.report.progress import (
    build_progress_appendix,
    changes_section,
    progress_appendix_section,
)

PREDECESSORS = ("P24-bac-giang", "P27-bac-ninh")


@pytest.fixture(scope="module")
def at_2025_h1(
    make_module_project: Callable[..., Project], with_history_periods: Callable[[Project], Project]
) -> tuple[PeriodResult, History]:
    """2025-H1 of the history fixture, and its history (2024-H1, 2024-H2) as it is read."""
    project = with_history_periods(make_module_project())
    inputs = load_period(project, "2025-H1")
    return evaluate(inputs), load_history(project, inputs.params)


def _derived(history: History, *periods: str) -> History:
    """``history`` with ``periods`` marked as derived from :data:`PREDECESSORS`."""
    return replace(
        history,
        periods=tuple(
            replace(p, derived_from=PREDECESSORS) if p.period in periods else p
            for p in history.periods
        ),
    )


def _text(markup: Markup) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", str(markup)).split())


def test_a_unit_s_own_history_has_no_mark_and_no_note(
    at_2025_h1: tuple[PeriodResult, History],
) -> None:
    result, history = at_2025_h1
    found = trajectories(result, history)
    for lang in ("vi", "en"):
        changes = changes_section(result, found, history, Markup(""), lang)
        appendix = progress_appendix_section(build_progress_appendix(result, found, history, lang))
        assert 'class="derived' not in changes + appendix
    assert derived_note(result.inputs.project, result.inputs.params, history, "vi") == ""


@pytest.mark.parametrize(("lang", "mark"), [("vi", "(suy ra)"), ("en", "(derived)")])
def test_each_derived_value_shown_is_marked_and_the_method_stated(
    at_2025_h1: tuple[PeriodResult, History], lang: Lang, mark: str
) -> None:
    result, own = at_2025_h1
    # 2024-H2 (the previous period) derived, 2024-H1 (a year earlier, the base) the unit's own.
    history = _derived(own, "2024-H2")
    found = trajectories(result, history)
    changes = changes_section(result, found, history, Markup(""), lang)
    rows = re.findall(r'<tr data-indicator="(FX-0\d)">(.*?)</tr>', changes)
    assert rows
    for indicator, row in rows:
        # The previous value (2024-H2) is marked; the year-ago one (2024-H1) is not.
        previous, year_ago = re.findall(r"<small>(.*?)</small>", row)
        assert previous.startswith("2024-H2") and mark in _text(Markup(previous)), indicator
        assert year_ago.startswith("2024-H1") and mark not in _text(Markup(year_ago)), indicator
    # The earlier periods are listed with the derived one marked, and the method is stated.
    assert f"2024-H1, 2024-H2 {mark}" in _text(changes)
    note = derived_note(result.inputs.project, result.inputs.params, history, lang)
    assert note in _text(changes).replace("&#39;", "'")
    appendix = progress_appendix_section(build_progress_appendix(result, found, history, lang))
    assert _text(appendix).count(mark) >= len(rows) + 1
    assert note[:60] in _text(appendix).replace("&#39;", "'")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "vi",
            (
                "2024-H2",
                "tỉnh Bắc Giang (P24-bac-giang) và tỉnh Bắc Ninh (P27-bac-ninh)",
                "trung bình cộng",
                "2 chữ số",
                "DTI",
            ),
        ),
        (
            "en",
            (
                "2024-H2",
                "Bắc Giang province (P24-bac-giang) and Bắc Ninh province (P27-bac-ninh)",
                "mean of",
                "2 decimal",
                "DTI",
            ),
        ),
    ],
)
def test_the_method_names_the_periods_the_units_the_mean_and_the_rounding(
    at_2025_h1: tuple[PeriodResult, History], lang: Lang, words: tuple[str, ...]
) -> None:
    result, own = at_2025_h1
    note = derived_note(result.inputs.project, result.inputs.params, _derived(own, "2024-H2"), lang)
    for word in words:
        assert word in note


def test_weights_are_stated_with_their_basis(at_2025_h1: tuple[PeriodResult, History]) -> None:
    result, own = at_2025_h1
    weights = {PREDECESSORS[0]: Decimal(1841000), PREDECESSORS[1]: Decimal(1517000)}
    params = result.inputs.params.model_copy(
        update={"predecessor_weights": weights, "weights_basis": "dân số"}
    )
    note = derived_note(result.inputs.project, params, _derived(own, "2024-H2"), "vi")
    assert "trung bình có trọng số theo dân số" in note
    assert (
        "tỉnh Bắc Giang (P24-bac-giang): 1.841.000; tỉnh Bắc Ninh (P27-bac-ninh): 1.517.000" in note
    )


def test_period_labels_mark_derived_periods(at_2025_h1: tuple[PeriodResult, History]) -> None:
    _, own = at_2025_h1
    first, second = _derived(own, "2024-H2").periods
    assert period_label(first, "vi") == "2024-H1"
    assert period_label(second, "en") == "2024-H2 (derived)"
    assert period_label(second, "vi", dated=True) == "2024-H2 (31/12/2024; suy ra)"


def test_progress_csv_says_which_values_are_derived(
    at_2025_h1: tuple[PeriodResult, History],
) -> None:
    result, own = at_2025_h1
    frame = progress_frame(trajectories(result, _derived(own, "2024-H1")))
    fx01 = frame.set_index("indicator_id").loc["FX-01"]
    # 2024-H1 is both the year-ago period and the base; 2024-H2, the previous, is the unit's.
    assert (fx01["year_ago_period"], fx01["year_ago_derived"]) == ("2024-H1", "true")
    assert (fx01["base_period"], fx01["base_derived"]) == ("2024-H1", "true")
    assert (fx01["previous_period"], fx01["previous_derived"]) == ("2024-H2", "false")


def _legend(figure: object) -> list[str]:
    (legend,) = figure.legends  # type: ignore[attr-defined]
    return [t.get_text() for t in legend.get_texts()]


def _square_markers(figure: object) -> int:
    return sum(
        1
        for axes in figure.axes  # type: ignore[attr-defined]
        for line in axes.get_lines()
        if line.get_marker() == "s" and line.get_markerfacecolor() == "white"
    )


def test_chart_3_draws_derived_values_as_hollow_squares_with_a_legend_entry(
    at_2025_h1: tuple[PeriodResult, History],
) -> None:
    result, own = at_2025_h1
    plain = charts.trend_figure(result.assessments, indicator_points(result, own), "en")
    assert "Derived from the predecessor provinces" not in _legend(plain)
    assert _square_markers(plain) == 0
    derived = _derived(own, "2024-H1", "2024-H2")
    figure = charts.trend_figure(result.assessments, indicator_points(result, derived), "en")
    assert "Derived from the predecessor provinces" in _legend(figure)
    # One set of hollow squares per drawn panel, besides the legend's own.
    panels = sum(1 for axes in figure.axes if axes.get_lines())
    assert _square_markers(figure) == panels
