"""A report with history, end to end: ``dtreport run`` on a project with three made-up periods.

The project's own periods are replaced by those of ``tests/fixtures/history/``; its last
period is marked illustrative here, so one run shows both the changes over periods and
the marks of made-up figures. The shipped illustrative periods are never read.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from dtreport.cli import main
from dtreport.method.progress import PROGRESS_COLUMNS
from dtreport.outputs.render import ILLUSTRATIVE_MARK
from dtreport.paths import Project

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def history_project(
    make_module_project: Callable[..., Project], with_history_periods: Callable[[Project], Project]
) -> Project:
    """The fixture's three periods, the last marked illustrative, rendered in vi and en, and
    the first one rendered too."""
    project = make_module_project("history")
    with_history_periods(project)
    last = project.params_dir / "2025-H1.yaml"
    last.write_text(last.read_text(encoding="utf-8") + "illustrative: true\n", encoding="utf-8")
    root = str(project.root)
    assert main(["run", "2025-H1", "--root", root, "--quiet"]) == 0
    assert main(["run", "2025-H1", "--lang", "en", "--root", root, "--quiet"]) == 0
    assert main(["run", "2024-H1", "--root", root, "--quiet", "--formats", "html"]) == 0
    return project


def _html(project: Project, folder: str) -> str:
    # nbconvert writes void elements as XHTML does ("<br/>").
    html = (project.output_dir / folder / "report.html").read_text(encoding="utf-8")
    return html.replace("<br/>", "<br>")


def _pages(project: Project, folder: str) -> list[str]:
    reader = PdfReader(project.output_dir / folder / "report.pdf")
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def test_the_results_show_the_changes_and_chart_3(history_project: Project) -> None:
    vi, en = _html(history_project, "2025-H1"), _html(history_project, "2025-H1.en")
    assert '<h3 id="results-changes">Thay đổi so với các kỳ trước</h3>' in vi
    assert "+5,0 điểm %<br><small>2024-H2: 55%</small>" in vi
    assert "+10,0 điểm %<br><small>2024-H1: 50%</small>" in vi
    assert "Biểu đồ 3. Diễn biến qua các kỳ, với các mục tiêu" in vi
    assert '<h3 id="results-changes">Changes since earlier periods</h3>' in en
    assert "+5.0 pp<br><small>2024-H2: 55%</small>" in en
    assert "Chart 3. Values over the periods, with the targets" in en
    # Section 1 still closes with the checks' sentence, after the changes.
    assert vi.index("results-changes") < vi.index("Số liệu đã qua")


def test_appendix_ii_follows_appendix_i_before_the_annex(history_project: Project) -> None:
    for folder, heading in (
        ("2025-H1", "PHỤ LỤC II: TIẾN ĐỘ ĐẾN NĂM 2030"),
        ("2025-H1.en", "APPENDIX II: PROGRESS TOWARDS 2030"),
    ):
        html = _html(history_project, folder)
        assert html.index('id="appendix-1"') < html.index('id="appendix-2"')
        assert html.index('id="appendix-2"') < html.index('class="annex-heading"')
        assert f'<h2 id="appendix-2">{heading}</h2>' in html
        # Listed in the contents, as Appendix I is.
        assert f'<a href="#appendix-2">{heading}</a>' in html


def test_appendix_ii_is_on_landscape_pages(history_project: Project) -> None:
    reader = PdfReader(history_project.output_dir / "2025-H1" / "report.pdf")
    pages = _pages(history_project, "2025-H1")
    first = next(n for n, text in enumerate(pages) if "PHỤ LỤC II" in text)
    box = reader.pages[first].mediabox
    assert float(box.width) > float(box.height)
    assert "Đúng lộ trình" in pages[first]


def test_progress_csv_is_written_beside_attainment_csv(history_project: Project) -> None:
    vi = (history_project.output_dir / "2025-H1" / "progress.csv").read_bytes()
    en = (history_project.output_dir / "2025-H1.en" / "progress.csv").read_bytes()
    assert vi == en  # numbers and codes only: the same whatever the language
    rows = list(csv.DictReader(io.StringIO(vi.decode("utf-8"))))
    assert list(rows[0]) == PROGRESS_COLUMNS
    assert (rows[0]["indicator_id"], rows[0]["change"], rows[0]["progress_class"]) == (
        "FX-01", "5.0", "on_track",
    )  # fmt: skip
    manifest = json.loads((history_project.output_dir / "2025-H1" / "manifest.json").read_text())
    assert "progress.csv" in manifest["outputs"]
    # The earlier periods the changes come from are inputs of the report.
    assert {"data/2024-H1/indicators.csv", "data/2024-H2/indicators.csv"} <= set(manifest["inputs"])


def test_an_illustrative_report_is_marked_on_every_pdf_page(history_project: Project) -> None:
    for folder in ("2025-H1", "2025-H1.en"):
        pages = _pages(history_project, folder)
        assert len(pages) >= 5
        for number, text in enumerate(pages, start=1):
            assert ILLUSTRATIVE_MARK in text, (folder, number)
    html = _html(history_project, "2025-H1")
    assert f'<div class="dtreport-illustrative" role="note"><strong>{ILLUSTRATIVE_MARK}' in html
    manifest = json.loads((history_project.output_dir / "2025-H1" / "manifest.json").read_text())
    assert manifest["illustrative"] is True
    index = (history_project.output_dir / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r'<tr class="[^"]*" data-folder="([^"]+)"', index)
    assert set(marked) == {"2025-H1", "2025-H1.en", "2024-H1"}
    rows = {m[2]: m[1] for m in re.finditer(r'<tr class="([^"]*)" data-folder="([^"]+)"', index)}
    assert "illustrative" in rows["2025-H1"] and "illustrative" not in rows["2024-H1"]
    assert "SỐ LIỆU MINH HỌA / ILLUSTRATIVE DATA" in index


def test_the_first_period_says_it_has_nothing_to_compare_with(history_project: Project) -> None:
    html = _html(history_project, "2024-H1")
    assert "Kỳ 2024-H1 là kỳ đầu tiên có số liệu" in html
    assert "results-changes" not in html and "Biểu đồ 3" not in html
    assert "dtreport-illustrative" not in html and ILLUSTRATIVE_MARK not in html
    manifest = json.loads((history_project.output_dir / "2024-H1" / "manifest.json").read_text())
    assert manifest["illustrative"] is False
