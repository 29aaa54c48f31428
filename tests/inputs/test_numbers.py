import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dtreport.errors import AmbiguousValueError, InputError
from dtreport.inputs.numbers import Unit, format_number, format_value, parse_number, read_value


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
    other = "en" if lang == "vi" else "vi"
    try:
        parsed = parse_number(text)
    except AmbiguousValueError:
        # Refusing is allowed only when the other locale really reads another number (1.728).
        assert parse_number(text, locale=other) != value
    else:
        assert parsed == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["vi", "en"]))
def test_a_formatted_count_always_parses_back(value: int, lang: str) -> None:
    assert parse_number(format_number(Decimal(value), lang), whole=True) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,8", "'0,8' reads as a fraction (80%) or as 0,8%; write the percentage with its % sign"),
        (
            "0.85",
            "'0.85' reads as a fraction (85%) or as 0.85%; write the percentage with its % sign",
        ),
        (
            "0,855",
            "'0,855' reads as a fraction (85,5%) or as 0,855%; write the percentage with its % sign",
        ),
        ("1", "'1' reads as a fraction (100%) or as 1%; write the percentage with its % sign"),
        ("0,8 (ước tính)", "'0,8' reads as a fraction (80%) or as 0,8%"),
    ],
)
def test_a_percentage_written_as_a_fraction_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        read_value(text, Unit.PERCENT)
    assert raised.value.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "number"),
    [("0,8%", Decimal("0.8")), ("1%", Decimal("1")), ("0", Decimal("0")), ("75", Decimal("75"))],
)
def test_a_small_percentage_with_its_sign_or_a_whole_one_is_read(
    text: str, number: Decimal
) -> None:
    assert read_value(text, Unit.PERCENT).number == number


def test_a_count_of_one_is_not_a_fraction() -> None:
    assert read_value("1", Unit.COUNT).number == 1


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("８０%", Unit.PERCENT, Decimal("80")),
        ("８０％", Unit.PERCENT, Decimal("80")),
        ("٨٠٪", Unit.PERCENT, Decimal("80")),
        ("४२,१३%", Unit.PERCENT, Decimal("42.13")),
        ("１.７２８", Unit.COUNT, Decimal("1728")),
    ],
)
def test_digits_of_other_scripts_read_as_their_ascii_digits(
    text: str, unit: Unit, number: Decimal
) -> None:
    value = read_value(text, unit)
    assert value.number == number
    assert value.text == text


def test_digits_of_other_scripts_keep_the_ambiguity_of_their_ascii_spelling() -> None:
    # babel alone refuses the Vietnamese reading of full-width 1.728 and reads 1.728.
    with pytest.raises(AmbiguousValueError, match=re.escape("'１.７２８' reads as 1728 (vi) or")):
        read_value("１.７２８%", Unit.PERCENT)


def test_an_arabic_decimal_separator_is_not_read_as_a_number() -> None:
    # ٫ is neither locale's decimal mark: the figure stays text rather than becoming 4.
    value = read_value("٤٫٤٠٣", Unit.COUNT)
    assert value.number is None and value.compound


def _decimal_digit_zeros() -> list[str]:
    """The zero of every Unicode script that has decimal digits 0-9 in a row."""
    return [
        chr(code)
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Nd" and unicodedata.decimal(chr(code)) == 0
    ]


DIGIT_ZEROS = _decimal_digit_zeros()


def _in_script(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)


percentages = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("1000"), places=2, allow_nan=False
)


@given(percentages, st.sampled_from(["vi", "en"]), st.booleans(), st.sampled_from(DIGIT_ZEROS))
def test_a_percentage_in_any_script_is_read_right_or_refused(
    value: Decimal, lang: str, with_sign: bool, zero: str
) -> None:
    text = _in_script(format_number(value, lang), zero) + ("%" if with_sign else "")
    try:
        number = read_value(text, Unit.PERCENT).number
    except AmbiguousValueError:
        # Refused: only for a fraction-like value without its sign or two real readings.
        fraction_like = not with_sign and 0 < value <= 1
        other = "en" if lang == "vi" else "vi"
        try:
            other_reading = parse_number(format_number(value, lang), locale=other)
        except InputError:
            other_reading = value
        assert fraction_like or other_reading != value
    else:
        assert number == value
        assert not (not with_sign and 0 < value <= 1)
