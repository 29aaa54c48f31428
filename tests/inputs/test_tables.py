"""Reading unit tables: every bad file is read right or refused naming file, row and column."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from dtreport.errors import InputError
from dtreport.inputs.numbers import Unit, read_value
from dtreport.inputs.tables import find_table, read_table

SHEET = "xl/worksheets/sheet1.xml"


def write_xlsx(
    path: Path, rows: Iterable[Iterable[object]], formats: dict[str, str] | None = None
) -> Path:
    """A real workbook written by openpyxl, with number formats by cell (e.g. B2: 0%)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    workbook.save(path)
    return path


def patch_sheet(path: Path, *replacements: tuple[str, str]) -> Path:
    """Edit the first sheet's XML in place, as Excel would have saved it."""
    patched = path.with_suffix(".patched")
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == SHEET:
                xml = data.decode()
                for old, new in replacements:
                    assert old in xml, old
                    xml = xml.replace(old, new)
                data = xml.encode()
            out.writestr(member, data)
    patched.replace(path)
    return path


def refusal(path: Path, root: Path | None = None) -> InputError:
    with pytest.raises(InputError) as raised:
        read_table(path, root)
    return raised.value


# --- naming the file --------------------------------------------------------------------


def test_messages_name_the_file_relative_to_the_project_root(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "2024-H1"
    folder.mkdir(parents=True)
    path = folder / "indicators.csv"
    path.write_text("id,value\nx,1,2\n", encoding="utf-8")
    error = refusal(path, tmp_path)
    assert str(error) == "data/2024-H1/indicators.csv, row 2: has 3 cells but the header has 2"
    assert str(tmp_path) not in str(error)


def test_without_a_root_messages_name_the_bare_file(tmp_path: Path) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text("id,value\nx,1,2\n", encoding="utf-8")
    error = refusal(path)
    assert error.location.file == "indicators.csv"
    good = tmp_path / "metrics.csv"
    good.write_text("id,value\nx,1\n", encoding="utf-8")
    table = read_table(good)
    assert (table.name, table.path) == ("metrics.csv", good)


def test_a_missing_file_is_named_relative_to_the_root(tmp_path: Path) -> None:
    error = refusal(tmp_path / "data" / "metrics.csv", tmp_path)
    assert str(error) == "data/metrics.csv: file not found"


def test_find_table_names_the_folder_relative_to_the_root(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "2024-H1"
    folder.mkdir(parents=True)
    (folder / "metrics.csv").write_text("a\n1\n", encoding="utf-8")
    write_xlsx(folder / "metrics.xlsx", [["a"], [1]])
    with pytest.raises(InputError) as raised:
        find_table(folder, "metrics", tmp_path)
    assert str(raised.value) == (
        "data/2024-H1: holds both metrics.csv and metrics.xlsx; keep the one that is current"
    )


def test_a_header_without_data_rows_is_refused_at_row_2(tmp_path: Path) -> None:
    path = tmp_path / "data" / "indicators.csv"
    path.parent.mkdir()
    path.write_text("indicator_id,value\n\n", encoding="utf-8")
    table = read_table(path, tmp_path)
    with pytest.raises(InputError) as raised:
        table.require_rows()
    assert str(raised.value) == "data/indicators.csv, row 2: has a header but no data rows"


def test_a_missing_column_is_named_with_the_file_as_shown(tmp_path: Path) -> None:
    path = tmp_path / "data" / "indicators.csv"
    path.parent.mkdir()
    path.write_text("indicator_id\nQD749-01\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_table(path, tmp_path).require_columns("indicator_id", "value")
    assert str(raised.value) == (
        "data/indicators.csv, row 1, column value: missing column 'value' "
        "(columns found: indicator_id)"
    )


# --- bounds -----------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_FILE_MB", "1")
    path = tmp_path / "big.csv"
    path.write_text("id,value\n" + "x,1\n" * 300_000, encoding="utf-8")
    error = refusal(path)
    assert error.message == (
        "is 1.1 MB, more than the 1.0 MB limit for an input file; "
        "raise it with the environment variable DTREPORT_MAX_FILE_MB if the file is right"
    )


def test_an_xlsx_unzipping_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_XLSX_MB", "1")
    # Distinct texts compress poorly, like a real large table.
    path = write_xlsx(tmp_path / "big.xlsx", [["id"], *([f"{n:x}" * 8] for n in range(20_000))])
    error = refusal(path)
    assert error.message.startswith("unzips to ")
    assert error.message.endswith(
        "more than the 1.0 MB limit for an XLSX workbook; "
        "raise it with the environment variable DTREPORT_MAX_XLSX_MB if the file is right"
    )


def write_zip_bomb(path: Path, megabytes: int) -> Path:
    """A workbook whose sheet XML is one row of ``megabytes`` of cells, written streaming.

    openpyxl holds a whole row in memory, so unzipped and parsed this row alone would
    take gigabytes.
    """
    write_xlsx(path, [["id", "value"]])
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 1000
    bomb = path.with_suffix(".bomb")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename != SHEET:
                out.writestr(member, source.read(member.filename))
                continue
            with out.open(SHEET, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData><row r="1">'
                )
                for _ in range(megabytes * 1024 * 1024 // len(cells)):
                    sheet.write(cells)
                sheet.write(b"</row></sheetData></worksheet>")
    bomb.replace(path)
    return path


def test_a_part_unzipping_hundreds_fold_is_refused_even_under_the_total_limit(
    tmp_path: Path,
) -> None:
    path = write_zip_bomb(tmp_path / "bomb.xlsx", 30)
    assert path.stat().st_size < 1024 * 1024
    error = refusal(path)
    assert error.message.startswith(f"its part {SHEET} would unzip from ")
    assert error.message.endswith("which no real workbook does; save the workbook again in Excel")


def test_a_row_of_more_cells_than_a_spreadsheet_holds_is_refused_before_parsing(
    tmp_path: Path,
) -> None:
    path = write_xlsx(tmp_path / "wide.xlsx", [["id"], ["a"]])
    wide_row = '<c t="n"><v>1</v></c>' * 70_000
    patch_sheet(path, ('<row r="2">', f'<row r="2">{wide_row}'))
    assert str(refusal(path)) == (
        f"wide.xlsx: its sheet {SHEET} has a row larger than any spreadsheet holds (more than "
        "131072 XML elements); save the workbook again in Excel"
    )


def test_a_sheet_writing_its_tags_with_a_prefix_is_read_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 45 000 rows of 3 elements: counted as one row, the sheet would pass the row bound.
    monkeypatch.setenv("DTREPORT_MAX_ROWS", "50000")
    path = write_xlsx(tmp_path / "x.xlsx", [["id"], *([n] for n in range(45_000))])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET).decode()
    prefixed = (
        xml.replace("</", "\0")
        .replace("<", "<x:")
        .replace("\0", "</x:")
        .replace("xmlns=", "xmlns:x=")
    )
    patch_sheet(path, (xml, prefixed))
    rows = read_table(path).rows
    assert (len(rows), rows[-1].get("id")) == (45_000, "44999")


_READ_UNDER_LIMITS = """
import json, resource, sys
from pathlib import Path
cap = 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from dtreport.errors import InputError
from dtreport.inputs.tables import read_table
try:
    read_table(Path(sys.argv[1]))
    message = None
except InputError as error:
    message = error.message
# VmHWM is this program's own peak: ru_maxrss would carry the forking parent's over.
status = Path("/proc/self/status").read_text()
peak_kb = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
print(json.dumps({"message": message, "peak_mb": peak_kb / 1024}))
"""


def test_a_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = write_zip_bomb(tmp_path / "bomb.xlsx", 300)
    assert path.stat().st_size < 2 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", _READ_UNDER_LIMITS, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DTREPORT_MAX_XLSX_MB": "1000"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["message"].startswith(f"its part {SHEET} would unzip from ")
    assert result["peak_mb"] < 300


def test_csv_rows_past_the_limit_are_refused_at_the_first_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_ROWS", "3")
    path = tmp_path / "rows.csv"
    # A blank line is no data row; the unclosed quote at the end is never reached.
    path.write_text("id,value\na,1\n\nb,2\nc,3\nd,4\n" + "e,5\n" * 50_000 + '"f,6\n')
    error = refusal(path)
    assert str(error) == (
        "rows.csv, row 6: the table goes on past 3 data rows, the limit; "
        "raise it with the environment variable DTREPORT_MAX_ROWS if the file is right"
    )


def test_xlsx_rows_past_the_limit_are_refused_at_the_first_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_ROWS", "3")
    path = write_xlsx(tmp_path / "rows.xlsx", [["id"], ["a"], [None], ["b"], ["c"], ["d"]])
    error = refusal(path)
    assert error.location.row == 6
    assert error.message.startswith("the table goes on past 3 data rows, the limit;")


def test_rows_up_to_the_limit_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DTREPORT_MAX_ROWS", "3")
    path = write_xlsx(tmp_path / "rows.xlsx", [["id"], ["a"], ["b"], ["c"]])
    assert [row.get("id") for row in read_table(path).rows] == ["a", "b", "c"]


def test_a_csv_cell_over_the_limit_is_refused_naming_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_CELL_CHARS", "10")
    path = tmp_path / "long.csv"
    path.write_text('id,note\na,short\nb,"' + "x" * 11 + '"\n', encoding="utf-8")
    error = refusal(path)
    assert str(error) == (
        "long.csv, row 3, column note: the cell holds 11 characters, more than the limit "
        "of 10; raise it with the environment variable DTREPORT_MAX_CELL_CHARS if the file "
        "is right"
    )


def test_a_csv_cell_past_the_csv_modules_own_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_CELL_CHARS", "200000")
    before = csv.field_size_limit()
    path = tmp_path / "long.csv"
    path.write_text("id,note\na," + "x" * (before + 1) + "\n", encoding="utf-8")
    assert len(read_table(path).rows[0].get("note")) == before + 1
    assert csv.field_size_limit() == before


def test_an_xlsx_cell_over_the_limit_is_refused_naming_row_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTREPORT_MAX_CELL_CHARS", "10")
    path = write_xlsx(tmp_path / "long.xlsx", [["id", "note"], ["a", "x" * 11]])
    error = refusal(path)
    assert (error.location.row, error.location.column) == (2, "note")
    assert error.message.startswith("the cell holds 11 characters, more than the limit of 10;")


# --- CSV quoting ------------------------------------------------------------------------


def test_an_unclosed_quote_at_the_end_is_refused_where_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,value\na,1\nb,"2\nc,3\nd,4\n', encoding="utf-8")
    error = refusal(path)
    assert str(error) == (
        'quote.csv, row 3, column value: a quote (") opens this cell and is never closed, so '
        "the rest of the file would be read into it; add the closing quote or remove the "
        "opening one"
    )


def test_an_unclosed_quote_after_a_multi_line_cell_names_row_and_line(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id;note\na;"two\nlines"\n"b;3\nc;4\n', encoding="utf-8")
    error = refusal(path)
    assert (error.location.row, error.location.column) == (3, "id")
    assert error.message.startswith('a quote (") opens this cell (line 4 of the file) and is')


def test_a_quote_closed_rows_later_is_refused_where_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,value\na,"1\nb,2\nc,"3"\n', encoding="utf-8")
    error = refusal(path)
    assert str(error) == (
        'quote.csv, row 2, column value: a quote (") opens this cell and is only closed on '
        "line 4, where text follows it; a closing quote is probably missing in this cell"
    )


def test_text_after_a_closing_quote_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('id,value\na,"1"2\n', encoding="utf-8")
    error = refusal(path)
    assert (error.location.row, error.location.column) == (2, "value")
    assert error.message.startswith("text follows the closing quote of this quoted cell;")


def test_a_quoted_cell_spanning_lines_is_one_spreadsheet_row(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text('id,note\na,"two\nlines"\nb,x\n', encoding="utf-8")
    rows = read_table(path).rows
    assert [(row.number, row.cells["note"]) for row in rows] == [(2, "two\nlines"), (3, "x")]


def encode(text: str, encoding: str) -> bytes:
    """``text`` as that encoding writes it; Windows-1258 as base letter + tone mark."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            for mark in marks:
                rest = "".join(m for m in marks if m != mark)
                try:
                    out += (unicodedata.normalize("NFC", base + rest) + mark).encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                raise
    return out


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1258", "cp1258")],
)
def test_csv_encodings_are_read(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "enc.csv"
    path.write_bytes(encode("chỉ tiêu;giá trị\nTỷ lệ;42,13%\n", encoding))
    table = read_table(path)
    assert table.encoding == expected
    assert table.rows[0].cells == {"chỉ tiêu": "Tỷ lệ", "giá trị": "42,13%"}


# --- XLSX -------------------------------------------------------------------------------


def test_a_formula_without_a_saved_result_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx", [["id", "value"], ["a", 1], ["b", 2], ["sum", "=SUM(B2:B3)"]]
    )
    error = refusal(path)
    assert str(error) == (
        "f.xlsx, row 4, column value: cell B4 holds a formula (=SUM(B2:B3)) with no saved "
        "result; open and save the file in Excel, or type the value"
    )


def test_a_formula_reads_as_its_saved_result(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "f.xlsx", [["id", "value"], ["a", "=0.5+0.3"], ["b", '="x"&"y"']], {"B2": "0%"}
    )
    patch_sheet(
        path,
        ("<f>0.5+0.3</f><v></v>", "<f>0.5+0.3</f><v>0.8000000000000002</v>"),
        (
            '<c r="B3"><f>"x"&amp;"y"</f><v></v></c>',
            '<c r="B3" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>',
        ),
    )
    assert [row.get("value") for row in read_table(path).rows] == ["80%", "xy"]


def test_a_formula_saved_with_an_empty_text_result_reads_empty(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", [["id", "value"], ["a", '=IF(1,"","x")']])
    patch_sheet(path, ('<c r="B2"><f>', '<c r="B2" t="str"><f>'))
    assert read_table(path).rows[0].cells == {"id": "a", "value": ""}


@pytest.mark.parametrize(
    ("cell", "error"),
    [
        ('<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
        ('<c r="B2" t="e"><v>#N/A</v></c>', "#N/A"),
    ],
)
def test_an_error_cell_is_refused_naming_the_cell(tmp_path: Path, cell: str, error: str) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", [["id", "value"], ["a", "=1/0"]])
    patch_sheet(path, ('<c r="B2"><f>1/0</f><v></v></c>', cell))
    assert str(refusal(path)) == (
        f"e.xlsx, row 2, column value: cell B2 holds the error {error}; correct the formula "
        "or type the value"
    )


def test_float_noise_does_not_reach_the_text(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "n.xlsx",
        [
            ["id", "value"],
            ["share", 0.8000000000000002],
            ["sum", 0.1 + 0.2],
            ["count", 1728],
            ["big", 1],
            ["half", 0.425],
            ["whole float", 100.0],
        ],
        {"B2": "0%", "B7": "0.00%"},
    )
    # 2**53 + 1 has no float of its own: read through a float it would end in 2.
    patch_sheet(path, ('<c r="B5" t="n"><v>1</v>', '<c r="B5" t="n"><v>9007199254740993</v>'))
    values = [row.get("value") for row in read_table(path).rows]
    assert values == ["80%", "0.3", "1728", "9007199254740993", "0.4250", "10000%"]
    # Four decimals: the text cannot read as 425 the Vietnamese way. Without a % sign a
    # percentage in (0, 1] is refused as a possible fraction, so read it as one with its sign.
    assert read_value(f"{values[4]}%", Unit.PERCENT).number == Decimal("0.425")


def test_a_value_right_of_the_header_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", [["id", "value"], ["a", 1, None, "ghi chú"]])
    assert str(refusal(path)) == (
        "w.xlsx, row 2, column D: cell D2 holds 'ghi chú' but the header has no column there; "
        "give the column a name in row 1 or clear the cell"
    )


def test_a_wrong_declared_sheet_size_does_not_cut_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "d.xlsx", [["id"], ["a"], ["b"], ["c"]])
    patch_sheet(path, ('<dimension ref="A1:A4"/>', '<dimension ref="A1:A2"/>'))
    assert [row.get("id") for row in read_table(path).rows] == ["a", "b", "c"]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    error = refusal(path, tmp_path)
    assert str(error) == (
        "old.xlsx: is not a readable XLSX workbook (File is not a zip file); if it is "
        "password-protected or an old .xls file, save it again as an unprotected .xlsx"
    )


def test_a_workbook_with_broken_sheet_xml_is_refused_without_its_full_path(
    tmp_path: Path,
) -> None:
    path = write_xlsx(tmp_path / "broken.xlsx", [["id"], ["a"]])
    patch_sheet(path, ("</sheetData>", "<sheetData>"))
    error = refusal(path, tmp_path)
    assert error.message.startswith("is not a readable XLSX workbook (")
    assert error.location.file == "broken.xlsx" and str(tmp_path) not in str(error)


def test_a_zip_that_is_no_workbook_is_refused_without_its_full_path(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    error = refusal(path, tmp_path)
    assert error.message.startswith("is not a readable XLSX workbook (")
    assert str(tmp_path) not in str(error)
