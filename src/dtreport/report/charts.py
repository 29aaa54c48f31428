"""Charts for the report: each indicator's value against its target, and statuses per pillar.

Status is shown by label and hatch pattern as well as shade, so the charts
read the same printed in greyscale. Charts are PNG embedded in the HTML, so
the report needs nothing from the network.

Each figure is drawn at the printed column's width (160 mm), so the font sizes
set here are the sizes on paper: no smaller than 9 pt, as body tables use 12 pt.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from dtreport.i18n import text
from dtreport.inputs.numbers import Unit, format_number
from dtreport.method.attainment import Assessment
from dtreport.paths import FONTS_DIR
from dtreport.report.html import render
from dtreport.status import Status

__all__ = ["status_counts_chart", "value_target_chart"]

_FONTS = FONTS_DIR
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


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    family = "DejaVu Sans"
    for path in sorted(_FONTS.glob("LiberationSans-*.ttf")):
        font_manager.fontManager.addfont(str(path))
        family = "Liberation Sans"
    matplotlib.rcParams["font.family"] = family
    matplotlib.rcParams["hatch.linewidth"] = 0.6
    figure = Figure(figsize=(width, height), dpi=200)
    figure.set_layout_engine("constrained")
    return figure


def _embed(figure: Any, caption: str, alt: str) -> Markup:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200)
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return render("chart.html.j2", png=png, caption=caption, alt=alt)


def _caption(number: int, key: str, lang: str) -> str:
    return f"{text('chart_no', lang, n=number)}. {text(key, lang)}"


def value_target_chart(assessments: Sequence[Assessment], lang: str) -> Markup:
    """Horizontal bars of each numeric indicator's value, its target marked, its status written."""
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    plotted = [
        (n, a)
        for n, a in enumerate(assessments, start=1)
        if a.reported.value.number is not None
        and not a.withheld
        and a.target.threshold is not None
        and a.indicator.unit is Unit.PERCENT
    ]
    skipped = [str(n) for n, a in enumerate(assessments, start=1) if (n, a) not in plotted]
    figure = _figure(_WIDTH, 0.34 * max(len(plotted), 1) + 0.9)
    axes = figure.add_subplot()
    labels = [f"{n}. {a.indicator.id}" for n, a in plotted]
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
    axes.set_xlim(low, top * 1.42)
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
    caption = _caption(1, "chart_values", lang)
    if skipped:
        caption += f"; {text('not_plotted', lang, numbers=', '.join(skipped))}"
    return _embed(figure, caption, text("chart_values", lang))


def status_counts_chart(
    assessments: Sequence[Assessment], pillars: Sequence[tuple[str, str, str]], lang: str
) -> Markup:
    """Stacked bars: how many indicators of each pillar stand at each status."""
    from matplotlib.ticker import MaxNLocator

    figure = _figure(_WIDTH, 0.5 * len(pillars) + 1.2)
    axes = figure.add_subplot()
    statuses = [s for s in Status if any(a.status is s for a in assessments)]
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
    return _embed(figure, _caption(2, "chart_counts", lang), text("chart_counts", lang))
