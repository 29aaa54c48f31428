from decimal import Decimal

import pytest

from dtreport.errors import CatalogError, Location
from dtreport.inputs.numbers import Unit
from dtreport.inputs.target import Direction, Operator, parse_target


@pytest.mark.parametrize(
    ("text", "operator", "threshold"),
    [
        ("100%", Operator.GE, Decimal(100)),
        ("tối thiểu 10%", Operator.GE, Decimal(10)),
        ("ít nhất 10%", Operator.GE, Decimal(10)),
        ("at least 7%", Operator.GE, Decimal(7)),
        ("trên 50%", Operator.GT, Decimal(50)),
        ("hơn 50%", Operator.GT, Decimal(50)),
        ("above 50%", Operator.GT, Decimal(50)),
        ("over 50%", Operator.GT, Decimal(50)),
        ("dưới 5%", Operator.LT, Decimal(5)),
        ("below 5%", Operator.LT, Decimal(5)),
        ("không quá 5%", Operator.LE, Decimal(5)),
        ("tối đa 5%", Operator.LE, Decimal(5)),
        ("at most 5%", Operator.LE, Decimal(5)),
        ("Tối thiểu 12,5%", Operator.GE, Decimal("12.5")),
        ("phổ cập", Operator.QUALITATIVE, None),
        ("Universal", Operator.QUALITATIVE, None),
    ],
)
def test_target_grammar(text: str, operator: Operator, threshold: Decimal | None) -> None:
    target = parse_target(text, 2025, Direction.HIGHER, Unit.PERCENT)
    assert (target.operator, target.threshold, target.text) == (operator, threshold, text)


def test_a_plain_target_of_a_lower_is_better_indicator_is_a_ceiling() -> None:
    assert parse_target("5%", 2025, Direction.LOWER, Unit.PERCENT).operator is Operator.LE


@pytest.mark.parametrize("text", ["khoảng 50%", "50", "trên năm mươi %", "1.728%"])
def test_unreadable_targets_name_the_catalogue_cell(text: str) -> None:
    where = Location("data/catalog/x.csv", 4, "target_2025")
    with pytest.raises(CatalogError) as error:
        parse_target(text, 2025, Direction.HIGHER, Unit.PERCENT, where)
    assert "data/catalog/x.csv, row 4, column target_2025" in str(error.value)
