"""Reading and writing figures the way Vietnamese and English write them.

Vietnamese writes ``42,13%`` and ``1.728`` (comma decimal, dot thousands);
English writes ``42.13%`` and ``1,728``. Units mix both, so every value is read
with both locales' strict rules (babel) and:

- one reading only: that is the value (``42,13`` can only be Vietnamese);
- two equal readings: that is the value (``100``);
- two different readings: a count takes the whole-number reading (``1.728``
  people is one thousand seven hundred twenty-eight); anything else stops with
  :class:`AmbiguousValueError` naming the cell. A government figure is never guessed.

A percentage written without its ``%`` sign as a number from 0 to 1 (``0,8``) is a
fraction to some units and a small percentage to others, so it is refused too.
Digits of any script (full-width ``８０``, Arabic-Indic ``٨٠``) are read as the
ASCII digits they stand for; the text is kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from dtreport.errors import AmbiguousValueError, InputError, Location

__all__ = [
    "LOCALES",
    "ReportedValue",
    "Unit",
    "format_number",
    "format_value",
    "parse_number",
    "read_value",
]

LOCALES = ("vi", "en")


class Unit(StrEnum):
    """What a figure counts: a percentage or a whole number of things."""

    PERCENT = "percent"
    COUNT = "count"


@dataclass(frozen=True)
class ReportedValue:
    """A value as the unit reported it, and the number read from it.

    ``number`` is ``None`` when the cell is empty or is compound text
    (several figures in words, like "100% diện tích ... và 78% ..."), whose full
    text is kept in ``text``.
    """

    text: str
    number: Decimal | None
    remark: str = ""
    compound: bool = False

    @property
    def is_empty(self) -> bool:
        """True when nothing was reported."""
        return not self.text


_LEADING_NUMBER = re.compile(
    r"^(?P<number>[+-]?\d[\d.,]*)\s*(?P<percent>%)?\s*(?P<rest>.*)$", re.DOTALL
)
_FIGURE = re.compile(r"\d[\d.,]*\s*%?")


# Percent signs of other scripts, read as "%" (the full-width one comes with full-width digits).
_PERCENT_SIGNS = str.maketrans({"\uff05": "%", "\ufe6a": "%", "\u066a": "%"})


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _ascii_digits(text: str) -> str:
    """``text`` with every Unicode decimal digit as its ASCII digit and every percent sign as %.

    babel's strict check of thousands separators refuses other scripts' digits, so
    ``１.７２８`` would have only the English reading (1.728) where ``1.728`` has two.
    """
    if text.isascii():
        return text
    digits = "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)
    return digits.translate(_PERCENT_SIGNS)


def parse_number(
    token: str, *, whole: bool = False, locale: str | None = None, where: Location | None = None
) -> Decimal:
    """Read one number written the Vietnamese or English way.

    ``whole`` says the figure counts things (so ``1.728`` is 1728); ``locale``
    forces one locale's reading. Raises :class:`AmbiguousValueError` when the two
    readings differ and nothing decides between them, :class:`InputError` when
    neither locale reads it.
    """
    where = where or Location()
    token = token.strip()
    digits = _ascii_digits(token)
    readings: dict[str, Decimal] = {}
    for loc in (locale,) if locale else LOCALES:
        try:
            readings[loc] = parse_decimal(digits, locale=loc, strict=True)
        except NumberFormatError:
            continue
    if not readings:
        raise InputError(f"{token!r} is not a number", where)
    distinct = set(readings.values())
    if len(distinct) == 1:
        return distinct.pop()
    if whole:
        # A count is written without decimals, so "1.000" is a thousand, not 1.000.
        integral = {d for d in distinct if _decimals(d) == 0}
        if len(integral) == 1:
            return integral.pop()
    shown = " or ".join(f"{v} ({loc})" for loc, v in readings.items())
    raise AmbiguousValueError(
        f"{token!r} reads as {shown}; write it unambiguously "
        "(e.g. 1.728,0 or 1728 for a count, 1,728 for a Vietnamese decimal)",
        where,
    )


def read_value(text: str, unit: Unit, where: Location | None = None) -> ReportedValue:
    """Read a reported value: a number with optional ``%`` and optional ``(remark)``.

    Text with more than one figure, or words around the figure, is compound: its
    number is ``None`` and its text is kept whole, for the caller to decide
    whether a number was needed.
    """
    where = where or Location()
    clean = _normalise(text)
    if not clean:
        return ReportedValue("", None)
    # Mapping digits keeps every character in place, so the match's spans fit ``clean`` too.
    match = _LEADING_NUMBER.match(_ascii_digits(clean))
    if match is None:
        return ReportedValue(clean, None, compound=True)
    rest = match["rest"].strip()
    remark = ""
    if rest.startswith("(") and rest.endswith(")"):
        remark, rest = rest[1:-1].strip(), ""
    if rest:
        return ReportedValue(clean, None, compound=True)
    if match["percent"] and unit is Unit.COUNT:
        raise InputError(f"{clean!r} is a percentage but this figure is a count", where)
    written = clean[slice(*match.span("number"))]
    number = parse_number(written, whole=unit is Unit.COUNT, where=where)
    if unit is Unit.COUNT and number != number.to_integral_value():
        raise InputError(f"{clean!r} is not a whole number but this figure is a count", where)
    if unit is Unit.PERCENT and not match["percent"] and 0 < number <= 1:
        raise _fraction_or_percentage(written, number, where)
    return ReportedValue(clean, number, remark=remark)


def _fraction_or_percentage(token: str, number: Decimal, where: Location) -> AmbiguousValueError:
    """``0,8`` for a percentage: 80% written as a fraction, or 0,8% without its sign."""
    # The fraction is shown with the decimal mark the unit wrote.
    lang = "vi" if "," in token else "en"
    as_fraction = format_number((number * 100).normalize(), lang)
    return AmbiguousValueError(
        f"{token!r} reads as a fraction ({as_fraction}%) or as {token}%; "
        "write the percentage with its % sign",
        where,
    )


def count_figures(text: str) -> int:
    """How many separate figures a text quotes."""
    return len(_FIGURE.findall(text))


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Decimal, lang: str, decimals: int | None = None) -> str:
    """Write a number the language's way, keeping its reported precision by default."""
    places = _decimals(value) if decimals is None else decimals
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=lang, decimal_quantization=True))


def format_value(value: Decimal | None, unit: Unit, lang: str) -> str:
    """A figure as a reader expects it: ``42,13%`` (vi), ``42.13%`` (en), ``1.728`` (vi)."""
    if value is None:
        return ""
    text = format_number(value, lang)
    return f"{text}%" if unit is Unit.PERCENT else text
