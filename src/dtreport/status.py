"""Attainment statuses: codes, and the labels the report prints in each language."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from dtreport.i18n import text
from dtreport.lang import LANGS, Lang

__all__ = ["ACHIEVED", "Status", "parse_status"]


class Status(StrEnum):
    """How far an indicator is toward its applicable target."""

    EXCEEDED = "exceeded"
    MET = "met"
    IN_PROGRESS = "in_progress"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"
    # The indicator's validity (catalogue valid_from/valid_to) does not reach the period.
    NOT_APPLICABLE = "not_applicable"

    def label(self, lang: Lang = "vi") -> str:
        """The label a reader sees: ``Vượt chỉ tiêu`` / ``Exceeded`` (i18n ``status_<code>``)."""
        return text(f"status_{self.value}", lang)


ACHIEVED = frozenset({Status.EXCEEDED, Status.MET})


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("_", " ").split())


_BY_TEXT: dict[str, Status] = {
    _key(spelling): status
    for status in Status
    for spelling in (status.value, *(status.label(lang) for lang in LANGS))
}


def parse_status(text: str) -> Status | None:
    """A status from its code or its Vietnamese or English label; ``None`` if it is none of them."""
    return _BY_TEXT.get(_key(text))
