from datetime import date

import pytest

from dtreport.errors import PeriodError
from dtreport.period import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-06", date(2024, 6, 1), date(2024, 6, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_period_forms(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.id) == (start, end, text)


@pytest.mark.parametrize(
    "text", ["../x", "2024-H3", "2024-13", "24-H1", "2024/H1", "", "2024-Q0", "2024-H1/.."]
)
def test_bad_period_ids_are_rejected(text: str) -> None:
    with pytest.raises(PeriodError, match="is not a period id"):
        parse_period(text)
