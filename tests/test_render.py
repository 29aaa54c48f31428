"""dtreport.outputs.render: executed notebook -> offline HTML -> A4 PDF."""

from __future__ import annotations

import base64
import copy
import io
import logging
from typing import Any

import matplotlib
import nbformat
import pytest
from nbformat import v4
from pypdf import PdfReader

from dtreport.outputs.render import DRAFT_MARK, html_to_pdf, notebook_to_html

matplotlib.use("Agg")  # no display in tests; must precede pyplot
import matplotlib.pyplot as plt

STATUS_TEXT = "Tình hình thực hiện — Vượt chỉ tiêu, Đạt chỉ tiêu, Đang thực hiện"
CODE_SOURCE = "show_status_table(frame)  # CODE-SOURCE-MARKER"
INJECTED_SOURCE = 'period = "INJECTED-PARAMETER-MARKER"'
STDERR_TEXT = "FutureWarning: STDERR-NOISE-MARKER\n"
STDOUT_TEXT = "Đã nạp 60 chỉ tiêu\n"
HEADER_CELL = "Tên chỉ tiêu"
ROWS = 60  # enough rows for the table to cross a page break


def _png() -> str:
    """A small bar chart as base64 PNG, the way a notebook's display_data carries it."""
    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    ax.bar(["A", "B", "C"], [3, 1, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _table() -> str:
    head = f"<thead><tr><th>STT</th><th>{HEADER_CELL}</th><th>Tình trạng</th></tr></thead>"
    statuses = ["Vượt chỉ tiêu", "Đạt chỉ tiêu", "Đang thực hiện"]
    body = "".join(
        f"<tr><td>{i}</td><td>Chỉ tiêu số {i}</td><td>{statuses[i % 3]}</td></tr>"
        for i in range(1, ROWS + 1)
    )
    return f'<table class="dtreport-table">{head}<tbody>{body}</tbody></table>'


def _notebook() -> nbformat.NotebookNode:
    injected = v4.new_code_cell(
        INJECTED_SOURCE,
        execution_count=1,
        metadata={"tags": ["injected-parameters"]},
        outputs=[v4.new_output("stream", name="stdout", text="INJECTED-OUTPUT-MARKER\n")],
    )
    report = v4.new_code_cell(
        CODE_SOURCE,
        execution_count=2,
        outputs=[
            v4.new_output("stream", name="stderr", text=STDERR_TEXT),
            v4.new_output("stream", name="stdout", text=STDOUT_TEXT),
            v4.new_output("display_data", data={"text/html": _table(), "text/plain": "<table>"}),
            v4.new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"}),
            v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=2),
        ],
    )
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell(f"# Báo cáo chuyển đổi số\n\n## Kết quả\n\n{STATUS_TEXT}"),
        injected,
        report,
    ]
    return nb


@pytest.fixture(scope="module")
def html() -> str:
    return notebook_to_html(_notebook(), title="Báo cáo 2024-H1 <thử>")


@pytest.fixture(scope="module")
def draft_html() -> str:
    return notebook_to_html(_notebook(), title="Báo cáo", draft=True)


@pytest.fixture(scope="module")
def pdf(html: str) -> PdfReader:
    return PdfReader(io.BytesIO(html_to_pdf(html)))


@pytest.fixture(scope="module")
def draft_pdf(draft_html: str) -> PdfReader:
    return PdfReader(io.BytesIO(html_to_pdf(draft_html)))


