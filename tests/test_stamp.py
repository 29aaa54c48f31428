"""The time written into documents, and the canonical zip they are written as."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from dtreport.stamp import document_time, normalise_zip

AS_OF = date(2024, 6, 19)
ENTRIES = [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>" * 50)]


def test_document_time_is_midnight_utc_of_the_data_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document_time(AS_OF) == datetime(2024, 6, 19, tzinfo=UTC)
    assert document_time(date(2025, 3, 31)) == datetime(2025, 3, 31, tzinfo=UTC)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_source_date_epoch_wins_when_valid(
    monkeypatch: pytest.MonkeyPatch, epoch: str, expected: datetime
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert document_time(AS_OF) == expected


@pytest.mark.parametrize("epoch", ["", " ", "soon", "-5", "1.5", "1e9", "9" * 30])
def test_an_invalid_source_date_epoch_is_ignored(
    monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert document_time(AS_OF) == datetime(2024, 6, 19, tzinfo=UTC)


def _zip(date_time: tuple[int, int, int, int, int, int], compression: int, mode: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in ENTRIES:
            entry = zipfile.ZipInfo(name, date_time)
            entry.compress_type, entry.external_attr = compression, mode << 16
            entry.comment = b"made by hand"
            archive.writestr(entry, content)
    return buffer.getvalue()


def test_normalise_zip_makes_the_same_entries_the_same_bytes() -> None:
    when = datetime(2024, 6, 19, tzinfo=UTC)
    one = _zip((2025, 1, 2, 3, 4, 6), zipfile.ZIP_STORED, 0o100600)
    other = _zip((2026, 7, 8, 9, 10, 12), zipfile.ZIP_DEFLATED, 0o100777)
    assert one != other
    assert normalise_zip(one, when) == normalise_zip(other, when)
    with zipfile.ZipFile(io.BytesIO(normalise_zip(one, when))) as archive:
        entries = archive.infolist()
        assert [(e.filename, archive.read(e)) for e in entries] == ENTRIES
        assert {e.date_time for e in entries} == {(2024, 6, 19, 0, 0, 0)}
        assert {e.compress_type for e in entries} == {zipfile.ZIP_DEFLATED}
        assert {e.external_attr >> 16 for e in entries} == {0o100644}
        assert {e.comment for e in entries} == {b""}


def test_normalise_zip_writes_the_time_in_utc_within_what_a_zip_holds() -> None:
    data = _zip((2025, 1, 2, 3, 4, 6), zipfile.ZIP_DEFLATED, 0o100644)
    hanoi = timezone(timedelta(hours=7))
    cases = {
        datetime(2024, 6, 19, 7, 0, 0, tzinfo=hanoi): (2024, 6, 19, 0, 0, 0),
        datetime(1970, 1, 1, tzinfo=UTC): (1980, 1, 1, 0, 0, 0),
        datetime(2200, 1, 1, tzinfo=UTC): (2107, 12, 31, 23, 59, 58),
    }
    for when, expected in cases.items():
        with zipfile.ZipFile(io.BytesIO(normalise_zip(data, when))) as archive:
            assert {e.date_time for e in archive.infolist()} == {expected}
