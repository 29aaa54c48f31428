"""The languages a report is written in: Vietnamese (the official one) and English."""

from __future__ import annotations

from typing import Literal, TypeGuard

__all__ = ["LANGS", "Lang", "is_lang"]

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


def is_lang(value: object) -> TypeGuard[Lang]:
    """True when ``value`` is one of :data:`LANGS`."""
    return value in LANGS
