"""Reading the tables units send: CSV (any common encoding and delimiter) or XLSX.

Every cell is kept as text exactly as written, with the row number a
spreadsheet would show (header = row 1), so that errors can name the cell.

A file is either read right or refused with an :class:`InputError` naming the
file (as :func:`dtreport.paths.shown_path` names it), the row and the column.
Sizes are checked before anything is expanded (see :mod:`dtreport.inputs.limits`): the
file, the XLSX archive's unzipped members and the size of a sheet's rows, the
number of data rows and the length of each cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from dtreport.errors import InputError
from dtreport.inputs import limits
from dtreport.paths import shown_path

__all__ = ["Table", "TableRow", "find_table", "read_table"]

# A table a unit sends may be either; a folder holding both is ambiguous.
TABLE_SUFFIXES = (".csv", ".xlsx")

_MB = 1024 * 1024
# Real workbooks' XML typically compresses 5 to 50 fold; far beyond that a member is built
# to exhaust memory when unzipped, whatever the total limit says.
_MAX_ZIP_RATIO = 200
_RATIO_CHECKED_ABOVE = 10 * _MB
# Excel keeps 15 significant digits; anything past them is binary float noise.
_EXCEL_DIGITS = 15
_FORMULA_SHOWN = 60

_FIRST_LINE = re.compile(r"[^\r\n]*")

# Sheet XML may prefix its tags with a namespace (<x:worksheet>, <x:row>).
_ROOT_TAG = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s/>]")
# Bytes held back between chunks so that no tag the scan looks for is ever cut in two.
_TAG_SPAN = 64
# A full row of Excel's 16 384 columns, each cell with a formula and a value, is about 4
# elements a cell; twice that leaves room for rich text.
_MAX_ROW_ELEMENTS = 8 * 16_384


@dataclass(frozen=True)
class TableRow:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped; empty when the column is absent."""
        return self.cells.get(column, "").strip()


@dataclass(frozen=True)
class Table:
    """A table read from a file: its columns, its rows and how it was decoded.

    ``path`` is the file itself (for reading it again); ``name`` is how messages
    name it (relative to the project root, else the bare file name).
    """

    path: Path
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    encoding: str = "utf-8"
    name: str = ""

    def __post_init__(self) -> None:
        # A table built without a name still never shows the machine's folders.
        if not self.name:
            object.__setattr__(self, "name", self.path.name)

    def require_columns(self, *required: str) -> None:
        """Raise naming the file, the header row and the first missing column."""
        for column in required:
            if column not in self.columns:
                found = ", ".join(self.columns) or "none"
                raise InputError.at(
                    f"missing column {column!r} (columns found: {found})",
                    self.name,
                    row=1,
                    column=column,
                )

    def require_rows(self) -> None:
        """Raise at row 2 when the file has a header but no data rows."""
        if not self.rows:
            raise InputError.at("has a header but no data rows", self.name, row=2)


def find_table(folder: Path, stem: str, root: Path | None = None) -> Path | None:
    """``<stem>.csv`` or ``<stem>.xlsx`` in ``folder``; ``None`` if neither, an error if both."""
    present = [folder / f"{stem}{suffix}" for suffix in TABLE_SUFFIXES]
    present = [path for path in present if path.exists()]
    if len(present) > 1:
        raise InputError.at(
            f"holds both {stem}.csv and {stem}.xlsx; keep the one that is current",
            shown_path(folder, root),
        )
    return present[0] if present else None


def read_table(path: Path, root: Path | None = None) -> Table:
    """Read a CSV or XLSX table, or raise :class:`InputError` saying what is wrong with it.

    ``root`` is the project root, against which messages name the file.
    """
    name = shown_path(path, root)
    if not path.is_file():
        raise InputError.at("file not found", name)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError.at(f"unsupported file type {suffix!r}: use .csv or .xlsx", name)
    bounds = limits.current_limits()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError.at(f"cannot be read ({exc.strerror})", name) from exc
    if size > bounds.file_bytes:
        raise InputError.at(
            f"is {_megabytes(size)}, more than the {_megabytes(bounds.file_bytes)} limit "
            f"for an input file; {limits.describe('DTREPORT_MAX_FILE_MB')}",
            name,
        )
    if suffix == ".xlsx":
        return _read_xlsx(path, name, bounds)
    return _read_csv(path, name, bounds)


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size < 10 * _MB else f"{size // _MB} MB"


