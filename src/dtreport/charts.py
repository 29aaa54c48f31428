"""Charts for the report: each indicator's value against its target, and statuses per pillar.

Status is shown by label and hatch pattern as well as shade, so the charts
read the same printed in greyscale. Charts are PNG embedded in the HTML, so
the report needs nothing from the network.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from dtreport.attainment import Assessment
from dtreport.i18n import text
from dtreport.numbers import Unit, format_number
from dtreport.status import Status

__all__ = ["status_counts_chart", "value_target_chart"]

_FONTS = Path(__file__).parent / "assets" / "fonts"
# Shade and hatch per status: distinct in colour and in greyscale.
_STYLE: dict[Status, tuple[str, str]] = {
    Status.EXCEEDED: ("#1b5e20", ""),
    Status.MET: ("#66bb6a", "//"),
    Status.IN_PROGRESS: ("#f9a825", ".."),
    Status.NOT_MET: ("#c62828", "xx"),
    Status.NO_DATA: ("#bdbdbd", "--"),
    Status.NOT_ASSESSED: ("#e0e0e0", "\\\\"),
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
    figure = Figure(figsize=(width, height), dpi=150)
    figure.set_layout_engine("constrained")
    matplotlib.rcParams["font.family"] = family
    matplotlib.rcParams["hatch.linewidth"] = 0.6
    return figure


def _embed(figure: Any, caption: str, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="dtreport-chart"><img alt="{escape(alt)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{escape(caption)}</figcaption></figure>'
    )


def value_target_chart(assessments: Sequence[Assessment], lang: str) -> str:
    """Horizontal bars of each numeric indicator's value, its target marked, its status written."""
    plotted = [
        (n, a)
        for n, a in enumerate(assessments, start=1)
        if a.reported.value.number is not None
        and a.target.threshold is not None
        and a.indicator.unit is Unit.PERCENT
    ]
    skipped = [str(n) for n, a in enumerate(assessments, start=1) if (n, a) not in plotted]
    figure = _figure(7.0, 0.42 * max(len(plotted), 1) + 1.0)
    axes = figure.add_subplot()
    labels = [f"{n}. {a.indicator.id}" for n, a in plotted]
    for y, (_, a) in enumerate(plotted):
        value = float(a.reported.value.number or 0)
        colour, hatch = _STYLE[a.status]
        axes.barh(y, value, color=colour, hatch=hatch, edgecolor="black", linewidth=0.5)
        threshold = float(a.target.threshold or 0)
        axes.plot([threshold, threshold], [y - 0.42, y + 0.42], color="black", linewidth=2.2)
        shown = format_number(a.reported.value.number or Decimal(0), lang) + "%"
        axes.text(value + 1.5, y, f"{shown} · {a.status.label(lang)}", va="center", fontsize=7.5)
    axes.set_yticks(range(len(plotted)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 150)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel("%", fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    caption = f"{text('chart_values', lang)} (| = {text('target', lang).lower()})"
    if skipped:
        note = "không vẽ (không có số để so sánh)" if lang == "vi" else "not plotted (no number)"
        caption += f"; {note}: {', '.join(skipped)}"
    return _embed(figure, caption, text("chart_values", lang))


def status_counts_chart(
    assessments: Sequence[Assessment], pillars: Sequence[tuple[str, str, str]], lang: str
) -> str:
    """Stacked bars: how many indicators of each pillar stand at each status."""
    figure = _figure(7.0, 0.5 * len(pillars) + 1.3)
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
        axes.barh(names, counts, left=left, color=colour, hatch=hatch, edgecolor="black",
                  linewidth=0.5, label=status.label(lang))  # fmt: skip
        for y, (start, count) in enumerate(zip(left, counts, strict=True)):
            if count:
                axes.text(start + count / 2, y, str(count), ha="center", va="center", fontsize=8,
                          bbox={"boxstyle": "round,pad=0.15", "fc": "white", "lw": 0})  # fmt: skip
        left = [a + b for a, b in zip(left, counts, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, max(left) + 0.5)
    axes.tick_params(labelsize=8)
    axes.legend(fontsize=7.5, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(statuses),
                frameon=False)  # fmt: skip
    axes.spines[["top", "right"]].set_visible(False)
    return _embed(figure, text("chart_counts", lang), text("chart_counts", lang))
