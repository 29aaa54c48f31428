"""Attainment statuses: codes, and the labels the report prints in each language."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

__all__ = ["ACHIEVED", "Status", "parse_status"]


class Status(StrEnum):
    """How far an indicator is toward its applicable target."""

    EXCEEDED = "exceeded"
    MET = "met"
    IN_PROGRESS = "in_progress"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"

    def label(self, lang: str = "vi") -> str:
        """The label a reader sees: ``Vượt chỉ tiêu`` / ``Exceeded``."""
        return _LABELS[self][0 if lang == "vi" else 1]


ACHIEVED = frozenset({Status.EXCEEDED, Status.MET})

_LABELS: dict[Status, tuple[str, str]] = {
    Status.EXCEEDED: ("Vượt chỉ tiêu", "Exceeded"),
    Status.MET: ("Đạt chỉ tiêu", "Met"),
    Status.IN_PROGRESS: ("Đang thực hiện", "In progress"),
    Status.NOT_MET: ("Không đạt", "Not met"),
    Status.NO_DATA: ("Chưa có số liệu", "No data"),
    Status.NOT_ASSESSED: ("Chưa đánh giá", "Not assessed"),
}


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("_", " ").split())


_BY_TEXT: dict[str, Status] = {}
for _status, (_vi, _en) in _LABELS.items():
    for _text in (_status.value, _vi, _en):
        _BY_TEXT[_key(_text)] = _status


def parse_status(text: str) -> Status | None:
    """A status from its code or its Vietnamese or English label; ``None`` if it is none of them."""
    return _BY_TEXT.get(_key(text))
