"""Charts for the report: each indicator's value against its target, statuses per pillar, and
each indicator's values over the periods with its targets (small multiples).

Status is shown by label and hatch pattern as well as shade, so the charts
read the same printed in greyscale. Charts are PNG embedded in the HTML, so
the report needs nothing from the network.

Each figure is drawn at the printed column's width (160 mm), so the font sizes
set here are the sizes on paper: no smaller than 9 pt, as body tables use 12 pt.

A chart is drawn on a figure of its own (not pyplot's) within a scoped style, its
text set in the shipped fonts named by file: drawing one changes neither the
backend nor any ``rcParams`` value, so a notebook's own plots look as they did,
and the same inputs give the same PNG whatever the machine's settings. The
``*_figure`` functions return the figure itself, for an analyst to show or restyle.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, ParamSpec

from markupsafe import Markup

from dtreport.i18n import text
from dtreport.inputs.numbers import Unit, format_number
from dtreport.lang import Lang
from dtreport.method.attainment import Assessment
from dtreport.method.trajectory import Point
from dtreport.paths import FONTS_DIR
from dtreport.report.html import render
from dtreport.status import Status

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

__all__ = [
    "status_counts_chart",
    "status_counts_figure",
    "trend_chart",
    "trend_figure",
    "value_target_chart",
    "value_target_figure",
]

# Named by file, not by family: a machine with another Liberation Sans (or with none)
# draws the same glyphs, and nothing is added to matplotlib's list of fonts.
_REGULAR = FONTS_DIR / "LiberationSans-Regular.ttf"
_BOLD = FONTS_DIR / "LiberationSans-Bold.ttf"
# The only settings a chart changes from matplotlib's defaults, and only while it is drawn.
_RC = {"hatch.linewidth": 0.6}
# The PNG in the report is printed at 150 dpi, sharp enough for 9 pt text on an office
# printer; 200 dpi would add a third to the PDF (WeasyPrint stores the chart as full
# RGB pixels). On screen the column's width is 630 pixels.
_PRINT_DPI = 150
_SCREEN_DPI = 100
# The text column of an A4 portrait page (210 mm less 30 mm and 20 mm margins), in inches.
_WIDTH = 160 / 25.4
_LABEL_PT = 9.0
_TICK_PT = 9.0
# Shade and hatch per status: distinct in colour and in greyscale. The shades step in
# lightness (Exceeded darkest, In progress light) and each status but Exceeded has its
# own hatch, so two statuses never look alike on a black-and-white printer.
_STYLE: dict[Status, tuple[str, str]] = {
    Status.EXCEEDED: ("#1b5e20", ""),
    Status.MET: ("#4caf50", "//"),
    Status.IN_PROGRESS: ("#ffd54f", ".."),
    Status.NOT_MET: ("#c62828", "xx"),
    Status.NO_DATA: ("#bdbdbd", "--"),
    Status.NOT_ASSESSED: ("#eeeeee", "\\\\"),
}


_Args = ParamSpec("_Args")


@contextmanager
def _style() -> Iterator[None]:
    """matplotlib's own defaults plus ``_RC`` for the block, then the settings as they were.

    Starting from the defaults keeps an analyst's style sheet or ``matplotlibrc`` out of
    the report's charts; restoring keeps the charts' settings out of the analyst's plots.
    """
    from matplotlib import style

    with style.context(["default", _RC]):
        yield


def _drawn(draw: Callable[_Args, Figure]) -> Callable[_Args, Figure]:
    """Draw a chart within :func:`_style`, then set its text in the shipped fonts."""

    @functools.wraps(draw)
    def styled(*args: _Args.args, **kwargs: _Args.kwargs) -> Figure:
        with _style():
            figure = draw(*args, **kwargs)
            _set_fonts(figure)
        return figure

    return styled


def _figure(width: float, height: float) -> Figure:
    """A figure of its own with an Agg canvas: pyplot, its figures and its backend stay as
    they are, and IPython shows the figure when a cell returns it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=_SCREEN_DPI)
    FigureCanvasAgg(figure)  # attaches itself to the figure
    figure.set_layout_engine("constrained")
    return figure