def _too_many_rows(name: str, number: int, bounds: limits.Limits) -> InputError:
    return InputError.at(
        f"the table goes on past {bounds.rows} data rows, the limit; "
        f"{limits.describe('DTREPORT_MAX_ROWS')}",
        name,
        row=number,
    )


def _check_cell_length(
    name: str, text: str, bounds: limits.Limits, row: int, column: str, row_id: str | None = None
) -> None:
    if len(text) > bounds.cell_chars:
        raise InputError.at(
            f"the cell holds {len(text)} characters, more than the limit of "
            f"{bounds.cell_chars}; {limits.describe('DTREPORT_MAX_CELL_CHARS')}",
            name,
            row=row,
            column=column,
            indicator_id=row_id,
        )


# The columns that name what a row is about, so a message can say which indicator it is.
_ID_COLUMNS = ("indicator_id", "metric_id")


def _row_id(header: list[str], cells: list[str]) -> str | None:
    """The id the row carries (its indicator or figure), if the table has such a column."""
    for column in _ID_COLUMNS:
        if column in header and header.index(column) < len(cells):
            value = cells[header.index(column)].strip()
            if value and len(value) <= 64:
                return value
    return None


def _check_header(name: str, header: list[str]) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise InputError.at(
                f"column {column!r} appears twice in the header", name, row=1, column=column
            )
        seen.add(column)


def _column_name(header: list[str], index: int) -> str:
    """The header's name for a 0-based column, else its position (for cells past the header)."""
    if index < len(header) and header[index]:
        return header[index]
    return _column_letter(index + 1)


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- CSV -------------------------------------------------------------------------------


def _decode(name: str, raw: bytes) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError.at(
                f"starts as UTF-16 but does not decode: {exc.reason}", name
            ) from exc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        # Excel on Vietnamese Windows saves "CSV" as Windows-1258, whose letters are
        # base letter + combining tone mark; NFC below turns them into the usual letters.
        try:
            return raw.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise InputError.at(
                "is neither UTF-8 nor Windows-1258 text; save it as 'CSV UTF-8'",
                name,
                row=line,
            ) from utf8_error


class _RecordLines:
    """The lines of a text, keeping those of the record being read.

    The csv module reports an error at the line where it gave up, which for a
    missing closing quote is the end of the file; the kept lines let the error
    name the line and cell where the quote opened.
    """

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


@dataclass(frozen=True)
class _QuoteTrouble:
    """Where the quoted cell the csv module choked on opens, and whether it ever closes."""

    line: int  # 0-based, within the record
    cell: int  # 0-based
    closed_on: int | None  # 0-based line of the closing quote followed by stray text


def _find_quote_trouble(lines: list[str], delimiter: str) -> _QuoteTrouble | None:
    """Replay the csv module's quoting rules over one record's lines."""
    in_quotes = False
    at_cell_start = True
    cell = 0
    opened = (0, 0)
    after_closing = False
    for line_index, line in enumerate(lines):
        position = 0
        while position < len(line):
            char = line[position]
            position += 1
            if in_quotes:
                if char != '"':
                    continue
                if line[position : position + 1] == '"':
                    position += 1
                    continue
                in_quotes, after_closing = False, True
            elif after_closing:
                if char == delimiter:
                    cell, at_cell_start, after_closing = cell + 1, True, False
                elif char not in "\r\n":
                    return _QuoteTrouble(opened[0], opened[1], line_index)
            elif char == delimiter:
                cell, at_cell_start = cell + 1, True
            elif char == '"' and at_cell_start:
                in_quotes, opened = True, (line_index, cell)
            elif char not in "\r\n":
                at_cell_start = False
    if in_quotes:
        return _QuoteTrouble(opened[0], opened[1], None)
    return None


