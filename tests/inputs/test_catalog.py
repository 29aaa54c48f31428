from pathlib import Path

import pytest

from dtreport.errors import CatalogError
from dtreport.inputs.catalog import load_catalog
from dtreport.inputs.target import Operator
from dtreport.paths import Project

SEED_NAMES = {
    "QD749-07": "Tỷ lệ của Kinh tế số so với GDP",
    "QD749-13": "Tỷ lệ dân số có tài khoản thanh toán điện tử",
}


def test_the_qd749_catalogue_holds_the_seed_appendix(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749")
    assert [i.id for i in catalog.indicators] == [f"QD749-{n:02d}" for n in range(1, 14)]
    assert [p[1] for p in catalog.pillars] == ["CHÍNH PHỦ SỐ", "KINH TẾ SỐ", "XÃ HỘI SỐ"]
    assert [i.pillar for i in catalog.indicators].count("I") == 6
    for indicator_id, name in SEED_NAMES.items():
        indicator = catalog.get(indicator_id)
        assert indicator is not None and indicator.name_vi == name and indicator.name_en
    targets_2025 = [i.applicable_target(2024).text for i in catalog.indicators]
    assert targets_2025 == [
        "100%", "90%", "80%", "60%", "100%", "50%", "20%", "tối thiểu 10%",
        "tối thiểu 7%", "80%", "100%", "phổ cập", "trên 50%",
    ]  # fmt: skip
    assert catalog.get("QD749-12").applicable_target(2024).operator is Operator.QUALITATIVE  # type: ignore[union-attr]


def test_the_applicable_target_is_the_earliest_year_at_or_after_the_period(
    project: Project,
) -> None:
    indicator = load_catalog(project.catalog_dir).get("QD749-07")
    assert indicator is not None
    assert indicator.applicable_target(2024).year == 2025
    assert indicator.applicable_target(2025).year == 2025
    assert indicator.applicable_target(2026).text == "tối thiểu 30%"
    assert indicator.applicable_target(2031).year == 2030  # none later: the latest
    only_2025 = load_catalog(project.catalog_dir).get("QD749-05")
    assert only_2025 is not None and only_2025.applicable_target(2027).year == 2025


def _catalog_with(project: Project, old: str, new: str) -> Path:
    path = project.catalog_dir / "qd749.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unreadable_target_names_the_catalogue_row(project: Project) -> None:
    _catalog_with(project, "tối thiểu 7%", "khoảng 7%")
    with pytest.raises(
        CatalogError,
        match=r"^data/catalog/qd749\.csv, row 10 \(QD749-09\), column target_2025: .*khoảng 7%",
    ):
        load_catalog(project.catalog_dir, "qd749", project.root)


def test_a_duplicate_catalogue_id_is_an_error(project: Project) -> None:
    _catalog_with(project, "QD749-03,", "QD749-02,")
    with pytest.raises(
        CatalogError,
        match=r"^data/catalog/qd749\.csv, row 4 \(QD749-02\), column indicator_id: duplicate",
    ):
        load_catalog(project.catalog_dir, "qd749", project.root)


def test_a_new_catalogue_is_a_new_file(project: Project) -> None:
    (project.catalog_dir / "local.csv").write_text(
        "indicator_id,pillar,pillar_name_vi,pillar_name_en,name_vi,name_en,unit,measure,direction,"
        "target_2027,source\n"
        "BG-01,I,CHÍNH PHỦ SỐ,DIGITAL GOVERNMENT,Tỷ lệ lỗi,Error rate,percent,share,lower,"
        "không quá 2%,province plan\n",
        encoding="utf-8",
    )
    catalog = load_catalog(project.catalog_dir, "local")
    assert catalog.indicators[0].applicable_target(2026).operator is Operator.LE


def test_a_catalogue_id_cannot_escape_the_folder(project: Project) -> None:
    with pytest.raises(CatalogError, match="not a catalogue id"):
        load_catalog(project.catalog_dir, "../../etc/passwd")
