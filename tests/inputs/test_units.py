"""The unit registry: the shipped file loads clean, and each of its rules refuses a bad row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dtreport.errors import InputError, ValidationFailed
from dtreport.inputs.units import REGISTRY_COLUMNS, Registry, load_registry
from dtreport.paths import Project
from dtreport.period import parse_period

HEADER = ",".join(REGISTRY_COLUMNS)
# Two units merged into a third on 1 July 2025, as the seed's province was.
GOOD = [
    "A-old,tỉnh A,A province,province,,,2025-06-30,C-2025",
    "B-old,tỉnh B,B province,province,,,2025-06-30,C-2025",
    "C-2025,tỉnh C,C province,province,,2025-07-01,,",
]


def registry(tmp_path: Path, *rows: str, header: str = HEADER) -> Registry:
    (tmp_path / "data").mkdir(exist_ok=True)
    text = "\n".join([header, *rows]) + "\n"
    (tmp_path / "data" / "units.csv").write_text(text, encoding="utf-8")
    return load_registry(Project(tmp_path))


def problems(tmp_path: Path, *rows: str, header: str = HEADER) -> list[str]:
    """Every finding the registry gives, as printed."""
    with pytest.raises(ValidationFailed) as caught:
        registry(tmp_path, *rows, header=header)
    return [str(f) for f in caught.value.findings]


# ---- the shipped registry -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(repo_root: Path) -> Registry:
    return load_registry(Project(repo_root))


def test_the_shipped_registry_holds_63_old_and_34_new_provinces(shipped: Registry) -> None:
    assert len(shipped.units) == 97
    assert len(shipped.in_force(date(2025, 6, 30))) == 63
    assert len(shipped.in_force(date(2025, 7, 1), level="province")) == 34
    assert shipped.in_force(date(2025, 7, 1), level="district") == []
    assert {u.level for u in shipped.units} == {"province"}


def test_bac_giang_became_part_of_bac_ninh(shipped: Registry) -> None:
    bac_giang = shipped.get("P24-bac-giang")
    assert bac_giang.successors == ("P24-bac-ninh-2025",)
    assert bac_giang.name("vi") == "tỉnh Bắc Giang" and bac_giang.row == 16
    assert [u.unit_id for u in shipped.predecessors("P24-bac-ninh-2025")] == [
        "P24-bac-giang",
        "P27-bac-ninh",
    ]
    bac_ninh = shipped.get("P24-bac-ninh-2025")
    assert (bac_ninh.name("vi"), bac_ninh.name("en")) == ("tỉnh Bắc Ninh", "Bắc Ninh province")
    assert bac_ninh.valid_from == date(2025, 7, 1) and bac_ninh.valid_to is None


def test_a_unit_is_in_force_on_the_days_of_its_validity(shipped: Registry) -> None:
    old, new = shipped.get("P24-bac-giang"), shipped.get("P24-bac-ninh-2025")
    assert old.in_force_on(date(2000, 1, 1)) and old.in_force_on(date(2025, 6, 30))
    assert not old.in_force_on(date(2025, 7, 1))
    assert new.in_force_on(date(2025, 7, 1)) and not new.in_force_on(date(2025, 6, 30))
    assert old.overlaps(parse_period("2025-H1")) and not old.overlaps(parse_period("2025-H2"))
    # A period straddling the date overlaps both.
    assert old.overlaps(parse_period("2025")) and new.overlaps(parse_period("2025"))
    assert not new.overlaps(parse_period("2025-Q2"))


def test_an_unknown_id_names_the_registry_and_the_closest_ids(shipped: Registry) -> None:
    assert shipped.find("P24-bac-ninh") is None
    with pytest.raises(InputError) as caught:
        shipped.get("P24-bac-ninh-2052")
    message = str(caught.value)
    assert message.startswith("data/units.csv: has no unit 'P24-bac-ninh-2052'")
    assert "P24-bac-ninh-2025" in message


# ---- each rule --------------------------------------------------------------------------


def test_a_good_registry_loads_in_file_order(tmp_path: Path) -> None:
    loaded = registry(tmp_path, *GOOD)
    assert [u.unit_id for u in loaded.units] == ["A-old", "B-old", "C-2025"]
    assert [u.row for u in loaded.units] == [2, 3, 4]
    assert loaded.units[0].valid_from is None and loaded.units[2].successors == ()


def test_every_missing_column_is_named(tmp_path: Path) -> None:
    found = problems(tmp_path, "A,tỉnh A,province", header="unit_id,name_vi,level")
    assert len(found) == 5
    assert found[0] == (
        "[critical] data/units.csv, row 1, column name_en: missing column 'name_en' "
        "(columns found: unit_id, name_vi, level)"
    )
    assert any("column successors" in f for f in found)


def test_ids_are_unique(tmp_path: Path) -> None:
    found = problems(tmp_path, *GOOD, "A-old,tỉnh A,A province,province,,,2025-06-30,C-2025")
    assert found == [
        "[critical] data/units.csv, row 5 (A-old), column unit_id: 'A-old' is already the id "
        "of row 2"
    ]


@pytest.mark.parametrize("unit_id", ["Đà-Nẵng", "../x", "-lead", "a b", "rollup", "RollUp"])
def test_ids_are_ascii_folder_names_and_not_the_rollup_folder(tmp_path: Path, unit_id: str) -> None:
    found = problems(tmp_path, f"{unit_id},tỉnh X,X province,province,,,,")
    assert len(found) == 1 and f"row 2 ({unit_id}), column unit_id" in found[0]
    assert ("reserved" if unit_id.casefold() == "rollup" else "not a unit id") in found[0]


def test_an_empty_id_or_name_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, ",tỉnh X,X province,province,,,,", "Y,,Y province,,,,,")
    assert found == [
        "[critical] data/units.csv, row 2, column unit_id: unit_id is empty",
        "[critical] data/units.csv, row 3 (Y), column name_vi: name_vi is empty",
        "[critical] data/units.csv, row 3 (Y), column level: level is empty",
    ]


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("1/7/2025", "'1/7/2025' is not a date written YYYY-MM-DD"),
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("２０２５-07-01", "is not a date written YYYY-MM-DD"),
    ],
)
def test_dates_are_iso(tmp_path: Path, written: str, says: str) -> None:
    found = problems(tmp_path, f"X,tỉnh X,X province,province,,{written},,")
    assert len(found) == 1
    assert found[0].startswith("[critical] data/units.csv, row 2 (X), column valid_from: ")
    assert found[0].endswith(says)


def test_valid_from_is_not_after_valid_to(tmp_path: Path) -> None:
    found = problems(tmp_path, "X,tỉnh X,X province,province,,2025-07-01,2025-06-30,")
    assert found == [
        "[critical] data/units.csv, row 2 (X), column valid_to: valid_to 2025-06-30 is before "
        "valid_from 2025-07-01"
    ]


def test_a_parent_names_a_unit(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        *GOOD,
        "D,Sở D,D department,department,C-2025,2025-07-01,,",
        "E,Sở E,E department,department,Z-nowhere,2025-07-01,,",
        "F,Sở F,F department,department,F,2025-07-01,,",
    )
    assert found == [
        "[critical] data/units.csv, row 6 (E), column parent_id: 'Z-nowhere' names no unit",
        "[critical] data/units.csv, row 7 (F), column parent_id: a unit is not its own parent",
    ]


def test_parents_do_not_loop(tmp_path: Path) -> None:
    found = problems(tmp_path, "G,tỉnh G,G,province,H,,,", "H,tỉnh H,H,province,G,,,")
    assert len(found) == 2 and "the parents of 'G' loop back to 'G'" in found[0]


def test_a_successor_names_a_unit(tmp_path: Path) -> None:
    found = problems(tmp_path, "A-old,tỉnh A,A province,province,,,2025-06-30,C-2052")
    assert found == [
        "[critical] data/units.csv, row 2 (A-old), column successors: 'C-2052' names no unit"
    ]


def test_a_successor_starts_the_day_after_its_predecessor_ends(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "A-old,tỉnh A,A province,province,,,2025-06-29,C-2025",
        *GOOD[1:],
    )
    assert found == [
        "[critical] data/units.csv, row 2 (A-old), column successors: successor 'C-2025' "
        "(row 4) is valid from 2025-07-01, not from 2025-06-30, the day after this unit's "
        "valid_to"
    ]


def test_a_successor_in_force_since_always_cannot_follow(tmp_path: Path) -> None:
    found = problems(tmp_path, *GOOD[:2], "C-2025,tỉnh C,C province,province,,,,")
    assert len(found) == 2
    assert "valid from before the registry begins, not from 2025-07-01" in found[0]


def test_a_unit_with_successors_has_an_end(tmp_path: Path) -> None:
    found = problems(tmp_path, "A-old,tỉnh A,A province,province,,,,C-2025", *GOOD[1:])
    assert found == [
        "[critical] data/units.csv, row 2 (A-old), column valid_to: is empty, but the unit has "
        "successors: it must end the day before"
    ]


def test_successors_are_separated_by_one_semicolon_and_named_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "A-old,tỉnh A,A province,province,,,2025-06-30,C-2025;;C-2025",
        *GOOD[1:],
    )
    assert [f.split(": ", 1)[1] for f in found] == [
        "has an empty item; separate unit ids by a single ';'",
        "'C-2025' is named twice",
    ]


def test_several_successors_are_each_checked(tmp_path: Path) -> None:
    loaded = registry(
        tmp_path,
        "S-old,tỉnh S,S province,province,,,2025-06-30,C-2025; D-2025",
        "C-2025,tỉnh C,C province,province,,2025-07-01,,",
        "D-2025,tỉnh D,D province,province,,2025-07-01,,",
    )
    assert loaded.get("S-old").successors == ("C-2025", "D-2025")
    assert [u.unit_id for u in loaded.predecessors("D-2025")] == ["S-old"]


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "rollup,tỉnh R,R,province,,,,",
        "A-old,tỉnh A,A province,province,,,2025-06-31,nowhere",
        "B,tỉnh B,B,province,nowhere,,,",
    )
    assert [f.split(": ", 1)[0].split(", ", 1)[1] for f in found] == [
        "row 2 (rollup), column unit_id",
        "row 3 (A-old), column valid_to",
        "row 3 (A-old), column successors",
        "row 4 (B), column parent_id",
    ]


def test_a_registry_without_rows_or_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"data/units\.csv.*file not found"):
        load_registry(Project(tmp_path))
    with pytest.raises(InputError, match="no data rows"):
        registry(tmp_path)
