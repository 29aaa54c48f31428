"""Reporting periods: ``2024``, ``2024-H1`` (half), ``2024-Q3`` (quarter), ``2024-06`` (month).

A period id is checked against these forms before any path is built from it,
so an id like ``../x`` never reaches the file system.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dtreport.errors import PeriodError

__all__ = ["Period", "parse_period"]

# ASCII digits only: "２０２４-H1" (full-width) or Arabic-Indic digits would otherwise match
# \d, name a second folder for the same period, and sort apart from it.
_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?",
    re.ASCII,
)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period with its first and last day."""

    id: str
    start: date
    end: date

    @property
    def year(self) -> int:
        """The calendar year the period ends in."""
        return self.end.year

    def __str__(self) -> str:
        return self.id


def parse_period(text: str) -> Period:
    """Parse a period id, or raise :class:`PeriodError` naming what forms are accepted."""
    match = _PERIOD.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise PeriodError(
            f"{text!r} is not a period id; use a year (2024), a half (2024-H1), "
            "a quarter (2024-Q3) or a month (2024-06)"
        )
    year = int(match["year"])
    if match["half"]:
        first_month = 1 if match["half"] == "1" else 7
        months = 6
    elif match["quarter"]:
        first_month = 3 * (int(match["quarter"]) - 1) + 1
        months = 3
    elif match["month"]:
        first_month = int(match["month"])
        months = 1
    else:
        first_month, months = 1, 12
    last_month = first_month + months - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(text.strip(), date(year, first_month, 1), date(year, last_month, last_day))
