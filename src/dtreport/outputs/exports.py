"""Appendix I as an Excel workbook and a Word document, for officials to paste into their report.

Both follow the layout of the seed's table (heading, title, subtitle, a 5-column table with a
bold row per pillar) in Times New Roman 12, the font of Vietnamese administrative documents.
Both are stamped with the appendix's date, not the clock (:mod:`dtreport.stamp`), so the same
appendix always gives the same bytes. Also here: the formula-safe CSV of the data files.
"""

from __future__ import annotations

import csv
import io
import re
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dtreport.i18n import text as wording
from dtreport.lang import Lang
from dtreport.report.appendix import DRAFT_LINE, DRAFT_MARK, Appendix, AppendixRow
from dtreport.stamp import document_bytes, document_time, workbook_bytes

if TYPE_CHECKING:
    import pandas as pd
    from docx.document import Document as DocxDocument
    from docx.table import _Row
    from docx.text.paragraph import Paragraph
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["appendix_docx", "appendix_xlsx", "csv_bytes"]

FONT = "Times New Roman"
FONT_SIZE = 12
# Widths of columns A-E in characters; the docx widths are close to the same proportions of
# the A4 landscape text width (29.7 cm - 2 x 2 cm margins).
_XLSX_WIDTHS = (6, 60, 28, 14, 16)
_DOCX_WIDTHS_CM = (1.3, 12.0, 5.8, 3.0, 3.6)
_LINE_HEIGHT = 15.0  # points per wrapped line of 12 pt text, as Excel spaces them
_HEADER_ROW = 5  # heading, title, subtitle, a blank line, then the column titles
# Excel (and LibreOffice) run a cell typed as one of these as a formula or DDE command.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a unit or pandas writes it ("-5", "-1.5", "-12,5%"): a spreadsheet reads it as a
# number and can run nothing in it, and a quote in front would spoil it as data.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?%?", re.ASCII
)
# Control characters XML cannot hold: openpyxl and python-docx refuse them rather than drop them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _value_and_remark(row: AppendixRow) -> tuple[str, str]:
    """The value and, if any, the remark as the report prints it: in brackets after the value."""
    remark = f"({row.remark})" if row.remark else ""
    return row.value, remark


def _note_line(row: AppendixRow, lang: Lang) -> str:
    """The unit's note as its own line of the value cell; empty when the unit wrote none."""
    return f"{wording('note', lang)}: {row.note}" if row.note else ""


def _value_text(row: AppendixRow, lang: Lang) -> str:
    """The value cell as plain text: the value and remark, then the note on a line of its own."""
    first = " ".join(part for part in _value_and_remark(row) if part)
    return "\n".join(line for line in (first, _note_line(row, lang)) if line)


def _status_lines(row: AppendixRow) -> str:
    return f"{row.status}\n{row.assessed_by_unit}" if row.assessed_by_unit else row.status


def _document_title(appendix: Appendix) -> str:
    return f"{appendix.heading} ({DRAFT_MARK})" if appendix.draft else appendix.heading


def _sheet_title(appendix: Appendix) -> str:
    """The sheet tab: at most 31 characters, none of []:*?/\\, and the draft mark kept whole."""
    heading = re.sub(r"[][:*?/\\]", "", appendix.heading) or "Appendix"
    suffix = f" ({DRAFT_MARK})" if appendix.draft else ""
    return heading[: 31 - len(suffix)] + suffix


# --- XLSX ------------------------------------------------------------------------------------


def _row_height(cells: Iterable[tuple[str, float]]) -> float:
    """Points for a row whose cells hold ``(text, column width)``, wrapped.

    Neither Excel nor LibreOffice re-measures rows when opening a file, so a row left at the
    default height shows one line of each wrapped cell. The estimate errs on the tall side:
    Times New Roman 12 fits a little more than one character per unit of column width.
    """
    lines = 1
    for text, width in cells:
        per_line = max(1, int(width * 1.05) - 1)
        wrapped = sum(len(textwrap.wrap(part, per_line)) or 1 for part in text.split("\n"))
        lines = max(lines, wrapped)
    return lines * _LINE_HEIGHT + 2


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Cell | MergedCell:
    """Write ``value`` as literal text, never as a formula, whatever it starts with."""
    from openpyxl.cell.rich_text import CellRichText

    cell = sheet.cell(row, column)
    if isinstance(value, str):
        value = _clean(value)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str | CellRichText):
        # openpyxl turns a string starting with "=" into a formula and "#N/A" into an error;
        # forcing the type keeps what the unit reported, shown exactly as written.
        cell.data_type = "s"
        # quotePrefix also keeps Excel from evaluating the text when an official edits the cell.
        cell.quotePrefix = str(value).startswith(_FORMULA_START)
        cell.number_format = "@"
    return cell


