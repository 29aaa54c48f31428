import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtreport.errors import AmbiguousValueError, InputError
from dtreport.numbers import Unit, format_number, format_value, parse_number, read_value


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("42,13%", Unit.PERCENT, Decimal("42.13")),
        ("97.44%", Unit.PERCENT, Decimal("97.44")),
        ("85,6%", Unit.PERCENT, Decimal("85.6")),
        ("11.97%", Unit.PERCENT, Decimal("11.97")),
        ("100 %", Unit.PERCENT, Decimal("100")),
        ("75", Unit.PERCENT, Decimal("75")),
        ("1.728", Unit.COUNT, Decimal("1728")),
        ("1,728", Unit.COUNT, Decimal("1728")),
        ("1.000", Unit.COUNT, Decimal("1000")),
        ("4.403", Unit.COUNT, Decimal("4403")),
        ("1.234.567", Unit.COUNT, Decimal("1234567")),
        ("15", Unit.COUNT, Decimal("15")),
        ("\u00a042,13\u00a0%", Unit.PERCENT, Decimal("42.13")),
    ],
)
def test_values_read_the_vietnamese_and_english_way(text: str, unit: Unit, number: Decimal) -> None:
    assert read_value(text, unit).number == number


def test_a_remark_in_brackets_is_kept_apart() -> None:
    value = read_value("10% (Sở Thông tin và Truyền thông, Sở Nội vụ)", Unit.PERCENT)
    assert value.number == Decimal("10")
    assert value.remark == "Sở Thông tin và Truyền thông, Sở Nội vụ"
    assert value.text.startswith("10% (Sở")


def test_compound_text_is_kept_whole_without_a_number() -> None:
    text = "100% diện tích được phủ cấp dịch vụ mạng di động 4G/5G và 78% điện thoại di động thông minh"
    value = read_value(text, Unit.PERCENT)
    assert value.number is None and value.compound and value.text == text


@pytest.mark.parametrize("text", ["1.728%", "1,728%", "2.500%"])
def test_two_plausible_readings_stop_with_an_error(text: str) -> None:
    with pytest.raises(AmbiguousValueError, match="reads as"):
        read_value(text, Unit.PERCENT)


@pytest.mark.parametrize("text", ["12,3,4%", "1.2.3%", "1..5%"])
def test_unreadable_numbers_stop_with_an_error(text: str) -> None:
    with pytest.raises(InputError, match="is not a number"):
        read_value(text, Unit.PERCENT)


def test_words_without_a_leading_figure_are_text() -> None:
    value = read_value("chưa triển khai", Unit.PERCENT)
    assert value.number is None and value.compound


def test_a_count_is_never_a_fraction_or_a_percentage() -> None:
    with pytest.raises(InputError, match="percentage"):
        read_value("15%", Unit.COUNT)
    with pytest.raises(InputError, match="whole number"):
        read_value("1,5", Unit.COUNT)


def test_formatting_follows_the_language() -> None:
    assert format_value(Decimal("42.13"), Unit.PERCENT, "vi") == "42,13%"
    assert format_value(Decimal("42.13"), Unit.PERCENT, "en") == "42.13%"
    assert format_value(Decimal("1728"), Unit.COUNT, "vi") == "1.728"
    assert format_value(Decimal("1728"), Unit.COUNT, "en") == "1,728"
    assert format_value(Decimal("17.90"), Unit.PERCENT, "vi") == "17,90%"


decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False
)


@given(decimals, st.sampled_from(["vi", "en"]))
def test_a_formatted_number_parses_back_in_its_locale(value: Decimal, lang: str) -> None:
    assert parse_number(format_number(value, lang), locale=lang) == value


@given(decimals, st.sampled_from(["vi", "en"]))
def test_without_a_locale_a_formatted_number_is_read_right_or_refused(
    value: Decimal, lang: str
) -> None:
    text = format_number(value, lang)
    # Refusing is allowed (e.g. 1.728); reading a different number never is.
    with contextlib.suppress(AmbiguousValueError):
        assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["vi", "en"]))
def test_a_formatted_count_always_parses_back(value: int, lang: str) -> None:
    assert parse_number(format_number(Decimal(value), lang), whole=True) == value