def _csv_error(
    name: str,
    exc: csv.Error,
    lines: list[str],
    delimiter: str,
    header: list[str],
    row: int,
    first_line: int,
) -> InputError:
    trouble = _find_quote_trouble(lines, delimiter)
    if trouble is None:
        if "NUL" in str(exc):
            return InputError.at(
                "contains a NUL character, so it is not a text table; save it again as 'CSV UTF-8'",
                name,
                row=row,
            )
        return InputError.at(f"is not valid CSV: {exc}", name, row=row)
    column = _column_name(header, trouble.cell) if header else _column_letter(trouble.cell + 1)
    line = first_line + trouble.line
    where = "" if line == row else f" (line {line} of the file)"
    if trouble.closed_on is None:
        message = (
            f'a quote (") opens this cell{where} and is never closed, so the rest of the file '
            "would be read into it; add the closing quote or remove the opening one"
        )
    elif trouble.closed_on == trouble.line:
        message = (
            f"text follows the closing quote of this quoted cell{where}; write a quote inside "
            'a cell as two quotes ("") or put the whole cell in quotes'
        )
    else:
        message = (
            f'a quote (") opens this cell{where} and is only closed on line '
            f"{first_line + trouble.closed_on}, where text follows it; a closing quote is "
            "probably missing in this cell"
        )
    return InputError.at(message, name, row=row, column=column)


def _read_csv(path: Path, name: str, bounds: limits.Limits) -> Table:
    try:
        with path.open("rb") as stream:
            # Read one byte past the limit: a file growing since stat() is still refused.
            raw = stream.read(bounds.file_bytes + 1)
    except OSError as exc:
        raise InputError.at(f"cannot be read ({exc.strerror})", name) from exc
    if len(raw) > bounds.file_bytes:
        raise InputError.at(
            f"is more than the {_megabytes(bounds.file_bytes)} limit for an input file; "
            f"{limits.describe('DTREPORT_MAX_FILE_MB')}",
            name,
        )
    if not raw.strip():
        raise InputError.at("file is empty", name)
    text, encoding = _decode(name, raw)
    del raw
    text = unicodedata.normalize("NFC", text)
    if not text.strip().strip("\ufeff"):
        raise InputError.at("file is empty", name)
    header_line = _FIRST_LINE.match(text)
    # Vietnamese Excel writes ';' because ',' is its decimal separator.
    delimiter = max((",", ";", "\t"), key=(header_line.group() if header_line else "").count)
    previous_limit = csv.field_size_limit()
    # The csv module's own limit would fail without naming the cell; with it out of the
    # way every cell is measured below (the whole text is in memory already).
    csv.field_size_limit(max(previous_limit, len(text) + 1))
    try:
        header, rows = _csv_rows(text, name, delimiter, bounds)
    finally:
        csv.field_size_limit(previous_limit)
    return Table(path, tuple(header), tuple(rows), encoding, name)


def _csv_rows(
    text: str, name: str, delimiter: str, bounds: limits.Limits
) -> tuple[list[str], list[TableRow]]:
    lines = _RecordLines(text)
    # strict: a stray or missing quote is an error, never a cell silently merged or split.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] = []
    rows: list[TableRow] = []
    number = 0  # spreadsheet row: a cell spanning lines is still one row
    while True:
        number += 1
        first_line = reader.line_num + 1
        lines.record.clear()
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(
                name, exc, lines.record, delimiter, header, number, first_line
            ) from exc
        if number == 1:
            for index, cell in enumerate(cells):
                _check_cell_length(name, cell, bounds, 1, _column_letter(index + 1))
            header = [cell.strip() for cell in cells]
            _check_header(name, header)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= bounds.rows:
            raise _too_many_rows(name, number, bounds)
        row_id = _row_id(header, cells)
        if len(cells) > len(header):
            raise InputError.at(
                f"has {len(cells)} cells but the header has {len(header)}",
                name,
                row=number,
                indicator_id=row_id,
            )
        for index, cell in enumerate(cells):
            _check_cell_length(name, cell, bounds, number, _column_name(header, index), row_id)
        rows.append(TableRow(number, dict(zip(header, cells, strict=False))))
    return header, rows


