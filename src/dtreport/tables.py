"""Reading the tables units send: CSV (any common encoding and delimiter) or XLSX.

Every cell is kept as text exactly as written, with the row number a
spreadsheet would show (header = row 1), so that errors can name the cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from dtreport.errors import InputError

__all__ = ["Table", "TableRow", "find_table", "read_table"]

# A table a unit sends may be either; a folder holding both is ambiguous.
TABLE_SUFFIXES = (".csv", ".xlsx")


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
    """A table read from a file: its columns, its rows and how it was decoded."""

    path: Path
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    encoding: str = "utf-8"

    def require_columns(self, *required: str) -> None:
        """Raise naming the file, the header row and the first missing column."""
        for column in required:
            if column not in self.columns:
                found = ", ".join(self.columns) or "none"
                raise InputError.at(
                    f"missing column {column!r} (columns found: {found})",
                    self.path,
                    row=1,
                    column=column,
                )


def find_table(folder: Path, stem: str) -> Path | None:
    """``<stem>.csv`` or ``<stem>.xlsx`` in ``folder``; ``None`` if neither, an error if both."""
    present = [folder / f"{stem}{suffix}" for suffix in TABLE_SUFFIXES]
    present = [path for path in present if path.exists()]
    if len(present) > 1:
        raise InputError.at(
            f"holds both {stem}.csv and {stem}.xlsx; keep the one that is current", folder
        )
    return present[0] if present else None


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX table, or raise :class:`InputError` saying what is wrong with it."""
    if not path.exists():
        raise InputError.at("file not found", path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise InputError.at(f"unsupported file type {suffix!r}: use .csv or .xlsx", path)


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError.at(
                f"starts as UTF-16 but does not decode: {exc.reason}", path
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
                path,
                row=line,
            ) from utf8_error


def _read_csv(path: Path) -> Table:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError.at("file is empty", path)
    text, encoding = _decode(path, raw)
    text = unicodedata.normalize("NFC", text)
    if not text.strip().strip("\ufeff"):
        raise InputError.at("file is empty", path)
    header_line = text.splitlines()[0]
    # Vietnamese Excel writes ';' because ',' is its decimal separator.
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        rows = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise InputError.at(
                    f"has {len(cells)} cells but the header has {len(header)}",
                    path,
                    row=reader.line_num,
                )
            rows.append(TableRow(reader.line_num, dict(zip(header, cells, strict=False))))
    except csv.Error as exc:
        raise InputError.at(f"is not valid CSV: {exc}", path, row=reader.line_num) from exc
    _check_header(path, header)
    return Table(path, tuple(header), tuple(rows), encoding)


def _check_header(path: Path, header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError.at(
                f"column {name!r} appears twice in the header", path, row=1, column=name
            )
        seen.add(name)


def _xlsx_text(value: object, number_format: str) -> str:
    """A cell's value as the text a person sees, without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return f"{(number * 100).normalize():f}%"
        return f"{number.normalize():f}" if number == number.to_integral() else f"{number:f}"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value))


def _read_xlsx(path: Path) -> Table:
    import openpyxl  # imported here: only XLSX inputs need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError.at(f"is not a readable XLSX workbook ({exc})", path) from exc
    try:
        sheet = workbook.worksheets[0]
        rows_iter = sheet.iter_rows()
        header_cells = next(rows_iter, None)
        if header_cells is None:
            raise InputError.at("file is empty", path)
        header = [_xlsx_text(c.value, "").strip() for c in header_cells]
        while header and not header[-1]:
            header.pop()
        if not header:
            raise InputError.at("file is empty", path)
        _check_header(path, header)
        rows = []
        for number, cells in enumerate(rows_iter, start=2):
            texts = [_xlsx_text(c.value, getattr(c, "number_format", "") or "") for c in cells]
            if not any(t.strip() for t in texts):
                continue
            rows.append(TableRow(number, dict(zip(header, texts, strict=False))))
    finally:
        workbook.close()
    return Table(path, tuple(header), tuple(rows), "xlsx")
