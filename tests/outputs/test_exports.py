"""The appendix as XLSX and DOCX, the formula-safe CSV, and the output folder's index.html."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.worksheet.worksheet import Worksheet

from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate
from dtreport.outputs.exports import appendix_docx, appendix_xlsx, csv_bytes
from dtreport.outputs.index import report_states, write_index
from dtreport.paths import Project
from dtreport.report.appendix import DRAFT_LINE, DRAFT_MARK, Appendix, build_appendix

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


def test_xlsx_has_the_seed_rows_and_statuses_in_order(
    appendices: dict[str, Appendix], seed_labels: list[str]
) -> None:
    rows = _sheet_rows(_sheet(appendices["vi"]))
    indicators = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in indicators] == [str(n) for n in range(1, 14)]
    assert [r[4].split("\n")[0] for r in indicators] == seed_labels
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


def test_docx_has_the_seed_rows_and_statuses_in_order(
    appendices: dict[str, Appendix], seed_labels: list[str]
) -> None:
    rows = _docx_rows(appendices["vi"])
    indicators = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in indicators] == [str(n) for n in range(1, 14)]
    assert [r[4].split("\n")[0] for r in indicators] == seed_labels
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
    html = write_index(output, output.parent).read_text(encoding="utf-8")
    assert [s.period for s in report_states(output, output.parent)] == ["2025", "2024-H1"]
    assert html.index(">2025<") < html.index(">2024-H1<")
    assert ".staging" not in html and "2024-H2" not in html
    assert '<meta charset="utf-8">' in html and '<html lang="vi">' in html
    assert "Kỳ báo cáo / Period" in html and "Hoàn thành / Achieved" in html


def test_index_links_are_relative_and_exist(output: Path) -> None:
    html = write_index(output, output.parent).read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert sorted(hrefs) == sorted(
        ["2025/report.html", "2025/report.pdf", "2025/appendix.xlsx", "2024-H1/report.html"]
    )
    assert all((output / href).is_file() for href in hrefs)
    assert "http" not in html and "<script" not in html and "src=" not in html


def test_index_shows_counts_and_escapes(output: Path) -> None:
    html = write_index(output, output.parent).read_text(encoding="utf-8")
    row = html[html.index(">2025<") : html.index(">2024-H1<")]
    assert re.search(r'<td class="n">13</td>\s*<td class="n">12</td>', row)
    assert "Vượt chỉ tiêu / Exceeded: 8" in row and "Đang thực hiện / In progress: 1" in row
    assert "12/13 &lt;đạt&gt;" in row and "Sở TT&amp;TT" in row


def test_control_characters_are_dropped_not_fatal(appendices: dict[str, Appendix]) -> None:
    original = appendices["vi"]
    rows = list(original.rows)
    rows[1] = dataclasses.replace(rows[1], name="Tỷ lệ\x07 dịch vụ", remark="ghi\x00chú")
    appendix = dataclasses.replace(original, rows=tuple(rows))
    assert "Tỷ lệ dịch vụ" in [r[1] for r in _sheet_rows(_sheet(appendix))]
    assert "Tỷ lệ dịch vụ" in [r[1] for r in _docx_rows(appendix)]


# --- Same inputs, same bytes -------------------------------------------------------------------

WRITERS: dict[str, Callable[[Appendix], bytes]] = {"xlsx": appendix_xlsx, "docx": appendix_docx}


def _stamps(data: bytes) -> tuple[set[tuple[int, ...]], str]:
    """Every zip entry's time, and the core properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        times = {tuple(entry.date_time) for entry in archive.infolist()}
        return times, archive.read("docProps/core.xml").decode()