# --- XLSX ------------------------------------------------------------------------------


def _check_archive(path: Path, name: str, bounds: limits.Limits) -> None:
    """Refuse a workbook whose members would unzip to more than the limits allow.

    The sizes come from the archive's directory, read without unzipping anything;
    Python's zipfile stops at the declared size, so a member cannot lie its way past.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(members, name, bounds)
            # Every part is looked at, not just xl/worksheets/: the workbook may put its
            # sheets anywhere.
            for member in members:
                _check_row_sizes(archive, member, name)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise _unreadable_xlsx(path, name, exc) from exc


def _check_sizes(members: list[zipfile.ZipInfo], name: str, bounds: limits.Limits) -> None:
    for member in members:
        if member.file_size > _RATIO_CHECKED_ABOVE and member.file_size > _MAX_ZIP_RATIO * max(
            member.compress_size, 1
        ):
            raise InputError.at(
                f"its part {member.filename} would unzip from "
                f"{_megabytes(member.compress_size)} to {_megabytes(member.file_size)}, "
                "which no real workbook does; save the workbook again in Excel",
                name,
            )
    total = sum(member.file_size for member in members)
    if total > bounds.xlsx_bytes:
        raise InputError.at(
            f"unzips to {_megabytes(total)}, more than the {_megabytes(bounds.xlsx_bytes)} "
            f"limit for an XLSX workbook; {limits.describe('DTREPORT_MAX_XLSX_MB')}",
            name,
        )


def _check_row_sizes(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse a worksheet with a row of more XML elements than any real row holds.

    openpyxl holds a whole row in memory at a few hundred bytes an element, so one row
    of tiny cells within the size limit would still take gigabytes. Counting ``<`` in
    the streamed bytes costs a fraction of parsing them.
    """
    too_large = InputError.at(
        f"its sheet {member.filename} has a row larger than any spreadsheet holds (more "
        f"than {_MAX_ROW_ELEMENTS} XML elements); save the workbook again in Excel",
        name,
    )
    row_tag: re.Pattern[bytes] | None = None
    data_end = b""
    elements = 0  # in the row the previous chunk ended in
    for chunk in _overlapping_chunks(archive, member):
        data = chunk
        if row_tag is None:
            root = _ROOT_TAG.search(data)
            if root is None:
                continue  # not a worksheet, or not yet its root element
            prefix = root.group(1) + b":" if root.group(1) else b""
            row_tag = re.compile(b"<" + re.escape(prefix) + rb"row[\s/>]")
            data_end = b"</" + prefix + b"sheetData>"
            data = data[root.end() :]
        # What follows the rows (merged cells, links, formats) is no row's.
        finished = data.find(data_end)
        if finished >= 0:
            data = data[:finished]
        pieces = row_tag.split(data)
        elements += _elements(pieces[0])
        if elements > _MAX_ROW_ELEMENTS:
            raise too_large
        # An element takes 4 bytes at least (<c/>), so shorter rows need no count.
        if max(map(len, pieces[1:-1]), default=0) > 4 * _MAX_ROW_ELEMENTS and any(
            _elements(piece) > _MAX_ROW_ELEMENTS for piece in pieces[1:-1]
        ):
            raise too_large
        if len(pieces) > 1:
            elements = _elements(pieces[-1])
            if elements > _MAX_ROW_ELEMENTS:
                raise too_large
        if finished >= 0:
            return


def _elements(xml: bytes) -> int:
    return xml.count(b"<") - xml.count(b"</")


def _overlapping_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, each tag whole in exactly one of them."""
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_MB):
            data = carry + chunk
            # A tag cut by the chunk's end is held back and counted with the next chunk.
            cut = max(len(data) - _TAG_SPAN, 0)
            yield data[:cut]
            carry = data[cut:]
    yield carry


def _unreadable_xlsx(path: Path, name: str, exc: BaseException) -> InputError:
    # Library messages may quote the file's full path, which no message may show.
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    for spelling in {str(path), str(path.resolve())}:
        reason = reason.replace(spelling, name)
    return InputError.at(
        f"is not a readable XLSX workbook ({reason}); if it is password-protected or an old "
        ".xls file, save it again as an unprotected .xlsx",
        name,
    )


def _xlsx_number(value: int | float | Decimal) -> Decimal:
    """The number Excel shows: ints as they are, floats to Excel's 15 significant digits."""
    if isinstance(value, float):
        return Decimal(f"{value:.{_EXCEL_DIGITS}g}")
    return Decimal(value)


