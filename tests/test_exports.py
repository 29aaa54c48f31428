"""The appendix as XLSX and DOCX, and the output folder's index.html."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import SEED_LABELS
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dtreport.appendix import Appendix, build_appendix
from dtreport.exports import appendix_docx, appendix_xlsx
from dtreport.index import index_entries, write_index
from dtreport.inputs import evaluate, load_period
from dtreport.paths import Project

PILLARS = [("I", "CHÍNH PHỦ SỐ"), ("II", "KINH TẾ SỐ"), ("III", "XÃ HỘI SỐ")]
INJECTIONS = ["=1+1", "@SUM(A1)", "-2+3", "+cmd", "=cmd|' /C calc'!A0", "#N/A"]


@pytest.fixture
def appendices(project: Project) -> dict[str, Appendix]:
    result = evaluate(load_period(project, "2024-H1"))
    return {lang: build_appendix(result, lang) for lang in ("vi", "en")}


def _sheet(appendix: Appendix) -> Worksheet:
    sheet = load_workbook(io.BytesIO(appendix_xlsx(appendix))).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _sheet_rows(sheet: Worksheet) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_the_seed_rows_and_statuses_in_order(appendices: dict[str, Appendix]) -> None:
    rows = _sheet_rows(_sheet(appendices["vi"]))
    indicators = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in indicators] == [str(n) for n in range(1, 14)]
    assert [r[4].split("\n")[0] for r in indicators] == SEED_LABELS
    assert [(r[0], r[1]) for r in rows if r[0] in ("I", "II", "III")] == PILLARS


def test_xlsx_keeps_values_as_text_with_remark_and_unit_note(
    appendices: dict[str, Appendix],
) -> None:
    rows = {r[0]: r for r in _sheet_rows(_sheet(appendices["vi"])) if r[0].isdigit()}
    assert rows["7"][2] == "42,13%"
    assert rows["6"][2].startswith("10% (Sở Thông tin và Truyền thông")
    assert rows["12"][4] == "Đạt chỉ tiêu\n(đơn vị tự đánh giá)"


def test_xlsx_styles_and_page_setup(appendices: dict[str, Appendix]) -> None:
    sheet = _sheet(appendices["vi"])
    header = next(r for r in sheet.iter_rows() if r[0].value == "STT")
    assert all(c.font.b and c.border.bottom.style == "thin" for c in header)
    assert sheet.print_title_rows == "$5:$5" and header[0].row == 5
    assert sheet.freeze_panes == "A6"
    pillar = next(r for r in sheet.iter_rows() if r[0].value == "II")
    assert pillar[0].font.b and pillar[1].font.b
    indicator = next(r for r in sheet.iter_rows() if r[0].value == "7")
    assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in indicator)
    assert indicator[0].font.name == "Times New Roman" and indicator[0].font.sz == 12
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert any(str(r) == "B6:E6" for r in sheet.merged_cells.ranges)  # pillar I's name


def test_xlsx_in_english(appendices: dict[str, Appendix]) -> None:
    rows = _sheet_rows(_sheet(appendices["en"]))
    flat = [v for r in rows for v in r]
    assert "Exceeded" in flat and "DIGITAL GOVERNMENT" in flat and "42.13%" in flat


def test_xlsx_never_writes_a_formula(appendices: dict[str, Appendix]) -> None:
    original = appendices["vi"]
    rows = list(original.rows)
    for i, payload in enumerate(INJECTIONS, start=1):  # rows[0] is pillar I
        rows[i] = dataclasses.replace(rows[i], name=payload, remark=payload)
    appendix = dataclasses.replace(original, title="=cmd|' /C calc'!A0", rows=tuple(rows))
    data = appendix_xlsx(appendix)
    sheet = load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    names = {c.value: c for c in sheet["B"]}
    for payload in INJECTIONS:
        cell = names[payload]
        assert cell.data_type == "s"
        value = sheet.cell(cell.row, 3)
        assert value.data_type == "s" and str(value.value).endswith(f" ({payload})")
    assert names["=1+1"].quotePrefix
    assert sheet["A2"].value == "=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def _docx_rows(appendix: Appendix) -> list[list[str]]:
    table = Document(io.BytesIO(appendix_docx(appendix))).tables[0]
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_has_the_seed_rows_and_statuses_in_order(appendices: dict[str, Appendix]) -> None:
    rows = _docx_rows(appendices["vi"])
    indicators = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in indicators] == [str(n) for n in range(1, 14)]
    assert [r[4].split("\n")[0] for r in indicators] == SEED_LABELS
    assert [(r[0], r[1]) for r in rows if r[0] in ("I", "II", "III")] == PILLARS
    assert rows[0] == list(appendices["vi"].columns)


def test_docx_layout(appendices: dict[str, Appendix]) -> None:
    document = Document(io.BytesIO(appendix_docx(appendices["vi"])))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (section.page_width or 0) > (section.page_height or 0) > 0
    table = document.tables[0]
    assert table.style is not None and table.style.name == "Table Grid"
    header = table.rows[0]
    assert [
        r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
        for r in table.rows[:2]
    ] == [True, False]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    pillar = table.rows[1]
    assert pillar.cells[1]._tc is pillar.cells[4]._tc  # the name spans columns 2-5
    assert all(run.bold for run in pillar.cells[1].paragraphs[0].runs)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"


def test_docx_remark_in_italics_and_english(appendices: dict[str, Appendix]) -> None:
    table = Document(io.BytesIO(appendix_docx(appendices["vi"]))).tables[0]
    row = next(r for r in table.rows if r.cells[0].text == "6")
    runs = row.cells[2].paragraphs[0].runs
    assert runs[0].text == "10%" and not runs[0].italic
    assert runs[1].italic and runs[1].text.startswith(" (Sở Thông tin")
    english = [v for r in _docx_rows(appendices["en"]) for v in r]
    assert "Exceeded" in english and "DIGITAL GOVERNMENT" in english and "42.13%" in english


def _period(output: Path, period: str, manifest: dict[str, object], *files: str) -> None:
    folder = output / period
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for name in files:
        (folder / name).write_text("x", encoding="utf-8")


@pytest.fixture
def output(tmp_path: Path) -> Path:
    output = tmp_path / "output"
    summary = {"total": 13, "achieved": 12, "counts": {"exceeded": 8, "met": 4, "in_progress": 1}}
    _period(
        output,
        "2025",
        {"period": "2025", "created": "2026-01-05", "outputs": ["report.html"],
         "parameters": {"lang": "vi"}, "summary": {**summary, "sentence": "12/13 <đạt>"},
         "title": "Báo cáo năm 2025", "reporting_unit": "Sở TT&TT"},
        "report.html", "report.pdf", "appendix.xlsx",
    )  # fmt: skip
    # An older manifest, without summary, title or reporting unit.
    _period(
        output, "2024-H1", {"period": "2024-H1", "outputs": [], "parameters": {}}, "report.html"
    )
    _period(output, ".staging", {"period": "2024-H2"}, "report.html")
    return output


def test_index_lists_periods_newest_first(output: Path) -> None:
    html = write_index(output).read_text(encoding="utf-8")
    assert [e.period for e in index_entries(output)] == ["2025", "2024-H1"]
    assert html.index(">2025<") < html.index(">2024-H1<")
    assert ".staging" not in html and "2024-H2" not in html
    assert '<meta charset="utf-8">' in html and '<html lang="vi">' in html
    assert "Kỳ báo cáo / Period" in html and "Hoàn thành / Achieved" in html


def test_index_links_are_relative_and_exist(output: Path) -> None:
    html = write_index(output).read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert sorted(hrefs) == sorted(
        ["2025/report.html", "2025/report.pdf", "2025/appendix.xlsx", "2024-H1/report.html"]
    )
    assert all((output / href).is_file() for href in hrefs)
    assert "http" not in html and "<script" not in html and "src=" not in html


def test_index_shows_counts_and_escapes(output: Path) -> None:
    html = write_index(output).read_text(encoding="utf-8")
    row = html[html.index(">2025<") : html.index(">2024-H1<")]
    assert '<td class="n">13</td><td class="n">12</td>' in row
    assert "Vượt chỉ tiêu / Exceeded: 8" in row and "Đang thực hiện / In progress: 1" in row
    assert "12/13 &lt;đạt&gt;" in row and "Sở TT&amp;TT" in row


def test_control_characters_are_dropped_not_fatal(appendices: dict[str, Appendix]) -> None:
    original = appendices["vi"]
    rows = list(original.rows)
    rows[1] = dataclasses.replace(rows[1], name="Tỷ lệ\x07 dịch vụ", remark="ghi\x00chú")
    appendix = dataclasses.replace(original, rows=tuple(rows))
    assert "Tỷ lệ dịch vụ" in [r[1] for r in _sheet_rows(_sheet(appendix))]
    assert "Tỷ lệ dịch vụ" in [r[1] for r in _docx_rows(appendix)]