def test_exports_are_the_same_bytes_whenever_they_are_made(
    appendices: dict[str, Appendix], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    appendix = appendices["vi"]
    first = {name: write(appendix) for name, write in WRITERS.items()}
    time.sleep(1.1)  # the clock moves on to another second: nothing written may follow it
    for name, write in WRITERS.items():
        assert write(appendix) == first[name], name
        times, core = _stamps(first[name])
        assert times == {(2024, 6, 19, 0, 0, 0)}  # as_of of 2024-H1, at midnight UTC
        assert core.count("2024-06-19T00:00:00Z") == 2  # created and modified
        assert "<cp:lastModifiedBy>dtreport</cp:lastModifiedBy>" in core
        assert "<cp:revision>1</cp:revision>" in core


def test_source_date_epoch_sets_the_stamp(
    appendices: dict[str, Appendix], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    by_date = {name: write(appendices["vi"]) for name, write in WRITERS.items()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    for name, write in WRITERS.items():
        data = write(appendices["vi"])
        assert data != by_date[name]
        times, core = _stamps(data)
        assert times == {(2023, 11, 14, 22, 13, 20)}
        assert core.count("2023-11-14T22:13:20Z") == 2 and "2024-06-19" not in core


# --- Drafts ----------------------------------------------------------------------------------


@pytest.fixture
def drafts(project: Project) -> dict[str, Appendix]:
    result = evaluate(load_period(project, "2024-H1"))
    return {lang: build_appendix(result, lang, draft=True) for lang in ("vi", "en")}


def test_draft_xlsx_says_so_on_every_page(
    drafts: dict[str, Appendix], seed_labels: list[str]
) -> None:
    assert drafts["vi"].draft
    sheet = _sheet(drafts["vi"])
    for page_header in (sheet.oddHeader, sheet.evenHeader):
        assert page_header is not None
        assert page_header.center.text == DRAFT_MARK
        assert page_header.center.font is not None and "Bold" in page_header.center.font
    assert "NHÁP" in sheet.title and len(sheet.title) <= 31
    assert sheet["A1"].value == DRAFT_LINE and sheet["A1"].font.b
    assert any(str(r) == "A1:E1" for r in sheet.merged_cells.ranges)
    assert sheet["A2"].value == drafts["vi"].heading
    # The table below keeps its shape, one row lower, and its header still repeats.
    header = next(r for r in sheet.iter_rows() if r[0].value == "STT")
    assert header[0].row == 6 and sheet.print_title_rows == "$6:$6" and sheet.freeze_panes == "A7"
    assert any(str(r) == "B7:E7" for r in sheet.merged_cells.ranges)  # pillar I's name
    rows = _sheet_rows(sheet)
    assert [r[4].split("\n")[0] for r in rows if r[0].isdigit()] == seed_labels


def test_draft_docx_says_so_on_every_page(drafts: dict[str, Appendix]) -> None:
    document = Document(io.BytesIO(appendix_docx(drafts["en"])))
    assert len(document.sections) == 1
    section = document.sections[0]
    assert not section.different_first_page_header_footer
    header = [p for p in section.header.paragraphs if p.text]
    assert [p.text for p in header] == [DRAFT_MARK]
    assert all(run.bold for run in header[0].runs)
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == [DRAFT_LINE, drafts["en"].heading]
    assert [r[0] for r in _docx_rows(drafts["en"]) if r[0].isdigit()] == [
        str(n) for n in range(1, 14)
    ]


def _xml_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )


def test_final_exports_never_say_draft(
    appendices: dict[str, Appendix], drafts: dict[str, Appendix]
) -> None:
    for lang in ("vi", "en"):
        for write in WRITERS.values():
            assert "NHÁP" not in _xml_text(write(appendices[lang]))
            assert "NHÁP" in _xml_text(write(drafts[lang]))
    sheet = _sheet(appendices["vi"])
    assert sheet.oddHeader is not None and not sheet.oddHeader.center.text
    assert sheet["A1"].value == appendices["vi"].heading
    document = Document(io.BytesIO(appendix_docx(appendices["vi"])))
    assert not any(p.text for p in document.sections[0].header.paragraphs)


# --- The unit's notes ------------------------------------------------------------------------


@pytest.fixture
def noted(project: Project) -> dict[str, Appendix]:
    """The seed, with a note on indicator 6 (which has a remark) and 7 (which has none)."""
    path = project.data_dir / "2024-H1" / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("QD749-06,"):
            lines[i] = line + "Theo báo cáo quý II"
        if line.startswith("QD749-07,"):
            lines[i] = line + "=Số liệu sơ bộ"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate(load_period(project, "2024-H1"))
    return {lang: build_appendix(result, lang) for lang in ("vi", "en")}


def test_notes_reach_the_appendix_rows(noted: dict[str, Appendix]) -> None:
    notes = {r.number: r.note for r in noted["vi"].indicators if r.note}
    assert notes == {"6": "Theo báo cáo quý II", "7": "=Số liệu sơ bộ"}


def test_xlsx_shows_the_note_on_its_own_line_in_italics(noted: dict[str, Appendix]) -> None:
    rows = {r[0]: r for r in _sheet_rows(_sheet(noted["vi"])) if r[0].isdigit()}
    assert rows["6"][2].startswith("10% (Sở Thông tin")
    assert rows["6"][2].endswith(")\nGhi chú: Theo báo cáo quý II")
    assert rows["7"][2] == "42,13%\nGhi chú: =Số liệu sơ bộ"
    assert rows["8"][2] == "17,9%"
    english = {r[0]: r for r in _sheet_rows(_sheet(noted["en"])) if r[0].isdigit()}
    assert english["7"][2] == "42.13%\nNote: =Số liệu sơ bộ"
    rich = load_workbook(io.BytesIO(appendix_xlsx(noted["vi"])), rich_text=True).active
    assert isinstance(rich, Worksheet)
    value = next(rich.cell(r[0].row, 3).value for r in rich.iter_rows() if r[0].value == "7")
    assert isinstance(value, CellRichText)
    last = value[-1]
    assert isinstance(last, TextBlock) and last.text == "\nGhi chú: =Số liệu sơ bộ" and last.font.i


def test_docx_shows_the_note_on_its_own_line_in_italics(noted: dict[str, Appendix]) -> None:
    for lang, word in (("vi", "Ghi chú"), ("en", "Note")):
        table = Document(io.BytesIO(appendix_docx(noted[lang]))).tables[0]
        row = next(r for r in table.rows if r.cells[0].text == "7")
        first, note = row.cells[2].paragraphs
        assert first.text == ("42,13%" if lang == "vi" else "42.13%")
        assert note.text == f"{word}: =Số liệu sơ bộ" and all(run.italic for run in note.runs)
        plain = next(r for r in table.rows if r.cells[0].text == "8")
        assert len(plain.cells[2].paragraphs) == 1


# --- CSV -------------------------------------------------------------------------------------

HOSTILE = [
    "=1+1",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x", "y")',
    "-",
    "-5 ",
    "-1.5.3",
    "+1e5+A1",
]
PLAIN_NUMBERS = ["-5", "-1.5", "+3", "-0.25", "-12,5%", "-1e-3"]
HARMLESS = ["Đạt chỉ tiêu", "1+1", "a=b", "42,13%", ""]


def _read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")


def test_csv_quotes_every_cell_a_spreadsheet_would_run() -> None:
    frame = pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))})
    back = _read_back(csv_bytes(frame))
    assert list(back["text"]) == [f"'{value}" for value in HOSTILE]
    assert list(back["n"]) == [str(n) for n in range(len(HOSTILE))]


def test_csv_leaves_numbers_and_ordinary_text_alone() -> None:
    values = PLAIN_NUMBERS + HARMLESS
    frame = pd.DataFrame({"text": values, "negative": [-5] * len(values)})
    frame["decimal"] = -1.5
    back = _read_back(csv_bytes(frame))
    assert list(back["text"]) == values
    assert set(back["negative"]) == {"-5"} and set(back["decimal"]) == {"-1.5"}


def test_csv_is_utf8_with_newlines_and_safe_titles() -> None:
    frame = pd.DataFrame({"=title": ["Vượt chỉ tiêu"], "status": ["-"]})
    data = csv_bytes(frame)
    assert data == "'=title,status\nVượt chỉ tiêu,'-\n".encode()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
