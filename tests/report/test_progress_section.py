"""Periods over time in the report (report.progress, charts.trend_*): changes in section 1,
chart 3 and Appendix II, in both languages.

The project is ``tests/fixtures/history/`` (three made-up periods), never the shipped one.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import Markup

from dtreport.inputs.history import History, load_history
from dtreport.inputs.numbers import Unit
from dtreport.inputs.period_data import load_period
from dtreport.inputs.target import Direction, parse_target
from dtreport.lang import Lang
from dtreport.method.evaluation import PeriodResult, evaluate
from dtreport.method.progress import indicator_points, trajectories
from dtreport.method.trajectory import ProgressClass
from dtreport.paths import Project
from dtreport.report import charts
from dtreport.report.progress import (
    build_progress_appendix,
    changes_section,
    class_label,
    format_change,
    progress_appendix_section,
    reason_text,
)

TRAJECTORY_SOURCE = (
    Path(__file__).resolve().parents[2] / "src" / "dtreport" / "method" / "trajectory.py"
)


@pytest.fixture(scope="module")
def history_project(
    make_module_project: Callable[..., Project], with_history_periods: Callable[[Project], Project]
) -> Project:
    """A project copy with its periods replaced by the fixture's three."""
    project = make_module_project()
    with_history_periods(project)
    return project


def _at(project: Project, period: str) -> tuple[PeriodResult, History]:
    inputs = load_period(project, period)
    return evaluate(inputs), load_history(project, inputs.params)


def _changes(project: Project, period: str, lang: Lang) -> Markup:
    result, history = _at(project, period)
    return changes_section(
        result, trajectories(result, history), history, Markup("<figure>3</figure>"), lang
    )


def _appendix(project: Project, period: str, lang: Lang) -> Markup:
    result, history = _at(project, period)
    appendix = build_progress_appendix(result, trajectories(result, history), history, lang)
    return progress_appendix_section(appendix)


# ---- the words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "unit", "lang", "shown"),
    [
        ("5", Unit.PERCENT, "vi", "+5,0 điểm %"),
        ("5", Unit.PERCENT, "en", "+5.0 pp"),
        ("-1.25", Unit.PERCENT, "vi", "\u22121,3 điểm %"),
        ("0", Unit.PERCENT, "en", "0.0 pp"),
        ("1200", Unit.COUNT, "vi", "+1.200"),
        ("-35", Unit.COUNT, "en", "\u221235"),
    ],
)
def test_a_change_is_in_points_for_a_percentage(
    change: str, unit: Unit, lang: Lang, shown: str
) -> None:
    assert format_change(Decimal(change), unit, lang) == shown


def test_the_classes_have_the_names_the_report_gives_them() -> None:
    names = {c: (class_label(c, "vi"), class_label(c, "en")) for c in ProgressClass}
    assert names == {
        ProgressClass.ON_TRACK: ("Đúng lộ trình", "On track"),
        ProgressClass.NEEDS_ACCELERATION: ("Cần đẩy nhanh", "Needs acceleration"),
        ProgressClass.LIMITED_PROGRESS: ("Tiến triển hạn chế", "Limited progress"),
        ProgressClass.DETERIORATION: ("Đi xuống", "Deterioration"),
        ProgressClass.TARGET_ACHIEVED: ("Đã đạt mục tiêu", "Target achieved"),
        ProgressClass.INSUFFICIENT_DATA: ("Chưa đủ số liệu", "Insufficient data"),
        ProgressClass.NOT_ASSESSABLE: ("Không đánh giá được", "Not assessable"),
    }