def _set_fonts(figure: Figure) -> None:
    """Set every text of ``figure`` in Liberation Sans, at the size and weight it was given.

    Tick labels made later, when the figure is drawn, copy the first tick's font.
    """
    from matplotlib.font_manager import FontProperties, weight_dict
    from matplotlib.text import Text

    for item in figure.findobj(Text):
        given = item.get_fontproperties()
        weight = given.get_weight()
        bold = (weight_dict.get(weight, 400) if isinstance(weight, str) else weight) >= 600
        path = _BOLD if bold else _REGULAR
        item.set_fontproperties(FontProperties(fname=str(path), size=given.get_size_in_points()))


def _palette_png(png: bytes) -> bytes:
    """``png`` with at most 256 colours: a third of the bytes in the HTML and the PDF alike.

    A chart is a few flat fills, black lines and anti-aliased text, which a palette keeps
    without a visible change; median cut has no randomness, so the same chart gives the
    same bytes.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def _embed(figure: Figure, caption: str, alt: str) -> Markup:
    buffer = io.BytesIO()
    # Some settings (text hinting, path simplification) are read only as the figure is drawn.
    with _style():
        figure.savefig(buffer, format="png", dpi=_PRINT_DPI)
    png = base64.b64encode(_palette_png(buffer.getvalue())).decode("ascii")
    return render("chart.html.j2", png=png, caption=caption, alt=alt)


def _caption(number: int, key: str, lang: Lang) -> str:
    return f"{text('chart_no', lang, n=number)}. {text(key, lang)}"


def value_target_chart(assessments: Sequence[Assessment], lang: Lang) -> Markup:
    """The report's chart 1 (:func:`value_target_figure`), captioned, as an embedded PNG."""
    plotted = _plotted(assessments)
    skipped = [str(n) for n, a in enumerate(assessments, start=1) if (n, a) not in plotted]
    caption = _caption(1, "chart_values", lang)
    if skipped:
        caption += f"; {text('not_plotted', lang, numbers=', '.join(skipped))}"
    return _embed(value_target_figure(assessments, lang), caption, text("chart_values", lang))


def _plotted(assessments: Sequence[Assessment]) -> list[tuple[int, Assessment]]:
    """The indicators chart 1 can place on its percent axis, each with its number."""
    return [
        (n, a)
        for n, a in enumerate(assessments, start=1)
        if a.reported.value.number is not None
        and not a.withheld
        # An indicator that no longer applies keeps its number but is placed against nothing.
        and a.status is not Status.NOT_APPLICABLE
        and a.target.threshold is not None
        and a.indicator.unit is Unit.PERCENT
    ]


