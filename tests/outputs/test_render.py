"""dtreport.outputs.render: executed notebook -> offline HTML -> A4 PDF."""

from __future__ import annotations

import base64
import copy
import io
import logging
import re
from typing import Any

import matplotlib
import nbformat
import pytest
from fontTools.ttLib import TTFont
from nbformat import v4
from pypdf import PdfReader

from dtreport.outputs.render import (
    DRAFT_MARK,
    _font_data_uri,
    document_characters,
    embed_fonts,
    html_to_pdf,
    notebook_to_html,
)
from dtreport.paths import ASSETS_DIR, FONTS_DIR

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
    # Fonts travel inside the file, cut to the document's characters and packed as WOFF2.
    assert page.count('url("data:font/woff2;base64,') == 6
    assert page.count('format("woff2")') == 6
    assert "data:font/ttf" not in page and 'format("truetype")' not in page
    assert 'url("fonts/' not in page and "file:" not in page


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


def _top_margin_texts(page: Any) -> list[tuple[str, float]]:
    """The texts printed in a page's top margin (20 mm), each with its horizontal centre."""
    height = float(page.mediabox.height)
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        y = cm[3] * tm[5] + cm[5]
        if text.strip() and y > height - 20 * 72 / 25.4:
            width = len(text.strip()) * size * 0.5 * cm[0]  # digits are half an em wide
            found.append((text.strip(), cm[0] * tm[4] + cm[4] + width / 2))

    page.extract_text(visitor_text=visit)
    return found


def test_pdf_numbers_pages_at_the_top_centre_but_not_the_first(pdf: PdfReader) -> None:
    # Nghị định 30/2020/NĐ-CP: the number alone, centred in the top margin, none on page 1.
    assert len(pdf.pages) >= 2
    assert _top_margin_texts(pdf.pages[0]) == []
    for number, page in enumerate(pdf.pages[1:], start=2):
        ((text, centre),) = _top_margin_texts(page)
        assert text == str(number)
        # The centre of the text column: 30 mm margin on the left, 20 mm on the right.
        column = (30 + (float(page.mediabox.width) * 25.4 / 72 - 20)) / 2 * 72 / 25.4
        assert centre == pytest.approx(column, abs=3)
    assert not any(f"/ {len(pdf.pages)}" in text for text in _texts(pdf))


def test_stylesheet_numbers_pages_at_the_top_centre_but_not_the_first() -> None:
    css = (ASSETS_DIR / "report.css").read_text(encoding="utf-8")
    page = css[css.index("@page {") : css.index("@page :first")]
    assert "@top-center {\n    content: counter(page);" in page and "@bottom" not in page
    first = css[css.index("@page :first") :]
    assert first.startswith("@page :first {\n  @top-center {\n    content: none;")
    # The draft's mark moved to the foot of the page, out of the page number's way.
    assert "@bottom-center" in (ASSETS_DIR / "draft.css").read_text(encoding="utf-8")


def test_pdf_repeats_table_headers(pdf: PdfReader) -> None:
    texts = _texts(pdf)
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


# ---- contents and embedded fonts ---------------------------------------------------------


def _sections_notebook() -> nbformat.NotebookNode:
    """A letterhead cell, then two sections with ids, the way the report's cells show them."""
    html = {
        "letterhead": '<table class="letterhead"><tr><td>SỞ</td></tr></table>',
        "results": '<h2 id="results">1. Kết quả &amp; đánh giá</h2><h3 id="by-pillar">Theo trụ cột'
        "</h3><p>Đạt chỉ tiêu</p>",
        "annex": '<h2 id="annex">PHỤ LỤC KỸ THUẬT</h2><h4 id="checks">1.1. Kiểm tra</h4>',
    }
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_code_cell(
            name, outputs=[v4.new_output("display_data", data={"text/html": fragment})]
        )
        for name, fragment in html.items()
    ]
    return nb


def test_the_html_lists_its_sections_after_the_letterhead() -> None:
    page = notebook_to_html(_sections_notebook(), title="x")
    body = page.split("</style>", 1)[1]
    nav = body[body.index("<nav ") : body.index("</nav>")]
    assert 'class="dtreport-contents"' in nav
    assert body.index('class="letterhead"') < body.index("<nav") < body.index('id="results"')
    assert 'id="dtreport-contents-title">Mục lục</p>' in nav
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav) == [
        ("results", "1. Kết quả &amp; đánh giá"), ("by-pillar", "Theo trụ cột"),
        ("annex", "PHỤ LỤC KỸ THUẬT"),
    ]  # fmt: skip
    # The sub-section is listed under its section; an h4 is not listed.
    assert nav.index('href="#results"') < nav.index("<ol>", nav.index('href="#results"'))
    assert "checks" not in nav
    english = notebook_to_html(_sections_notebook(), title="x", lang="en")
    assert 'id="dtreport-contents-title">Contents</p>' in english


def test_the_contents_are_for_the_screen_only() -> None:
    page = notebook_to_html(_sections_notebook(), title="x")
    text = "\n".join(_texts(PdfReader(io.BytesIO(html_to_pdf(page)))))
    assert "Mục lục" not in text and "Theo trụ cột" in text
    # A page with a single heading or none has no contents list.
    assert "<nav" not in notebook_to_html(_notebook(), title="x")


def _embedded_fonts(page: str) -> list[TTFont]:
    found = re.findall(r'url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\) format\("woff2"\)', page)
    return [TTFont(io.BytesIO(base64.b64decode(data))) for data in found]


def test_embedded_fonts_keep_every_character_of_the_document(html: str) -> None:
    fonts = _embedded_fonts(html)
    assert len(fonts) == 6 and all(font.flavor == "woff2" for font in fonts)
    shown = set(document_characters(html)) - {" "}
    # Every Vietnamese letter of the page, in either case, plus the draft's and the chart's.
    assert {"ệ", "Ệ", "ư", "Ư", "ợ", "Đ", "đ", "ỉ", "—"} <= shown
    full = TTFont(FONTS_DIR / "LiberationSerif-Regular.ttf")
    drawable = {c for c in shown if ord(c) in full.getBestCmap()}
    for font in fonts:
        cmap = font.getBestCmap()
        assert {c for c in drawable if ord(c) not in cmap} == set()
        assert len(cmap) < 400  # a subset, not the 2,600 characters of the shipped face


def test_embedded_fonts_are_the_same_bytes_whatever_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nb = _notebook()
    first = notebook_to_html(nb, title="x")
    # fontTools stamps a font it saves with SOURCE_DATE_EPOCH or the time unless told not to.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    _font_data_uri.cache_clear()
    assert notebook_to_html(nb, title="x") == first
    # Each subset keeps the date of the shipped face it was cut from.
    shipped = {TTFont(path)["head"].modified for path in FONTS_DIR.glob("*.ttf")}
    assert {font["head"].modified for font in _embedded_fonts(first)} <= shipped


def test_the_file_font_variant_embeds_to_the_same_page() -> None:
    nb = _notebook()
    printable = notebook_to_html(nb, title="x", embed_fonts=False)
    assert printable.count(f'url("{FONTS_DIR.as_uri()}/') == 6
    assert embed_fonts(printable) == notebook_to_html(nb, title="x")
