"""The report's charts leave matplotlib as they found it, and draw the same PNG every time."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import PeriodResult, evaluate
from dtreport.paths import FONTS_DIR, Project
from dtreport.report import charts


@pytest.fixture(scope="module")
def seed(repo_root: Path) -> PeriodResult:
    return evaluate(load_period(Project(repo_root), "2024-H1"))


def _png(fragment: str) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', fragment)
    assert match, fragment[:200]
    return base64.b64decode(match[1])


def _both(seed: PeriodResult, lang: str = "vi") -> tuple[bytes, bytes]:
    pillars = seed.inputs.catalog.pillars
    return (
        _png(charts.value_target_chart(seed.assessments, lang)),
        _png(charts.status_counts_chart(seed.assessments, pillars, lang)),
    )


def test_drawing_changes_no_rc_param(seed: PeriodResult) -> None:
    # Settings of the analyst's own, which the charts must neither use nor overwrite.
    analyst = {"font.family": ["serif"], "hatch.linewidth": 2.5, "axes.facecolor": "#eeeeee"}
    with matplotlib.rc_context(analyst):
        before, backend = dict(matplotlib.rcParams), matplotlib.get_backend()
        _both(seed)
        charts.value_target_figure(seed.assessments, "en")
        assert dict(matplotlib.rcParams) == before
        assert matplotlib.get_backend() == backend


def test_drawing_switches_no_backend(repo_root: Path) -> None:
    """In a process of its own: this one's backend was set by other tests' imports."""
    script = textwrap.dedent(
        f"""
        from pathlib import Path

        import matplotlib
        from dtreport.inputs.period_data import load_period
        from dtreport.method.evaluation import evaluate
        from dtreport.paths import Project
        from dtreport.report import charts

        result = evaluate(load_period(Project.find(Path({str(repo_root)!r})), "2024-H1"))
        before = dict(matplotlib.rcParams)
        charts.value_target_chart(result.assessments, "vi")
        charts.status_counts_chart(result.assessments, result.inputs.catalog.pillars, "vi")
        print(matplotlib.get_backend(), dict(matplotlib.rcParams) == before)
        """
    )
    env = {**os.environ, "MPLBACKEND": "svg"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["svg", "True"], done.stderr


def test_the_same_inputs_give_the_same_png(seed: PeriodResult) -> None:
    first = _both(seed)
    assert _both(seed) == first
    # Neither an analyst's style sheet nor a matplotlibrc reaches the report's charts.
    with matplotlib.style.context("dark_background"), matplotlib.rc_context({"font.size": 20}):
        assert _both(seed) == first
    assert first[0].startswith(b"\x89PNG") and first[0] != first[1]


def test_every_text_is_set_in_the_shipped_fonts(seed: PeriodResult) -> None:
    figure = charts.status_counts_figure(seed.assessments, seed.inputs.catalog.pillars, "vi")
    figure.savefig(io.BytesIO(), format="png")  # ticks are made when the figure is drawn
    texts = [t for t in figure.findobj(Text) if t.get_text()]
    assert len(texts) > 10
    files = {t.get_fontproperties().get_file() for t in texts}
    assert files == {str(FONTS_DIR / "LiberationSans-Regular.ttf"),
                     str(FONTS_DIR / "LiberationSans-Bold.ttf")}  # fmt: skip


def test_the_figures_are_the_analysts_own(seed: PeriodResult) -> None:
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    figures = [
        charts.value_target_figure(seed.assessments, "vi"),
        charts.status_counts_figure(seed.assessments, seed.inputs.catalog.pillars, "en"),
    ]
    assert plt.get_fignums() == open_before  # pyplot does not hold them: nothing to close
    for figure in figures:
        assert isinstance(figure, Figure) and isinstance(figure.canvas, FigureCanvasAgg)
        assert figure.get_figwidth() == pytest.approx(160 / 25.4)
    labels = [t.get_text() for t in figures[1].axes[0].get_legend().get_texts()]
    assert labels == ["Exceeded", "Met", "In progress"]