def _xlsx_text(value: object, number_format: str) -> str:
    """A cell's value as the text a person sees, without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        number = _xlsx_number(value)
        if "%" in number_format:
            return _unambiguous(number * 100) + "%"
        return _unambiguous(number)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value))


def _unambiguous(number: Decimal) -> str:
    """A stored number as text that reads back as itself in both locales.

    A workbook holds one number, but "1.728" written out reads as 1728 the Vietnamese way;
    a fourth decimal ("1.7280") leaves only the reading the cell holds.
    """
    text = f"{number.normalize():f}"
    _, dot, fraction = text.partition(".")
    return text + "0" if dot and len(fraction) == 3 else text


# Cell data types openpyxl reports: 'f' a formula (when formulas are read), 'e' an error.
_FORMULA = "f"
_ERROR = "e"
_TEXT_FORMULA = "str"


def _formula_text(value: object) -> str:
    # Array and data-table formulas are objects holding the text.
    text = str(getattr(value, "text", value) or "")
    return text if len(text) <= _FORMULA_SHOWN else text[: _FORMULA_SHOWN - 1] + "…"


def _cell_error(name: str, header: list[str], cell: Any, message: str) -> InputError:
    return InputError.at(
        f"cell {cell.coordinate} {message}",
        name,
        row=cell.row,
        column=_column_name(header, cell.column - 1),
    )


def _error_cell(name: str, header: list[str], cell: Any) -> InputError:
    return _cell_error(
        name,
        header,
        cell,
        f"holds the error {cell.value}; correct the formula or type the value",
    )


def _cell_text(name: str, header: list[str], cell: Any) -> str:
    value = cell.value
    if isinstance(value, float) and not math.isfinite(value):
        raise _cell_error(name, header, cell, f"holds {value}, which is not a number")
    return _xlsx_text(value, getattr(cell, "number_format", "") or "")


@dataclass
class _Sheet:
    """The first worksheet as text, with the formula cells whose results are still to read."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    formulas: dict[tuple[int, int], str]  # (row, 0-based column) -> formula


@contextmanager
def _sheet_rows(path: Path, name: str, *, data_only: bool) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The first worksheet's rows, numbered from 1, read as the file streams by."""
    import openpyxl  # imported here: only XLSX inputs need it
    from openpyxl.utils.exceptions import InvalidFileException

    failures: tuple[type[BaseException], ...] = (*_XLSX_FAILURES, InvalidFileException)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except failures as exc:
        raise _unreadable_xlsx(path, name, exc) from exc
    try:
        if not workbook.worksheets:
            raise InputError.at("holds no worksheet", name)
        sheet = workbook.worksheets[0]
        # The size a workbook declares can be wrong, and openpyxl would stop reading at it.
        sheet.reset_dimensions()
        rows = sheet.iter_rows()
        try:
            yield rows
        finally:
            # Closing the rows closes the sheet's stream inside the archive.
            rows.close()
    finally:
        workbook.close()


# A malformed workbook makes openpyxl fail in many ways; all mean "not readable".
_XLSX_FAILURES: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
    NotImplementedError,
)


def _read_xlsx(path: Path, name: str, bounds: limits.Limits) -> Table:
    _check_archive(path, name, bounds)
    with warnings.catch_warnings():
        # openpyxl warns about parts it drops (drawings, validations); a table needs none.
        warnings.simplefilter("ignore", UserWarning)
        try:
            sheet = _read_sheet(path, name, bounds)
            if sheet.formulas:
                _read_saved_results(path, name, bounds, sheet)
        except InputError:
            raise
        except _XLSX_FAILURES as exc:
            raise _unreadable_xlsx(path, name, exc) from exc
    header = sheet.header
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InputError.at("file is empty", name)
    _check_header(name, header)
    rows = [
        TableRow(number, dict(zip(header, texts, strict=False)))
        for number, texts in sheet.rows
        if any(text.strip() for text in texts)
    ]
    return Table(path, tuple(header), tuple(rows), "xlsx", name)


