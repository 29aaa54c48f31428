"""The languages a report is written in: Vietnamese (the official one) and English."""

from __future__ import annotations

from typing import Literal, TypeGuard, TypeVar

__all__ = ["LANGS", "Lang", "is_lang", "pick"]

T = TypeVar("T")

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


def is_lang(value: object) -> TypeGuard[Lang]:
    """True when ``value`` is one of :data:`LANGS`."""
    return value in LANGS


def pick(lang: Lang, vi: T, en: T) -> T:
    """The one of a pair written for ``lang``: every bilingual choice goes through here.

    Fixed words live in :mod:`dtreport.i18n`; names that come with the data (an
    indicator's ``name_vi``/``name_en``, a params file's titles) are picked with this.
    """
    return vi if lang == "vi" else en