def appendix_xlsx(appendix: Appendix) -> bytes:
    """The appendix as an XLSX workbook laid out like the seed's table, ready to print on A4.

    A draft says so in a line above the heading, in the page header of every printed page and
    in the sheet's tab.
    """
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _sheet_title(appendix)
    plain, bold = Font(name=FONT, size=FONT_SIZE), Font(name=FONT, size=FONT_SIZE, bold=True)
    italic = Font(name=FONT, size=FONT_SIZE, italic=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top", wrap_text=True)
    top_centred = Alignment(horizontal="center", vertical="top", wrap_text=True)
    last = len(_XLSX_WIDTHS)
    for index, width in enumerate(_XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    lines = [(appendix.heading, bold), (appendix.title, bold), (appendix.subtitle, italic)]
    if appendix.draft:
        lines.insert(0, (DRAFT_LINE, bold))
    # The draft line pushes everything below it down a row, the print titles included.
    header_row = _HEADER_ROW + 1 if appendix.draft else _HEADER_ROW
    for number, (text, font) in enumerate(lines, start=1):
        _put(sheet, number, 1, text).font = font
        sheet.cell(number, 1).alignment = centred
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last)
        sheet.row_dimensions[number].height = _row_height([(text, sum(_XLSX_WIDTHS))])

    for column, title in enumerate(appendix.columns, start=1):
        cell = _put(sheet, header_row, column, title)
        cell.font, cell.alignment, cell.border = bold, centred, grid
    header_cells = zip(appendix.columns, _XLSX_WIDTHS, strict=True)
    sheet.row_dimensions[header_row].height = _row_height(header_cells)

    remark_font = InlineFont(rFont=FONT, sz=FONT_SIZE, i=True)
    for number, row in enumerate(appendix.rows, start=header_row + 1):
        if row.is_pillar:
            _put(sheet, number, 1, row.number)
            _put(sheet, number, 2, row.name)
            sheet.merge_cells(start_row=number, start_column=2, end_row=number, end_column=last)
            for column in range(1, last + 1):
                cell = sheet.cell(number, column)
                cell.font, cell.border = bold, grid
                cell.alignment = centred if column == 1 else Alignment(vertical="center")
            continue
        value, remark = _value_and_remark(row)
        note = _note_line(row, appendix.lang)
        value_cell: object = value
        if remark or note:
            # Rich text keeps the remark and the note italic, as in the report; reloaded without
            # rich_text it reads as "10% (remark)\nGhi chú: note".
            lead = f"{value} " if value and remark else value
            pieces: list[str | TextBlock] = [_clean(lead)] if lead else []
            if remark:
                pieces.append(TextBlock(remark_font, _clean(remark)))
            if note:
                note_text = f"\n{note}" if pieces else note
                pieces.append(TextBlock(remark_font, _clean(note_text)))
            value_cell = CellRichText(*pieces)
        cells = (row.number, row.name, value_cell, row.target, _status_lines(row))
        texts = (row.number, row.name, _value_text(row, appendix.lang), *cells[3:])
        sheet.row_dimensions[number].height = _row_height(zip(texts, _XLSX_WIDTHS, strict=True))
        for column, content in enumerate(cells, start=1):
            cell = _put(sheet, number, column, content)
            cell.font, cell.border = plain, grid
            cell.alignment = top_centred if column in (1, 4, 5) else top

    sheet.freeze_panes = sheet.cell(header_row + 1, 1).coordinate
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if appendix.draft:
        for page_header in (sheet.oddHeader, sheet.evenHeader):
            assert page_header is not None  # openpyxl gives every sheet both
            page_header.center.text = DRAFT_MARK
            page_header.center.font = f"{FONT},Bold"
            page_header.center.size = FONT_SIZE
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    return workbook_bytes(workbook, document_time(appendix.as_of), _document_title(appendix))


# --- DOCX ------------------------------------------------------------------------------------


def _add_text(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(_clean(text))
    run.bold, run.italic = bold or None, italic or None


def _repeat_and_keep(row: _Row, header: bool) -> None:
    """Keep a row on one page; the header row is also repeated at the top of every page."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _set_fonts(document: DocxDocument) -> None:
    """Times New Roman 12 for every script, so Word does not substitute for Vietnamese text."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(FONT_SIZE)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    candidates = [style.element.get_or_add_rPr().get_or_add_rFonts()]
    if defaults is not None:
        candidates += defaults.iter(qn("w:rFonts"))
    for fonts in candidates:
        # A theme font in rFonts wins over a named one, and the template's defaults name the
        # theme's (Calibri, Cambria): drop them so every level says Times New Roman.
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    paragraphs = style.paragraph_format
    paragraphs.space_before = paragraphs.space_after = Pt(0)
    paragraphs.line_spacing = 1.0


def _mark_draft(document: DocxDocument) -> None:
    """The draft mark in the page header, which Word and LibreOffice print on every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    # One section, no distinct first or even pages: its default header is on every page.
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(paragraph, DRAFT_MARK, bold=True)


def appendix_docx(appendix: Appendix) -> bytes:
    """The appendix as a Word document: A4 landscape, a bordered table whose header repeats.

    A draft says so in a line above the heading and in the page header of every page.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    document = Document()
    _set_fonts(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))

    lines = [
        (appendix.heading, True, False),
        (appendix.title, True, False),
        (appendix.subtitle, False, True),
    ]
    if appendix.draft:
        _mark_draft(document)
        lines.insert(0, (DRAFT_LINE, True, False))
    for text, bold, italic in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_text(paragraph, text, bold=bold, italic=italic)
    paragraph.paragraph_format.space_after = Pt(12)

    table = document.add_table(rows=0, cols=len(_DOCX_WIDTHS_CM))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, _DOCX_WIDTHS_CM, strict=True):
        column.width = Cm(width)

    def add_row(header: bool = False) -> _Row:
        row: _Row = table.add_row()
        _repeat_and_keep(row, header)
        # Word reads the cell widths, LibreOffice the grid's: set both.
        for cell, width in zip(row.cells, _DOCX_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
        return row

    header = add_row(header=True)
    for cell, title in zip(header.cells, appendix.columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_text(cell.paragraphs[0], title, bold=True)

    for item in appendix.rows:
        row = add_row()
        cells = row.cells
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if item.is_pillar:
            _add_text(cells[0].paragraphs[0], item.number, bold=True)
            name = cells[1].merge(cells[len(cells) - 1])
            _add_text(name.paragraphs[0], item.name, bold=True)
            # Keep-with-next on a row's paragraphs keeps a pillar row on the page of its first
            # indicator instead of alone at the foot of the previous one.
            for paragraph in (cells[0].paragraphs[0], name.paragraphs[0]):
                paragraph.paragraph_format.keep_with_next = True
            continue
        _add_text(cells[0].paragraphs[0], item.number)
        _add_text(cells[1].paragraphs[0], item.name)
        value, remark = _value_and_remark(item)
        _add_text(cells[2].paragraphs[0], value)
        if remark:
            _add_text(cells[2].paragraphs[0], f" {remark}", italic=True)
        if item.note:
            # Its own line, unless there is no value above it to leave a blank line after.
            below = cells[2].add_paragraph() if value or remark else cells[2].paragraphs[0]
            _add_text(below, _note_line(item, appendix.lang), italic=True)
        for cell in (cells[3], cells[4]):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_text(cells[3].paragraphs[0], item.target)
        _add_text(cells[4].paragraphs[0], item.status)
        if item.assessed_by_unit:
            note = cells[4].add_paragraph()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_text(note, item.assessed_by_unit, italic=True)

    return document_bytes(document, document_time(appendix.as_of), _document_title(appendix))


# --- CSV -------------------------------------------------------------------------------------


def _csv_cell(value: object) -> object:
    """Text a spreadsheet would run, behind a quote; anything else, numbers included, as is."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return f"'{value}"
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV that Excel and LibreOffice open without running any of it.

    UTF-8 without a byte-order mark, "\\n" line ends, no index. Every text cell (column titles
    included) that starts with ``= + - @``, a tab or a carriage return gets a ``'`` in front,
    unless it is a plain number such as "-5" or "-1.5".
    """
    safe = frame.map(_csv_cell).set_axis([_csv_cell(c) for c in frame.columns], axis="columns")
    # The csv module quotes a field only for the characters of its line terminator, so with "\n"
    # alone a carriage return in a cell would go out bare and end the record early in Excel.
    # Written with "\r\n", every such field is quoted; each record then ends in "\n" instead.
    formatted = safe.to_csv(index=False, lineterminator="\r\n")
    output, record = io.StringIO(), io.StringIO()
    writer = csv.writer(record, lineterminator="\r\n")
    for row in csv.reader(io.StringIO(formatted, newline="")):
        record.seek(0)
        record.truncate()
        writer.writerow(row)
        output.write(record.getvalue().removesuffix("\r\n") + "\n")
    return output.getvalue().encode("utf-8")
