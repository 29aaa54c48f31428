"""A unit report's place in its period's roll-up, read back from rollup.csv (report.rollup_place)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from dtreport.errors import InputError
from dtreport.paths import Project
from dtreport.report.rollup_place import (
    Placement,
    placement_paragraph,
    placement_sentence,
    rollup_place,
)

HEADER = (
    "unit_id,name,reported,indicators,achieved,exceeded,met,in_progress,not_met,no_data,"
    "share_achieved,rank\n"
)
# Six units, four ranked: A first, B and C tied second, F fourth (its name guarded against
# formulas); D reported with nothing assessed (no rank); E did not report.
TABLE = HEADER + (
    "A,tỉnh A,true,12,12,8,4,0,0,0,1.000000,1\n"
    "B,tỉnh B,true,12,11,7,4,0,1,0,0.916667,2\n"
    "C,tỉnh C,true,12,11,7,4,0,1,0,0.916667,2\n"
    "F,'=tỉnh F,true,12,7,4,3,0,1,4,0.875000,4\n"
    "D,tỉnh D,true,3,0,0,0,0,0,3,,\n"
    "E,tỉnh E,false,,,,,,,,,\n"
)


def _project(tmp_path: Path, table: str = TABLE, folder: str = "output") -> Project:
    path = tmp_path / folder / "rollup" / "2025-H2" / "rollup.csv"
    path.parent.mkdir(parents=True)
    path.write_text(table, encoding="utf-8")
    return Project(tmp_path)


def test_a_ranked_unit_gets_its_rank_out_of_the_units_ranked(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert rollup_place(project, "C", "2025-H2") == Placement(
        unit_id="C", period="2025-H2", name="tỉnh C", rank=2, ranked=4, units=6,
        achieved=11, assessed=12, tied=True,
    )  # fmt: skip
    first = rollup_place(project, "A", "2025-H2")
    assert first is not None and not first.tied and first.share == 1
    # The share is recomputed exactly from the counts, not read back rounded.
    fourth = rollup_place(project, "F", "2025-H2")
    assert fourth is not None and fourth.share == Fraction(7, 8) and fourth.assessed == 8
    assert fourth.name == "=tỉnh F"  # the formula guard is taken off again


def test_no_line_without_a_rollup_or_a_rank(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert rollup_place(project, "D", "2025-H2") is None  # nothing assessed: no rank
    assert rollup_place(project, "E", "2025-H2") is None  # did not report
    assert rollup_place(project, "Z", "2025-H2") is None  # not in the roll-up
    assert rollup_place(project, "A", "2025-H1") is None  # no roll-up for the period


def test_the_rollup_is_read_from_another_output_folder_when_asked(tmp_path: Path) -> None:
    project = _project(tmp_path, folder="elsewhere")
    assert rollup_place(project, "A", "2025-H2") is None
    placed = rollup_place(project, "A", "2025-H2", output_dir=tmp_path / "elsewhere")
    assert placed is not None and placed.rank == 1


def test_the_sentence_in_both_languages(tmp_path: Path) -> None:
    project = _project(tmp_path)
    tied = rollup_place(project, "B", "2025-H2")
    first = rollup_place(project, "A", "2025-H2")
    assert tied is not None and first is not None
    assert placement_sentence(tied, "vi", name="tỉnh Bắc Ninh") == (
        "Trong tổng hợp kỳ 2025-H2, tỉnh Bắc Ninh xếp thứ 2/4 (đồng hạng), hoàn thành 11/12 chỉ "
        "tiêu được đánh giá (91,67%); 4 trên 6 đơn vị được xếp hạng."
    )
    assert placement_sentence(first, "en") == (
        "In the 2025-H2 roll-up, tỉnh A ranks 1 of 4, with 12 of 12 assessed indicators "
        "achieved (100.00%); 4 of 6 units are ranked."
    )


def test_the_paragraph_a_unit_report_shows_escapes_the_name(tmp_path: Path) -> None:
    placed = rollup_place(_project(tmp_path), "A", "2025-H2")
    paragraph = placement_paragraph(placed, "vi", name="tỉnh <A> & B")
    assert paragraph.startswith('<p class="summary rollup-place">Trong tổng hợp kỳ 2025-H2, ')
    assert "tỉnh &lt;A&gt; &amp; B xếp thứ 1/4," in paragraph
    assert placement_paragraph(None, "vi") == ""


def test_a_file_that_is_not_a_rollup_table_is_named_with_its_row_and_column(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path, "unit_id,rank\nA,1\n")
    with pytest.raises(InputError, match="is not a roll-up table") as caught:
        rollup_place(project, "A", "2025-H2")
    assert str(caught.value).startswith("output/rollup/2025-H2/rollup.csv, row 1: ")
    other = tmp_path / "other"
    other.mkdir()
    broken = _project(other, HEADER + "A,tỉnh A,true,12,12,8,4,0,0,0,1.000000,first\n")
    with pytest.raises(InputError) as caught:
        rollup_place(broken, "A", "2025-H2")
    assert str(caught.value).startswith(
        "output/rollup/2025-H2/rollup.csv, row 2 (A), column rank: 'first' is not a whole number"
    )
