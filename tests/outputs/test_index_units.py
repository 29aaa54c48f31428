"""The index and ``dtreport list`` with units: each unit's reports grouped under its name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dtreport.cli import main
from dtreport.outputs.index import format_listing, report_states, unit_groups, write_index

REGISTRY = """unit_id,name_vi,name_en,level,parent_id,valid_from,valid_to,successors
A-old,tỉnh A,A province,province,,,2025-06-30,C-2025
C-2025,tỉnh C,C province,province,,2025-07-01,,
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "params").mkdir()
    (root / "data" / "units.csv").write_text(REGISTRY, encoding="utf-8")
    (root / "output").mkdir()
    return root


def publish(root: Path, path: str, **parameters: str) -> None:
    """A report folder at ``output/<path>`` with a manifest and its HTML."""
    folder = root / "output" / path
    folder.mkdir(parents=True)
    manifest = {
        "period": folder.name.split(".")[0],
        "lang": "vi",
        "draft": False,
        "inputs": {},
        "parameters": parameters,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "report.html").write_text("x", encoding="utf-8")


def fail(root: Path, unit: str, folder: str) -> None:
    runs = root / "output" / unit / ".runs"
    runs.mkdir(parents=True, exist_ok=True)
    note = {"folder": folder, "lang": "vi", "exit_code": 1, "error": "bad", "finished": ""}
    (runs / f"{folder}.json").write_text(json.dumps(note), encoding="utf-8")


@pytest.fixture
def output(root: Path) -> Path:
    publish(root, "2024-H1")
    publish(root, "C-2025/2025-H2", unit="C-2025")
    publish(root, "C-2025/2026-H1", unit="C-2025")
    publish(root, "A-old/2025-H1", unit="A-old")
    fail(root, "A-old", "2024-H2")
    # Neither the roll-up reports nor a unit's staging folder is a unit's report.
    publish(root, "rollup/2025-H2")
    publish(root, "C-2025/.staging/run-1")
    return root / "output"


def test_each_units_reports_are_listed_after_the_default_units(output: Path, root: Path) -> None:
    states = report_states(output, root)
    assert [(s.unit, s.folder, s.state) for s in states] == [
        ("", "2024-H1", "outdated"),
        ("A-old", "2025-H1", "outdated"),
        ("A-old", "2024-H2", "none"),
        ("C-2025", "2026-H1", "outdated"),
        ("C-2025", "2025-H2", "outdated"),
    ]
    assert [s.path for s in states][-1] == "C-2025/2025-H2"
    assert [(g.unit, g.name, len(g.states)) for g in unit_groups(states)] == [
        ("", "", 1),
        ("A-old", "tỉnh A / A province", 2),
        ("C-2025", "tỉnh C / C province", 2),
    ]


def test_the_page_groups_the_units_under_their_registry_names(output: Path, root: Path) -> None:
    page = write_index(output, root).read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]*)"', page) == [
        "2024-H1/report.html",
        "A-old/2025-H1/report.html",
        "C-2025/2026-H1/report.html",
        "C-2025/2025-H2/report.html",
    ]
    assert all((output / href).is_file() for href in re.findall(r'href="([^"]*)"', page))
    headings = re.findall(r'<tr class="unit" id="unit-([^"]*)"><th colspan="8">([^<]*)<', page)
    assert headings == [("A-old", "tỉnh A / A province "), ("C-2025", "tỉnh C / C province ")]
    assert 'data-folder="A-old/2024-H2"' in page and "rollup" not in page


def test_a_unit_the_registry_lost_is_named_as_its_report_had_it(output: Path, root: Path) -> None:
    publish(root, "Z-gone/2025-H2", unit="Z-gone", province="tỉnh Z", province_en="Z province")
    (root / "data" / "units.csv").write_text("broken\n", encoding="utf-8")
    names = {s.unit: s.unit_name for s in report_states(output, root)}
    assert names["Z-gone"] == "tỉnh Z / Z province" and names["C-2025"] == ""


def test_the_listing_heads_each_unit_with_its_name(
    output: Path, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--root", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[0] == "2024-H1"
    assert lines[2:5] == ["", "A-old: tỉnh A / A province", lines[4]]
    assert lines[4].split()[:3] == ["A-old/2025-H1", "vi", "outdated"]
    assert lines[5].split()[:3] == ["A-old/2024-H2", "vi", "none"]
    assert lines[7] == "C-2025: tỉnh C / C province"
    assert [line.split()[0] for line in lines[8:]] == ["C-2025/2026-H1", "C-2025/2025-H2"]
    assert (output / "index.html").is_file()


def test_a_listing_of_the_default_unit_alone_is_as_before(root: Path) -> None:
    publish(root, "2024-H1")
    listing = format_listing(report_states(root / "output", root)).splitlines()
    assert len(listing) == 2 and listing[1].split()[0] == "2024-H1"