@_drawn
def value_target_figure(assessments: Sequence[Assessment], lang: Lang) -> Figure:
    """Horizontal bars of each numeric indicator's value, its target marked, its status written."""
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    plotted = _plotted(assessments)
    figure = _figure(_WIDTH, 0.34 * max(len(plotted), 1) + 0.9)
    axes = figure.add_subplot()
    # Number and short name ("1. DVC trực tuyến toàn trình"): the number finds the row in
    # Appendix I, the name tells the reader which indicator without turning the page.
    labels = [f"{n}. {a.indicator.short_name(lang)}" for n, a in plotted]
    # White around the black target mark keeps it visible on the darkest bar.
    halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
    figures = [0.0]
    for y, (_, a) in enumerate(plotted):
        value = float(a.reported.value.number or 0)
        colour, hatch = _STYLE[a.status]
        axes.barh(y, value, height=0.72, color=colour, hatch=hatch, edgecolor="black",
                  linewidth=0.5)  # fmt: skip
        threshold = float(a.target.threshold or 0)
        axes.plot([threshold, threshold], [y - 0.44, y + 0.44], color="black", linewidth=2.0,
                  solid_capstyle="butt", path_effects=halo, zorder=3)  # fmt: skip
        shown = format_number(a.reported.value.number or Decimal(0), lang) + "%"
        axes.text(max(value, threshold) + 1.5, y, f"{shown} · {a.status.label(lang)}",
                  va="center", fontsize=_LABEL_PT)  # fmt: skip
        figures += [value, threshold]
    axes.set_yticks(range(len(plotted)), labels, fontsize=_TICK_PT)
    axes.set_ylim(len(plotted) - 0.5, -0.5)  # first indicator on top
    # The x axis runs to 100% (or the largest figure); the room beyond is for the labels.
    low, top = min(figures), max(max(figures), 100.0)
    # The indicators' short names take about a third of the width, so the room kept for
    # "100% · Vượt chỉ tiêu" beyond the longest bar is half the axis again.
    axes.set_xlim(low, top * 1.55)
    step = next(n for n in (25, 50, 100, 250, 500, 1000, 2500, 5000, 10**9) if top / n <= 6)
    ticks = list(range(int(low // step * step), int(top) + 1, step))
    axes.set_xticks(ticks, [f"{t}%" for t in ticks])
    axes.spines["bottom"].set_bounds(low, top)
    axes.tick_params(axis="x", labelsize=_TICK_PT)
    axes.spines[["top", "right"]].set_visible(False)
    target = Line2D([], [], color="black", marker="|", markersize=11, markeredgewidth=2.0,
                    linestyle="None")  # fmt: skip
    axes.legend([target], [text("target", lang)], fontsize=_LABEL_PT, loc="lower right",
                bbox_to_anchor=(1.0, 1.0), frameon=False, handlelength=1.0)  # fmt: skip
    return figure


def status_counts_chart(
    assessments: Sequence[Assessment], pillars: Sequence[tuple[str, str, str]], lang: Lang
) -> Markup:
    """The report's chart 2 (:func:`status_counts_figure`), captioned, as an embedded PNG."""
    figure = status_counts_figure(assessments, pillars, lang)
    return _embed(figure, _caption(2, "chart_counts", lang), text("chart_counts", lang))


@_drawn
def status_counts_figure(
    assessments: Sequence[Assessment], pillars: Sequence[tuple[str, str, str]], lang: Lang
) -> Figure:
    """Stacked bars: how many indicators of each pillar stand at each status."""
    from matplotlib.ticker import MaxNLocator

    figure = _figure(_WIDTH, 0.5 * len(pillars) + 1.2)
    axes = figure.add_subplot()
    # Chart 2 counts attainment; an indicator that no longer applies has none.
    statuses = [
        s
        for s in Status
        if s is not Status.NOT_APPLICABLE and any(a.status is s for a in assessments)
    ]
    names = [f"{code}. {vi if lang == 'vi' else en}" for code, vi, en in pillars]
    left = [0] * len(pillars)
    for status in statuses:
        counts = [
            sum(a.status is status and a.indicator.pillar == code for a in assessments)
            for code, _, _ in pillars
        ]
        colour, hatch = _STYLE[status]
        axes.barh(names, counts, left=left, height=0.65, color=colour, hatch=hatch,
                  edgecolor="black", linewidth=0.5, label=status.label(lang))  # fmt: skip
        for y, (start, count) in enumerate(zip(left, counts, strict=True)):
            if count:
                axes.text(start + count / 2, y, str(count), ha="center", va="center",
                          fontsize=_LABEL_PT, fontweight="bold",
                          bbox={"boxstyle": "round,pad=0.2", "fc": "white", "lw": 0})  # fmt: skip
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, max(max(left), 1) + 0.5)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(text("indicator_count", lang), fontsize=_TICK_PT)
    axes.tick_params(labelsize=_TICK_PT)
    axes.legend(fontsize=_LABEL_PT, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                ncols=len(statuses), frameon=False)  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)
    return figure


# Chart 3's target lines, by their place among an indicator's target years (2025, then
# 2030): a dash pattern each, so they differ in greyscale as well as in colour, and each
# is labelled with its year at its right end.
_TARGET_LINES = (
    ((0, (5.0, 2.5)), "#b35806"),  # dashed
    ((0, (6.0, 2.0, 1.2, 2.0)), "#542788"),  # dash-dot
    ((0, (1.2, 1.8)), "#1b7837"),  # dotted
)
_TREND_COLUMNS = 3
# Each panel's height, in inches: room for a two-line title, the plot and the period labels.
_PANEL_HEIGHT = 1.75
_TITLE_CHARS = 26
# The least distance between two target labels of a panel, as a share of its height.
_LABEL_GAP = 0.11
# A value derived from a merged unit's predecessors: a hollow square over the line, told
# apart from the unit's own filled dots by shape, so it reads in greyscale as well.
_DERIVED_MARKER = "s"
_DERIVED_SIZE = 5.5
_DERIVED_EDGE = 1.3


def _trended(
    assessments: Sequence[Assessment], points: Mapping[str, Sequence[Point]]
) -> list[tuple[int, Assessment, list[Point]]]:
    """The indicators chart 3 can draw (a number in at least one period), numbered."""
    return [
        (n, a, list(points.get(a.indicator.id, ())))
        for n, a in enumerate(assessments, start=1)
        if points.get(a.indicator.id)
    ]


def _target_years(assessments: Sequence[Assessment]) -> list[int]:
    """Every year a numeric target is set for, earliest first: the line styles follow it."""
    return sorted(
        {t.year for a in assessments for t in a.indicator.targets if t.threshold is not None}
    )


def trend_chart(
    assessments: Sequence[Assessment], points: Mapping[str, Sequence[Point]], lang: Lang
) -> Markup:
    """The report's chart 3 (:func:`trend_figure`), captioned, as an embedded PNG."""
    drawn = {n for n, _, _ in _trended(assessments, points)}
    skipped = [str(n) for n in range(1, len(assessments) + 1) if n not in drawn]
    caption = _caption(3, "chart_trend", lang)
    if skipped:
        caption += f"; {text('not_plotted_trend', lang, numbers=', '.join(skipped))}"
    figure = trend_figure(assessments, points, lang)
    return _embed(figure, caption, text("chart_trend", lang))


@_drawn
def trend_figure(
    assessments: Sequence[Assessment], points: Mapping[str, Sequence[Point]], lang: Lang
) -> Figure:
    """Small multiples: each indicator's value over the periods, its targets as labelled lines.

    One panel per indicator with a number in some period, three to a row, each with its
    own scale (a change of two points must show); ``points`` are each indicator's
    (:func:`dtreport.method.progress.indicator_points`). The latest value is written
    beside its point; each numeric target is a horizontal line whose dash pattern and
    label give its year. A value derived from a merged unit's predecessors
    (``Point.derived_from``) is a hollow square, with its own legend entry.
    """
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    drawn = _trended(assessments, points)
    years = _target_years(assessments)
    styles = {year: _TARGET_LINES[i % len(_TARGET_LINES)] for i, year in enumerate(years)}
    rows = max(math.ceil(len(drawn) / _TREND_COLUMNS), 1)
    figure = _figure(_WIDTH, _PANEL_HEIGHT * rows + 0.5)
    grid = figure.subplots(rows, _TREND_COLUMNS, squeeze=False)
    periods = sorted({(p.as_of, p.period) for _, _, series in drawn for p in series})
    place = {period: i for i, (_, period) in enumerate(periods)}
    any_derived = False
    for index, axes in enumerate(grid.flat):
        if index >= len(drawn):
            axes.set_axis_off()
            continue
        number, a, series = drawn[index]
        percent = a.indicator.unit is Unit.PERCENT
        xs = [place[p.period] for p in series]
        ys = [float(p.value) for p in series]
        axes.plot(xs, ys, color="black", linewidth=1.6, marker="o", markersize=4.5, zorder=3)
        derived = [(x, y) for x, y, p in zip(xs, ys, series, strict=True) if p.derived_from]
        if derived:
            dx, dy = zip(*derived, strict=True)
            axes.plot(dx, dy, color="black", linestyle="None", marker=_DERIVED_MARKER,
                      markersize=_DERIVED_SIZE, markerfacecolor="white",
                      markeredgewidth=_DERIVED_EDGE, zorder=4)  # fmt: skip
            any_derived = True
        by_level: dict[float, list[int]] = {}
        for target in sorted(a.indicator.targets, key=lambda t: t.year):
            if target.threshold is None:
                continue
            level = float(target.threshold)
            dashes, colour = styles[target.year]
            axes.axhline(level, color=colour, linestyle=dashes, linewidth=1.3, zorder=2)
            by_level.setdefault(level, []).append(target.year)
        levels = [*ys, *by_level]
        low, high = min(levels), max(levels)
        pad = max((high - low) * 0.25, 4.0 if percent else max(abs(high) * 0.05, 1.0))
        bottom, top = low - pad, high + pad * 1.6
        axes.set_ylim(bottom, top)
        axes.set_xlim(-0.5, max(len(periods) - 0.5, 0.5))
        locator = MaxNLocator(nbins=3, steps=[1, 2, 5, 10])
        if a.indicator.measure == "share":
            # A share runs from 0 to 100%: no tick promises a value beyond either end.
            ticks = [
                t
                for t in locator.tick_values(max(bottom, 0.0), min(top, 100.0))
                if -1e-9 <= t <= 100 + 1e-9
            ]
        else:
            ticks = list(locator.tick_values(bottom, top))
        axes.set_yticks([t for t in ticks if bottom <= t <= top])
        if percent:
            axes.yaxis.set_major_formatter(_percent_formatter(lang))
        # The latest value above its point, on white so that a target line behind it
        # does not strike it through.
        shown = format_number(series[-1].value, lang) + ("%" if percent else "")
        # Below the point when a target line runs just above it, where the label would sit.
        above = not any(0 < level - ys[-1] < (top - bottom) * 0.2 for level in by_level)
        axes.annotate(shown, (xs[-1], ys[-1]), xytext=(0, 5 if above else -5),
                      textcoords="offset points", ha="center",
                      va="bottom" if above else "top", fontsize=_LABEL_PT, fontweight="bold",
                      bbox={"boxstyle": "square,pad=0.05", "fc": "white", "lw": 0},
                      zorder=4)  # fmt: skip
        # Each target's year just right of the panel, level with its line; labels of
        # nearby lines are moved apart so that both stay legible.
        placed: list[float] = []
        for level in sorted(by_level):
            at = by_level[level]
            y = (level - bottom) / (top - bottom)
            if placed and y - placed[-1] < _LABEL_GAP:
                y = placed[-1] + _LABEL_GAP
            placed.append(y)
            axes.text(1.02, y, "\n".join(str(year) for year in at), transform=axes.transAxes,
                      ha="left", va="center", fontsize=_LABEL_PT, color=styles[at[-1]][1],
                      linespacing=1.0)  # fmt: skip
        # Period ids under the points; with many periods, the first and the last only.
        shown_at = range(len(periods)) if len(periods) <= 3 else (0, len(periods) - 1)
        # On two lines ("2024" over "H1"): three periods fit under a third of the column.
        names = [periods[i][1].replace("-", "\n", 1) for i in shown_at]
        axes.set_xticks(list(shown_at), names)
        axes.tick_params(labelsize=_TICK_PT, length=2.5, pad=2)
        title = textwrap.fill(f"{number}. {a.indicator.short_name(lang)}", _TITLE_CHARS)
        axes.set_title(title, fontsize=_LABEL_PT, loc="left", pad=5)
        axes.spines[["top", "right"]].set_visible(False)
    handles = [Line2D([], [], color="black", linewidth=1.6, marker="o", markersize=4.5)]
    labels = [text("value", lang)]
    if any_derived:
        handles.append(Line2D([], [], color="black", linestyle="None", marker=_DERIVED_MARKER,
                              markersize=_DERIVED_SIZE, markerfacecolor="white",
                              markeredgewidth=_DERIVED_EDGE))  # fmt: skip
        labels.append(text("derived_value", lang))
    for year in years:
        dashes, colour = styles[year]
        handles.append(Line2D([], [], color=colour, linestyle=dashes, linewidth=1.3))
        labels.append(text("target_year", lang, year=year))
    # With the long "derived" entry the legend takes two rows: the value's two marks in the
    # first column (matplotlib fills columns first), the targets beside them.
    columns = math.ceil(len(labels) / 2) if any_derived else len(labels)
    figure.legend(handles, labels, loc="outside upper center", ncols=columns,
                  fontsize=_LABEL_PT, frameon=False, handlelength=3.0)  # fmt: skip
    return figure


def _percent_formatter(lang: Lang) -> FuncFormatter:
    """Tick labels as the language writes percentages (``42,5%`` in Vietnamese)."""
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _: int) -> str:
        tenths = round(value * 10)
        number = Decimal(tenths // 10) if tenths % 10 == 0 else Decimal(tenths) / 10
        return format_number(number, lang) + "%"

    return FuncFormatter(label)