def _reasons() -> set[str]:
    """Every reason method.trajectory gives: the third argument of each ``_both`` call."""
    tree = ast.parse(TRAJECTORY_SOURCE.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_both":
            found |= {
                n.value
                for n in ast.walk(node.args[2])
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "why":
            found |= {
                n.value
                for n in ast.walk(node.value)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
    return found - {""}


def test_every_reason_the_method_gives_is_said_in_both_languages() -> None:
    reasons = _reasons()
    assert len(reasons) >= 8
    for reason in reasons:
        assert reason_text(reason, "vi") != reason, reason
        assert reason_text(reason, "en"), reason


def test_a_target_is_marked_unverified_unless_the_catalogue_says_verified() -> None:
    plain = parse_target("80%", 2030, Direction.HIGHER, Unit.PERCENT)
    assert not plain.is_verified  # the catalogue says nothing: not verified, as in Appendix I
    assert replace(plain, confidence="verified").is_verified
    assert not replace(plain, confidence="secondary").is_verified
    assert not replace(plain, confidence="open").is_verified


def test_appendix_ii_marks_an_unverified_target_and_explains_the_mark(
    history_project: Project,
) -> None:
    result, history = _at(history_project, "2025-H1")
    found = trajectories(result, history)
    assert found[0].target is not None
    verified = replace(found[0], target=replace(found[0].target, confidence="verified"))
    shown = progress_appendix_section(
        build_progress_appendix(result, [verified, *found[1:]], history, "en")
    )
    fx01 = re.search(r'<tr data-indicator="FX-01">.*?</tr>', shown)
    fx02 = re.search(r'<tr data-indicator="FX-02">.*?</tr>', shown)
    assert fx01 is not None and "(unverified)" not in fx01[0]
    assert fx02 is not None and "<small>(unverified)</small>" in fx02[0]
    assert "A target marked “(unverified)”" in shown


# ---- section 1 ------------------------------------------------------------------------------


def test_section_1_shows_each_change_against_the_previous_period_and_a_year_earlier(
    history_project: Project,
) -> None:
    vi = _changes(history_project, "2025-H1", "vi")
    assert '<h3 id="results-changes">Thay đổi so với các kỳ trước</h3>' in vi
    row = re.search(r'<tr data-indicator="FX-01">.*?</tr>', vi)
    assert row is not None
    assert "+5,0 điểm %<br><small>2024-H2: 55%</small>" in row[0]
    assert "+10,0 điểm %<br><small>2024-H1: 50%</small>" in row[0]
    assert "<figure>3</figure>" in vi
    en = _changes(history_project, "2025-H1", "en")
    assert "+5.0 pp<br><small>2024-H2: 55%</small>" in en
    assert "\u22125.0 pp" in en  # FX-02, lower is better, went down
    assert "+100<br><small>2024-H2: 600</small>" in en  # a count


def test_a_period_a_year_in_has_no_year_ago_change(history_project: Project) -> None:
    shown = _changes(history_project, "2024-H2", "vi")
    row = re.search(r'<tr data-indicator="FX-01">.*?</tr>', shown)
    assert row is not None and row[0].endswith('<td class="num">—</td></tr>')


def test_section_1_is_unchanged_without_an_earlier_period(history_project: Project) -> None:
    assert _changes(history_project, "2024-H1", "vi") == Markup("")


# ---- Appendix II --------------------------------------------------------------------------


def test_appendix_ii_in_vietnamese(history_project: Project) -> None:
    shown = _appendix(history_project, "2025-H1", "vi")
    assert '<h2 id="appendix-2">PHỤ LỤC II: TIẾN ĐỘ ĐẾN NĂM 2030</h2>' in shown
    assert 'class="dtreport-landscape appendix-page progress-page"' in shown
    row = re.search(r'<tr data-indicator="FX-01">.*?</tr>', shown)
    assert row is not None
    assert "<td>80% (2030)<br><small>(chưa kiểm chứng)</small></td>" in row[0]
    # Both measures side by side, each with its figures.
    assert row[0].count("Đúng lộ trình") == 2
    assert "tăng 20,0%/năm, cần 7,5%/năm; tỷ số 2,67" in row[0]
    assert "dự báo năm 2030: 163,8%*; tỷ số 3,79" in row[0]
    # Each class explained, the two methods' disagreement, the uncapped projection.
    for words in ("đúng lộ trình", "cần đẩy nhanh", "tiến triển hạn chế", "đi xuống",
                  "đã đạt mục tiêu", "chưa đủ số liệu", "không đánh giá được"):  # fmt: skip
        assert words in shown.casefold(), words
    assert "Hai phương pháp có thể cho kết quả khác nhau" in shown
    assert "Dự báo không bị chặn ở 100%" in shown
    # The reason a measure could not be computed.
    fx03 = re.search(r'<tr data-indicator="FX-03">.*?</tr>', shown)
    assert fx03 is not None and "mục tiêu không phải con số" in fx03[0]
    assert "Không đánh giá được" in fx03[0]


def test_appendix_ii_in_english(history_project: Project) -> None:
    shown = _appendix(history_project, "2025-H1", "en")
    assert '<h2 id="appendix-2">APPENDIX II: PROGRESS TOWARDS 2030</h2>' in shown
    assert "20.0% a year, 7.5% needed; ratio 2.67" in shown
    assert "2030 projection: 163.8%*; ratio 3.79" in shown
    for words in ("on track", "needs acceleration", "limited progress", "deterioration",
                  "target achieved", "insufficient data", "not assessable"):  # fmt: skip
        assert words in shown.casefold(), words
    assert "The two methods can disagree" in shown
    assert "Projections are not capped" in shown
    assert "the target is not a number" in shown
    # The count's projection is not a percentage and gets no mark.
    fx04 = re.search(r'<tr data-indicator="FX-04">.*?</tr>', shown)
    assert fx04 is not None and "2030 projection: 4,464.8;" not in fx04[0]
    assert re.search(r"2030 projection: 4,465; ratio 2\.64", fx04[0])


def test_appendix_ii_without_an_earlier_period_is_one_sentence(history_project: Project) -> None:
    sentences: dict[Lang, str] = {
        "vi": "Kỳ 2024-H1 là kỳ đầu tiên có số liệu",
        "en": "2024-H1 is the first period with figures",
    }
    for lang, sentence in sentences.items():
        shown = _appendix(history_project, "2024-H1", lang)
        assert sentence in shown and "<table" not in shown
        assert '<h2 id="appendix-2">' in shown


def test_no_note_on_capping_when_no_projection_passes_100(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    found = [replace(t, projected_value=None) for t in trajectories(result, history)]
    shown = progress_appendix_section(build_progress_appendix(result, found, history, "en"))
    assert "Projections are not capped" not in shown


def test_markup_in_a_name_is_shown_as_text(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    first = result.assessments[0]
    named = replace(first, indicator=replace(first.indicator, short_vi="<b>A</b> & B"))
    changed = replace(result, assessments=[named, *result.assessments[1:]])
    found = trajectories(changed, history)
    shown = progress_appendix_section(build_progress_appendix(changed, found, history, "vi"))
    shown += changes_section(changed, found, history, Markup(""), "vi")
    assert "<b>A</b>" not in shown and shown.count("&lt;b&gt;A&lt;/b&gt; &amp; B") == 2


# ---- chart 3 --------------------------------------------------------------------------------


def _png(fragment: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', fragment)
    assert match, fragment[:200]
    return base64.b64decode(match[1])


def test_chart_3_is_the_same_png_every_time(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    points = indicator_points(result, history)
    first = charts.trend_chart(result.assessments, points, "vi")
    assert "Biểu đồ 3. Diễn biến qua các kỳ, với các mục tiêu" in first
    assert _png(first) == _png(charts.trend_chart(result.assessments, points, "vi"))


def test_chart_3_has_a_panel_per_indicator_and_a_dash_pattern_per_target_year(
    history_project: Project,
) -> None:
    result, history = _at(history_project, "2025-H1")
    figure = charts.trend_figure(result.assessments, indicator_points(result, history), "en")
    panels = [axes for axes in figure.axes if axes.axison]
    assert [axes.get_title(loc="left").replace("\n", " ") for axes in panels] == [
        "1. Service A", "2. Paper records B", "3. Coverage C", "4. Services D",
    ]  # fmt: skip
    legend = figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["Value", "Target 2025", "Target 2030"]
    # matplotlib names every custom dash "--"; the pattern itself (kept privately) tells them
    # apart.
    pattern = "_unscaled_dash_pattern"
    dashes = {str(getattr(line, pattern)) for line in legend.get_lines()[1:]}
    assert len(dashes) == 2 and all(line.get_linestyle() == "--" for line in legend.get_lines()[1:])
    # Each target line is labelled with its year beside the panel (greyscale needs no colour).
    labels = {t.get_text() for axes in panels for t in axes.texts}
    assert {"2025", "2030"} <= labels


def test_an_indicator_without_a_number_is_named_under_chart_3(history_project: Project) -> None:
    result, history = _at(history_project, "2025-H1")
    points = indicator_points(result, history)
    points["FX-03"] = []
    shown = charts.trend_chart(result.assessments, points, "en")
    assert "indicator No. 3 not shown (no numeric value)" in shown