def _read_sheet(path: Path, name: str, bounds: limits.Limits) -> _Sheet:
    """Read the first sheet's cells, formulas as written (their results come later)."""
    with _sheet_rows(path, name, data_only=False) as rows:
        sheet = _Sheet([], [], {})
        header_cells = next(rows, ())
        sheet.header = _row_texts(name, sheet, bounds, 1, header_cells, len(header_cells))
        width = len(sheet.header)
        while width and not sheet.header[width - 1] and (1, width - 1) not in sheet.formulas:
            width -= 1
        if not width:
            raise InputError.at("file is empty", name)
        data_rows = 0
        for number, cells in enumerate(rows, start=2):
            if data_rows >= bounds.rows:
                # Past the limit any cell, even an empty formatted one, ends the reading:
                # checking that costs nothing, whatever the row's width.
                if cells:
                    raise _too_many_rows(name, number, bounds)
                continue
            texts = _row_texts(name, sheet, bounds, number, cells, width)
            if any(text.strip() for text in texts) or any(
                (number, column) in sheet.formulas for column in range(width)
            ):
                data_rows += 1
                sheet.rows.append((number, texts))
        return sheet


def _row_texts(
    name: str, sheet: _Sheet, bounds: limits.Limits, number: int, cells: Any, width: int
) -> list[str]:
    texts: list[str] = []
    for index, cell in enumerate(cells[:width]):
        data_type = getattr(cell, "data_type", None)
        if data_type == _FORMULA:
            sheet.formulas[(number, index)] = _formula_text(cell.value)
            texts.append("")
            continue
        if data_type == _ERROR:
            raise _error_cell(name, sheet.header, cell)
        text = _cell_text(name, sheet.header, cell)
        _check_cell_length(name, text, bounds, number, _column_name(sheet.header, index))
        texts.append(text)
    for cell in cells[width:]:
        value = getattr(cell, "value", None)
        if value is not None and str(value).strip():
            raise _cell_error(
                name,
                sheet.header,
                cell,
                f"holds {_formula_text(value)!r} but the header has no column there; "
                "give the column a name in row 1 or clear the cell",
            )
    return texts


def _read_saved_results(path: Path, name: str, bounds: limits.Limits, sheet: _Sheet) -> None:
    """Replace each formula by the result Excel saved with it, or refuse the cell."""
    by_row: dict[int, list[int]] = {}
    for number, column in sheet.formulas:
        by_row.setdefault(number, []).append(column)
    texts_by_row = {number: texts for number, texts in sheet.rows}
    texts_by_row[1] = sheet.header
    last_row = max(by_row)
    with _sheet_rows(path, name, data_only=True) as rows:
        for number, cells in enumerate(rows, start=1):
            if number > last_row:
                break
            for column in by_row.get(number, ()):
                formula = sheet.formulas[(number, column)]
                cell = cells[column] if column < len(cells) else None
                text = _saved_result(name, sheet.header, number, column, formula, cell)
                _check_cell_length(name, text, bounds, number, _column_name(sheet.header, column))
                texts_by_row[number][column] = text


def _saved_result(
    name: str, header: list[str], number: int, column: int, formula: str, cell: Any
) -> str:
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == _ERROR:
        raise _error_cell(name, header, cell)
    if value is not None:
        return _cell_text(name, header, cell)
    if data_type == _TEXT_FORMULA:
        # Excel saves a formula whose result is empty text as a text cell with no value.
        return ""
    raise InputError.at(
        f"cell {_column_letter(column + 1)}{number} holds a formula ({formula}) with no saved "
        "result; open and save the file in Excel, or type the value",
        name,
        row=number,
        column=_column_name(header, column),
    )
