"""The time written into generated documents, and documents that depend on nothing else.

An XLSX or DOCX file is a zip of XML parts. Left alone, openpyxl and python-docx stamp each
zip entry and the core properties (``docProps/core.xml``) with the clock, so the same inputs
give different bytes on every run: an official comparing two exports, or a checksum in the
provenance section, would see a change where there is none. Every document dtreport writes
carries a time derived from its data instead, and its zip is rewritten in one canonical form.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from openpyxl import Workbook

__all__ = [
    "DOCUMENT_AUTHOR",
    "document_bytes",
    "document_time",
    "normalise_zip",
    "workbook_bytes",
]

DOCUMENT_AUTHOR = "dtreport"
# The reproducible-builds convention for pinning the time a build writes into its outputs.
_EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
_EPOCH = re.compile(r"[0-9]+", re.ASCII)
# A zip entry's time is an MS-DOS date: it cannot hold anything before 1980 or after 2107.
_ZIP_FIRST = datetime(1980, 1, 1)
_ZIP_LAST = datetime(2107, 12, 31, 23, 59, 58)
_FILE_MODE = 0o100644  # a regular file, rw-r--r--
_FOLDER_MODE = 0o040755
_MSDOS_FOLDER = 0x10
_UNIX = 3


def _epoch_from_environment() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC time, or ``None`` when it is unset or not a valid time."""
    value = os.environ.get(_EPOCH_VARIABLE, "").strip()
    if not _EPOCH.fullmatch(value):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def document_time(as_of: date) -> datetime:
    """The time stamped into a document about data of ``as_of`` (timezone-aware, UTC).

    ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) when set and valid, so a packager can
    pin it; otherwise midnight UTC of ``as_of``, a date of the data and never the clock.
    """
    return _epoch_from_environment() or datetime.combine(as_of, time(), tzinfo=UTC)


def _utc_naive(when: datetime) -> datetime:
    """``when`` in UTC without its zone; a naive time is taken to be UTC already."""
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def normalise_zip(data: bytes, when: datetime) -> bytes:
    """The zip ``data`` rewritten canonically: its entries in their order, with their contents.

    Every entry gets the time ``when`` (UTC, clamped to what a zip can hold), deflate
    compression, Unix regular-file permissions and no extra fields or comments, so two
    archives with the same entries are the same bytes.
    """
    stamp = min(max(_utc_naive(when), _ZIP_FIRST), _ZIP_LAST)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for original in source.infolist():
            entry = zipfile.ZipInfo(original.filename, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = _UNIX
            if original.is_dir():
                entry.external_attr = (_FOLDER_MODE << 16) | _MSDOS_FOLDER
            else:
                entry.external_attr = _FILE_MODE << 16
            target.writestr(entry, source.read(original))
    return output.getvalue()


def workbook_bytes(workbook: Workbook, when: datetime, title: str = "") -> bytes:
    """``workbook`` saved as XLSX bytes stamped with ``when`` and nothing of the clock."""
    from openpyxl.writer.excel import ExcelWriter

    properties = workbook.properties
    # openpyxl keeps these naive and writes them with a "Z": hand them over in UTC.
    properties.created = properties.modified = _utc_naive(when)
    properties.creator = properties.lastModifiedBy = DOCUMENT_AUTHOR
    properties.revision = "1"
    properties.title = title or None
    buffer = io.BytesIO()
    # Workbook.save would set "modified" to the clock; its writer, called directly, does not.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalise_zip(buffer.getvalue(), when)


def document_bytes(document: DocxDocument, when: datetime, title: str = "") -> bytes:
    """``document`` saved as DOCX bytes stamped with ``when`` and nothing of the clock."""
    properties = document.core_properties
    # python-docx writes these with a "Z" whatever their zone: hand them over in UTC.
    properties.created = properties.modified = when.astimezone(UTC) if when.tzinfo else when
    properties.author = properties.last_modified_by = DOCUMENT_AUTHOR
    properties.revision = 1
    properties.title = title
    # The template's description names its maker, not this document.
    properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), when)
