"""An analyst's views of a period: DataFrames with numbers as numbers, what-ifs, figures, and
the exploration notebook run top to bottom."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from dtreport.errors import AmbiguousValueError, InputError
from dtreport.paths import Project
from dtreport.run.explore import (
    ATTAINMENT_FRAME_COLUMNS,
    FINDINGS_FRAME_COLUMNS,
    SUPPORTING_FRAME_COLUMNS,
    WHAT_IF_COLUMNS,
)
from dtreport.run.notebook import PeriodReport

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
EXPLORE = ROOT / "notebooks" / "02-explore-period.ipynb"
SEED = (ROOT / "data" / "2024-H1" / "indicators.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def run() -> PeriodReport:
    return PeriodReport.prepare("2024-H1", root=str(ROOT))


def test_attainment_holds_values_and_targets_as_numbers(run: PeriodReport) -> None:
    frame = run.attainment_frame()
    assert list(frame.columns) == ATTAINMENT_FRAME_COLUMNS and len(frame) == 13
    assert frame["value"].dtype == "float64" and frame["target"].dtype == "float64"
    assert frame["source_row"].dtype == "Int64"
    row = frame.set_index("indicator_id").loc["QD749-07"]
    assert (row["value"], row["target"], row["operator"], row["status"]) == (
        42.13, 20.0, ">=", "exceeded",
    )  # fmt: skip
    qualitative = frame.set_index("indicator_id").loc["QD749-12"]
    assert pd.isna(qualitative["target"]) and qualitative["operator"] == "qualitative"
    # Statuses sort in the report's order, best first.
    assert frame.sort_values("status")["status"].iloc[0] == "exceeded"
    assert frame.sort_values("status")["status"].iloc[-1] == "in_progress"
    assert frame["status_label"].tolist()[5] == "Đang thực hiện"


def test_what_if_gives_the_new_status_in_one_row(run: PeriodReport) -> None:
    frame = run.what_if("QD749-06", "55%")
    assert list(frame.columns) == WHAT_IF_COLUMNS and len(frame) == 1
    row = frame.iloc[0]
    assert (row["status_before"], row["status"], bool(row["changed"])) == (
        "in_progress", "exceeded", True,
    )  # fmt: skip
    assert (row["value_before"], row["value"], row["target"]) == (10.0, 55.0, 50.0)
    assert run.what_if("QD749-06", "50,0%").iloc[0]["status"] == "met"
    same = run.what_if("QD749-06", "12%").iloc[0]
    assert same["status"] == "in_progress" and not same["changed"] and same["findings"] == ""
    # The file and the period's result are as they were.
    assert run.attainment_frame().set_index("indicator_id").loc["QD749-06", "value"] == 10.0


def test_what_if_refuses_what_a_file_would_be_refused_for(run: PeriodReport) -> None:
    with pytest.raises(InputError, match=r"unknown indicator id 'QD749-99'.*QD749-13"):
        run.what_if("QD749-99", "55%")
    with pytest.raises(AmbiguousValueError, match="fraction"):
        run.what_if("QD749-06", "0,55")
    # Text quoting two figures is read as a file's would be: no number, no status.
    compound = run.what_if("QD749-06", "55% và 60%").iloc[0]
    assert compound["status"] == "no_data" and pd.isna(compound["value"])
    assert "needs one number" in compound["findings"]


def test_supporting_figures_hold_numbers(run: PeriodReport) -> None:
    frame = run.metrics_frame()
    assert list(frame.columns) == SUPPORTING_FRAME_COLUMNS and len(frame) > 10
    assert frame["value"].dtype == "float64" and frame["row"].dtype == "Int64"
    assert frame["section"].iloc[0] == "infrastructure"
    assert frame["section_name"].iloc[0] == "Phát triển hạ tầng số"


def test_the_findings_of_a_period_the_report_refuses(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    write_indicators(project, SEED.replace("QD749-04,75%", "QD749-04,175%"))
    refused = PeriodReport.prepare("2024-H1", root=str(project.root))
    frame = refused.findings_frame()
    assert list(frame.columns) == FINDINGS_FRAME_COLUMNS
    assert frame["row"].dtype == "Int64" and frame["severity"].dtype == "category"
    critical = frame[frame["severity"] == "critical"]
    assert not critical.empty and set(critical["indicator_id"]) == {"QD749-04"}
    assert critical.iloc[0]["file"] == "data/2024-H1/indicators.csv"
    assert frame.iloc[0]["severity"] == "critical"  # the most severe first


def test_the_charts_as_figures(run: PeriodReport) -> None:
    values, counts = run.chart_figures()
    assert isinstance(values, Figure) and isinstance(counts, Figure)
    assert len(values.axes[0].patches) == 12  # QD749-12 is qualitative: no bar


@pytest.mark.e2e
def test_the_exploration_notebook_runs_top_to_bottom(project: Project, tmp_path: Path) -> None:
    import papermill

    executed = tmp_path / "explored.ipynb"
    papermill.execute_notebook(
        str(project.notebooks_dir / EXPLORE.name), str(executed),
        parameters={"root": str(project.root), "lang": "en"}, kernel_name="python3",
        progress_bar=False, cwd=str(project.root),
    )  # fmt: skip
    cells = {c["id"]: c for c in json.loads(executed.read_text(encoding="utf-8"))["cells"]}
    shown = {key: [k for o in c["outputs"] for k in o.get("data", {})] for key, c in cells.items()
             if c["cell_type"] == "code"}  # fmt: skip
    for table in ("attainment", "by-pillar", "findings", "metrics", "what-if"):
        assert "text/html" in shown[table], table
    for chart in ("value-chart", "counts-chart"):
        assert "image/png" in shown[chart], chart
    what_if = "".join(cells["what-if"]["outputs"][0]["data"]["text/plain"])
    assert "in_progress" in what_if and "exceeded" in what_if and "Exceeded" in what_if


def test_the_exploration_notebook_is_thin_and_reloads() -> None:
    cells = json.loads(EXPLORE.read_text(encoding="utf-8"))["cells"]
    assert cells[0]["cell_type"] == "markdown" and cells[0]["source"].startswith("# ")
    assert [c["id"] for c in cells if "parameters" in c["metadata"].get("tags", [])] == [
        "parameters"
    ]
    assert cells[1]["id"] == "parameters"
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "%load_ext autoreload" in code and "%autoreload 2" in code
    for method in ("attainment_frame", "findings_frame", "metrics_frame", "what_if",
                   "chart_figures"):  # fmt: skip
        assert f"run.{method}(" in code