def _texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _font_names(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts: Any = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


# ---- HTML --------------------------------------------------------------------------------


def test_html_keeps_content(html: str) -> None:
    assert STATUS_TEXT in html
    assert 'class="dtreport-table"' in html
    assert "data:image/png;base64," in html
    assert STDOUT_TEXT.strip() in html
    assert '<html lang="vi">' in html
    assert "<title>Báo cáo 2024-H1 &lt;thử&gt;</title>" in html


def test_html_hides_code_prompts_parameters_and_stderr(html: str) -> None:
    assert "CODE-SOURCE-MARKER" not in html
    assert "show_status_table" not in html
    assert "In [" not in html and "In&nbsp;[" not in html and "Out[" not in html
    assert "INJECTED-PARAMETER-MARKER" not in html
    assert "INJECTED-OUTPUT-MARKER" not in html
    assert "STDERR-NOISE-MARKER" not in html
    assert "anchor-link" not in html.split("</style>", 1)[1]  # no "¶" links in the body


@pytest.mark.parametrize("fixture", ["html", "draft_html"])
def test_html_references_no_network_address(fixture: str, request: pytest.FixtureRequest) -> None:
    page: str = request.getfixturevalue(fixture)
    assert "http://" not in page
    assert "https://" not in page
    assert "<script" not in page
    # Fonts travel inside the file.
    assert page.count("data:font/ttf;base64,") == 6
    assert 'url("fonts/' not in page


def test_draft_banner_only_in_drafts(html: str, draft_html: str) -> None:
    assert 'class="dtreport-draft"' not in html
    assert "dtreport-watermark" not in html
    assert 'class="dtreport-draft"' in draft_html
    assert DRAFT_MARK in draft_html
    assert "dtreport-watermark" in draft_html


def test_notebook_is_not_modified() -> None:
    nb = _notebook()
    before = copy.deepcopy(nb)
    notebook_to_html(nb, title="x")
    assert nb == before


def test_language_and_image_alt_follow_lang() -> None:
    page = notebook_to_html(_notebook(), title="Report", lang="en")
    assert '<html lang="en">' in page
    assert 'alt="Figure"' in page


def test_rejects_a_bad_language_tag() -> None:
    with pytest.raises(ValueError, match="language tag"):
        notebook_to_html(_notebook(), title="x", lang='vi" onload="x')


# ---- PDF ---------------------------------------------------------------------------------


def test_pdf_is_a4_portrait(pdf: PdfReader) -> None:
    assert len(pdf.pages) >= 2  # the long table crosses a page break
    for page in pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)


def test_pdf_keeps_vietnamese_text(pdf: PdfReader) -> None:
    text = "\n".join(_texts(pdf))
    for label in ("Vượt chỉ tiêu", "Đạt chỉ tiêu", "Đang thực hiện", "Báo cáo chuyển đổi số"):
        assert label in text
    assert "STDERR-NOISE-MARKER" not in text


def test_pdf_numbers_pages_and_repeats_table_headers(pdf: PdfReader) -> None:
    texts = _texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {len(texts)}" in text
    # The table starts on page 1 and its header row is printed again on page 2.
    assert HEADER_CELL in texts[0]
    assert HEADER_CELL in texts[1]


def test_pdf_embeds_the_shipped_fonts(pdf: PdfReader) -> None:
    names = _font_names(pdf)
    assert any("LiberationSerif" in name for name in names), names
    # Nothing fell back to a system font.
    assert all("Liberation" in name for name in names), names


def test_draft_pdf_marks_every_page(draft_pdf: PdfReader) -> None:
    texts = _texts(draft_pdf)
    assert len(texts) >= 2
    for text in texts:
        assert DRAFT_MARK in text


def test_landscape_pages() -> None:
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Phần chính\n\nNội dung dọc."),
        v4.new_markdown_cell(
            '<div class="dtreport-landscape">\n\n## Phụ lục\n\nBảng rộng.\n\n</div>'
        ),
    ]
    reader = PdfReader(io.BytesIO(html_to_pdf(notebook_to_html(nb, title="x"))))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert sizes[0][0] < sizes[0][1]  # portrait body
    assert sizes[-1][0] > sizes[-1][1]  # landscape appendix
    assert "Phụ lục" in reader.pages[-1].extract_text()


def test_stylesheet_raises_no_weasyprint_warning(
    draft_html: str, caplog: pytest.LogCaptureFixture
) -> None:
    # html_to_pdf silences WeasyPrint below ERROR; render directly to see what it would say.
    from weasyprint import HTML

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string=draft_html).write_pdf()
    # Without libharfbuzz-subset WeasyPrint subsets with fontTools and says so per font:
    # a fact about the machine, not about the stylesheet.
    complaints = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and "HarfBuzz-Subset" not in r.getMessage()
    ]
    assert complaints == []


def test_html_to_pdf_restores_logger_levels(html: str) -> None:
    logger = logging.getLogger("weasyprint")
    before = logger.level
    html_to_pdf(html)
    assert logger.level == before
