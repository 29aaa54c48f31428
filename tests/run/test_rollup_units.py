"""Which units a roll-up lists, and how each one is read (run.rollup), on the fixture registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dtreport.errors import UsageError
from dtreport.inputs.units import load_registry
from dtreport.lang import Lang
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.run.rollup import build_rollup, read_unit, rollup_folder, select_units

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rollup"
H2 = parse_period("2025-H2")


@pytest.fixture
def units_project(project: Project) -> Project:
    """A project copy with the roll-up fixture's registry and units (see its README)."""
    shutil.copytree(FIXTURE / "params", project.params_dir, dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "data", project.data_dir, dirs_exist_ok=True)
    return project


def test_by_default_the_units_in_force_on_the_period_s_last_day(units_project: Project) -> None:
    registry = load_registry(units_project)
    after = [u.unit_id for u in select_units(registry, H2, None, None)]
    assert after == [
        "P01-ha-noi-2025", "P04-cao-bang-2025", "P19-thai-nguyen-2025", "P20-lang-son-2025",
        "P22-quang-ninh-2025", "P24-bac-ninh-2025", "P25-phu-tho-2025",
    ]  # fmt: skip
    # Before the arrangement of 1 July 2025 the two old provinces were in force instead.
    before = select_units(registry, parse_period("2025-H1"), None, "province")
    assert [u.unit_id for u in before] == ["P24-bac-giang", "P27-bac-ninh"]


def test_units_given_are_taken_exactly_in_their_order(units_project: Project) -> None:
    registry = load_registry(units_project)
    chosen = select_units(registry, H2, ["P25-phu-tho-2025", "P01-ha-noi-2025"], None)
    assert [u.unit_id for u in chosen] == ["P25-phu-tho-2025", "P01-ha-noi-2025"]


@pytest.mark.parametrize(
    ("units", "level", "message"),
    [
        (["P25-phu-tho-2025", "P25-phu-tho-2025"], None, "names P25-phu-tho-2025 more than once"),
        (["P25-phu-tho-2025"], "province", "give no --level with it"),
        (["P99-nowhere"], None, "data/units.csv has no unit 'P99-nowhere'"),
        (None, "commune", "no unit of level 'commune' in force on 2025-12-31 (levels: province)"),
    ],
)
def test_what_cannot_be_a_rollup_is_a_usage_error(
    units_project: Project, units: list[str] | None, level: str | None, message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        select_units(load_registry(units_project), H2, units, level)


def test_a_unit_without_params_did_not_report_in_either_language(units_project: Project) -> None:
    unit = load_registry(units_project).get("P01-ha-noi-2025")
    cases: list[tuple[Lang, str]] = [
        ("vi", "chưa gửi báo cáo: không có tệp params/P01-ha-noi-2025/2025-H2.yaml"),
        ("en", "sent no report: there is no params/P01-ha-noi-2025/2025-H2.yaml"),
    ]
    for lang, reason in cases:
        read = read_unit(units_project, unit, H2, lang)
        assert not read.entry.reported and read.entry.reason == reason
        assert read.inputs is None and read.files == ()
        assert read.entry.name == unit.name(lang)


def test_a_params_file_for_another_unit_is_not_counted_and_says_where(
    units_project: Project,
) -> None:
    path = units_project.params_file(H2, "P25-phu-tho-2025")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "unit: P25-phu-tho-2025", "unit: P22-quang-ninh-2025"), encoding="utf-8")  # fmt: skip
    unit = load_registry(units_project).get("P25-phu-tho-2025")
    read = read_unit(units_project, unit, H2, "en")
    assert not read.entry.reported and read.files == (path,)
    assert read.entry.reason.startswith(
        "the inputs cannot be read: params/P25-phu-tho-2025/2025-H2.yaml, line 4, key unit: "
        "says unit 'P22-quang-ninh-2025'"
    )


def test_a_unit_of_another_catalogue_is_listed_not_compared(units_project: Project) -> None:
    # Thái Nguyên reports against nq03 (one value; the rest are missing, a warning).
    params = units_project.params_file(H2, "P19-thai-nguyen-2025")
    params.write_text(params.read_text(encoding="utf-8").replace("catalog: qd749", "catalog: nq03"),
                      encoding="utf-8")  # fmt: skip
    data = units_project.period_data_dir(H2, "P19-thai-nguyen-2025") / "indicators.csv"
    data.write_text("indicator_id,value\nNQ03-01,50%\n", encoding="utf-8")
    published = build_rollup(
        units_project, "2025-H2", unit_ids=["P22-quang-ninh-2025", "P19-thai-nguyen-2025"],
        formats=(),
    )  # fmt: skip
    assert published.folder == rollup_folder(H2, "vi", units_project.output_dir)
    assert sorted(p.name for p in published.folder.iterdir()) == ["manifest.json", "rollup.csv"]
    (quang_ninh, thai_nguyen) = published.rollup.standings
    assert quang_ninh.rank == 1 and not thai_nguyen.reported
    assert thai_nguyen.reason == (
        "báo cáo theo danh mục nq03, còn tổng hợp này so sánh theo danh mục qd749"
    )
    assert published.rollup.catalog is not None and published.rollup.catalog.id == "qd749"
