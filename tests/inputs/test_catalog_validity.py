"""Catalogues that change over time: validity dates, and each target's source and confidence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dtreport.errors import CatalogError
from dtreport.inputs.catalog import Catalog, load_catalog
from dtreport.inputs.target import CONFIDENCES
from dtreport.paths import Project
from dtreport.period import parse_period

HEADER = (
    "indicator_id,pillar,pillar_name_vi,pillar_name_en,name_vi,name_en,unit,measure,direction,"
    "source,valid_from,valid_to,target_2025,target_2030,source_2025,verified_2025,source_2030,"
    "verified_2030"
)
ROW = "T-01,I,CHÍNH PHỦ SỐ,DIGITAL GOVERNMENT,Tỷ lệ,Share,percent,share,higher,test"
SEED = "Báo cáo của tỉnh (seed), Phụ lục I"


def _catalog(tmp_path: Path, *rows: str, header: str = HEADER, yaml: str = "") -> Catalog:
    """A one-file catalogue ``t`` in ``tmp_path/data/catalog``, loaded with ``tmp_path`` as root."""
    folder = tmp_path / "data" / "catalog"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    if yaml:
        (folder / "t.yaml").write_text(yaml, encoding="utf-8")
    return load_catalog(folder, "t", tmp_path)


def _row(valid: str = ",", targets: str = "80%,90%", cited: str = "a,verified,b,secondary") -> str:
    return f"{ROW},{valid},{targets},{cited}"


@pytest.mark.parametrize(
    ("period", "applies"),
    [
        ("2025-H1", True),  # ends on valid_to
        ("2025", True),  # starts before valid_to: it covers part of the validity
        ("2025-06", True),
        ("2025-07", False),  # starts the day after valid_to
        ("2025-H2", False),
        ("2026-H1", False),
        ("2024-11", False),  # ends the day before valid_from
        ("2024-Q4", True),  # ends after valid_from
    ],
)
def test_an_indicator_applies_to_the_periods_that_overlap_its_validity(
    tmp_path: Path, period: str, applies: bool
) -> None:
    catalog = _catalog(tmp_path, _row("2024-12-01,2025-06-30"))
    indicator = catalog.indicators[0]
    assert indicator.valid_from is not None and indicator.valid_from.isoformat() == "2024-12-01"
    assert indicator.valid_to is not None and indicator.valid_to.isoformat() == "2025-06-30"
    assert indicator.applies_to(parse_period(period)) is applies
    assert [i.id for i in catalog.applicable(parse_period(period))] == (["T-01"] if applies else [])


def test_blank_or_absent_validity_columns_apply_always(tmp_path: Path) -> None:
    blank = _catalog(tmp_path, _row()).indicators[0]
    assert blank.valid_from is None and blank.valid_to is None
    assert blank.applies_to(parse_period("1999")) and blank.applies_to(parse_period("2099-12"))
    old_header = "indicator_id,pillar,pillar_name_vi,pillar_name_en,name_vi,name_en,unit,"
    old = _catalog(
        tmp_path, f"{ROW},80%", header=old_header + "measure,direction,source,target_2025"
    ).indicators[0]
    assert old.applies_to(parse_period("2030-H2"))
    assert old.targets[0].source == "" and old.targets[0].confidence == ""
    assert not old.targets[0].is_verified


def test_each_target_keeps_its_source_and_confidence(tmp_path: Path) -> None:
    indicator = _catalog(
        tmp_path, _row(cited="  seed  report ,Verified,news,secondary")
    ).indicators[0]
    first, second = indicator.targets
    assert (first.year, first.source, first.confidence) == (2025, "seed report", "verified")
    assert first.is_verified
    assert (second.year, second.source, second.confidence) == (2030, "news", "secondary")
    assert not second.is_verified
    assert indicator.source == "test"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (_row("2025-6-30,"), "valid_from", "'2025-6-30' is not a date; write YYYY-MM-DD"),
        (_row(",30/06/2025"), "valid_to", "'30/06/2025' is not a date"),
        (_row(",2025-02-30"), "valid_to", "'2025-02-30' is not a date"),
        (_row(",２０２５-06-30"), "valid_to", "is not a date"),
        (_row("2025-07-01,2025-06-30"), "valid_to", "2025-06-30 is before valid_from 2025-07-01"),
        (_row(cited="a,sure,b,secondary"), "verified_2025", "unknown confidence 'sure'"),
        (_row(cited="a,verified,,secondary"), "source_2030", "is marked 'secondary' but cites"),
        (_row(cited=",verified,b,open"), "source_2025", "is marked 'verified' but cites no"),
        (_row(targets="80%,", cited="a,verified,b,secondary"), "verified_2030", "says 'secondary'"),
    ],
)
def test_a_bad_validity_or_citation_names_file_row_indicator_and_column(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    with pytest.raises(CatalogError) as caught:
        _catalog(tmp_path, _row(), row.replace("T-01", "T-02", 1))
    assert str(caught.value).startswith(f"data/catalog/t.csv, row 3 (T-02), column {column}: ")
    assert message in str(caught.value)


def test_an_open_year_without_a_target_may_say_what_was_looked_for(tmp_path: Path) -> None:
    indicator = _catalog(tmp_path, _row(targets="80%,", cited="a,verified,none found,open"))
    assert [t.year for t in indicator.indicators[0].targets] == [2025]
    # An open target is a target all the same, shown as not verified.
    target = _catalog(tmp_path, _row(cited="a,verified,,open")).indicators[0].targets[1]
    assert (target.confidence, target.is_verified) == ("open", False)


def test_a_citation_column_needs_its_target_column(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        _catalog(tmp_path, f"{_row()},x", header=f"{HEADER},source_2031")
    assert str(caught.value).startswith("data/catalog/t.csv, row 1, column source_2031: ")


def test_the_yaml_may_say_whose_targets_and_record_its_research(tmp_path: Path) -> None:
    yaml = (
        "title_vi: Danh mục thử\n"
        "targets_of:\n  2025: tỉnh Thử Nghiệm\n  2030: quốc gia\n"
        "source: {text_used: a public copy, status: may be a draft}\n"
        "missing:\n  - {item: '11.3', why: wording incomplete}\n"
        "not_provincial:\n  - {item: '1-3', why: national}\n"
    )
    catalog = _catalog(tmp_path, _row(), yaml=yaml)
    assert catalog.title_vi == "Danh mục thử"
    assert catalog.targets_of == "2025: tỉnh Thử Nghiệm; 2030: quốc gia"
    assert _catalog(tmp_path, _row(), yaml="targets_of: quốc gia\n").targets_of == "quốc gia"
    with pytest.raises(CatalogError, match=r"^data/catalog/t\.yaml, key targets_of: must be"):
        _catalog(tmp_path, _row(), yaml="targets_of: [a, b]\n")


def _cells(project: Project, catalog_id: str) -> list[dict[str, str]]:
    path = project.catalog_dir / f"{catalog_id}.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_shipped_qd749_cites_every_target_it_sets(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    for indicator in catalog.indicators:
        for target in indicator.targets:
            assert target.source, (indicator.id, target.year)
            assert target.confidence in CONFIDENCES, (indicator.id, target.year)
        [set_2025] = [t for t in indicator.targets if t.year == 2025]
        assert set_2025.source.startswith(SEED) and set_2025.is_verified
    for row in _cells(project, "qd749"):
        # Every 2030 cell says how sure it is, a year with no target included (open).
        assert row["verified_2030"] in CONFIDENCES, row["indicator_id"]
        assert row["target_2030"] or row["verified_2030"] == "open", row["indicator_id"]
        assert "I.3." not in row["source_2030"], row["indicator_id"]
    # No target without a source: the 70% and 8% that had none are gone.
    assert {i.id for i in catalog.indicators if len(i.targets) == 1} == {
        "QD749-05",
        "QD749-06",
        "QD749-09",
    }
    fibre = catalog.get("QD749-10")
    assert fibre is not None and fibre.applicable_target(2025).text == "80%"
    assert "trên 80%" in fibre.applicable_target(2025).source
    economy = catalog.get("QD749-07")
    assert economy is not None and economy.applicable_target(2030).is_verified


def test_the_district_level_ends_with_june_2025(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    district = catalog.get("QD749-03")
    assert district is not None and district.valid_to is not None
    assert district.valid_to.isoformat() == "2025-06-30" and district.valid_from is None
    assert district.applies_to(parse_period("2025-H1"))
    assert not district.applies_to(parse_period("2025-H2"))
    assert [i.id for i in catalog.indicators if i.valid_to or i.valid_from] == ["QD749-03"]
    assert len(catalog.applicable(parse_period("2026-H1"))) == 12


def test_the_shipped_nq03_loads_with_every_target_secondary(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "nq03", project.root)
    assert len(catalog.indicators) == 15 and catalog.targets_of
    for indicator in catalog.indicators:
        [target] = indicator.targets
        assert target.year == 2030 and target.confidence == "secondary" and target.source
        assert indicator.applies_to(parse_period("2026-H1"))
