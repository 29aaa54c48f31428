"""Target text and its grammar: ``"100%"``, ``"tối thiểu 10%"``, ``"trên 50%"``, ``"phổ cập"``.

========================================  ==========  ======================
text                                       operator    meaning
========================================  ==========  ======================
``X`` (plain)                              ``>=``      (``<=`` if lower is better)
tối thiểu / ít nhất / không dưới / at least  ``>=``
trên / hơn / above / over / more than      ``>``
dưới / below / less than / under           ``<``
không quá / tối đa / at most / no more than  ``<=``
phổ cập / universal                        qualitative
========================================  ==========  ======================
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from dtreport.errors import CatalogError, DtreportError, Location
from dtreport.inputs.numbers import Unit, parse_number

__all__ = ["CONFIDENCES", "VERIFIED", "Direction", "Operator", "Target", "parse_target"]

# How sure a catalogue is of a target (docs/targets.md): "verified" is the document's text or
# an official source confirmed by an independent one; "secondary" only news or a copy that may
# be a draft; "open" nothing citable.
VERIFIED = "verified"
CONFIDENCES = (VERIFIED, "secondary", "open")


class Direction(StrEnum):
    """Whether a higher or a lower value is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Operator(StrEnum):
    """How a value is compared with a target's threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    QUALITATIVE = "qualitative"


_PREFIXES: tuple[tuple[str, Operator], ...] = (
    ("không dưới", Operator.GE),
    ("không quá", Operator.LE),
    ("no less than", Operator.GE),
    ("no more than", Operator.LE),
    ("tối thiểu", Operator.GE),
    ("ít nhất", Operator.GE),
    ("at least", Operator.GE),
    ("more than", Operator.GT),
    ("less than", Operator.LT),
    ("tối đa", Operator.LE),
    ("at most", Operator.LE),
    ("above", Operator.GT),
    ("over", Operator.GT),
    ("trên", Operator.GT),
    ("hơn", Operator.GT),
    ("dưới", Operator.LT),
    ("below", Operator.LT),
    ("under", Operator.LT),
)
_QUALITATIVE = ("phổ cập", "universal")


@dataclass(frozen=True)
class Target:
    """A target for one year: its text as written, and the operator and threshold read from it.

    ``source`` cites where the target comes from and ``confidence`` says how sure that is
    (one of :data:`CONFIDENCES`, or empty when the catalogue does not say).
    """

    year: int
    text: str
    operator: Operator
    threshold: Decimal | None
    source: str = ""
    confidence: str = ""

    @property
    def is_qualitative(self) -> bool:
        """True for targets like "phổ cập" that no number can be compared with."""
        return self.operator is Operator.QUALITATIVE

    @property
    def is_verified(self) -> bool:
        """True only for a target the catalogue marks ``verified``; unknown counts as not."""
        return self.confidence == VERIFIED


def parse_target(
    text: str, year: int, direction: Direction, unit: Unit, where: Location | None = None
) -> Target:
    """Read a target text, or raise :class:`CatalogError` naming the catalogue cell."""
    where = where or Location()
    clean = " ".join(unicodedata.normalize("NFC", text).split())
    key = clean.casefold()
    if key in _QUALITATIVE:
        return Target(year, clean, Operator.QUALITATIVE, None)
    operator = Operator.GE if direction is Direction.HIGHER else Operator.LE
    rest = key
    for prefix, op in _PREFIXES:
        if key.startswith(prefix + " "):
            operator, rest = op, key[len(prefix) :].strip()
            break
    number_text = rest.removesuffix("%").strip()
    if unit is Unit.PERCENT and not rest.endswith("%"):
        raise CatalogError(f"target {clean!r} has no % but the indicator is a percentage", where)
    try:
        threshold = parse_number(number_text, whole=unit is Unit.COUNT, where=where)
    except DtreportError as exc:
        raise CatalogError(
            f"cannot read target {clean!r}: write it as 'X%', 'tối thiểu X%', 'trên X%', "
            "'dưới X%', 'không quá X%' or 'phổ cập'",
            where,
        ) from exc
    return Target(year, clean, operator, threshold)
