"""``dtreport rollup`` end to end on seven made-up provinces (tests/fixtures/rollup/)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from dtreport.errors import PipelineError
from dtreport.paths import Project
from dtreport.report.rollup_place import placement_sentence, rollup_place
from dtreport.run.rollup import build_rollup

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rollup"
PERIOD = "2025-H2"
# Hand-computed from the fixture (its README has the same table). QD749-03 no longer applies
# in 2025-H2, so each unit has 12 indicators; a shortfall is "not met" (the period ends on
# the 2025 targets' deadline). The seed's statuses for the other 12 rows: 7 exceeded
# (02, 04, 07, 08, 09, 10, 13), 4 met (01, 05, 11, and 12 as the unit assessed it), and
# QD749-06 not met (10% against 50%).
EXPECTED_CSV = (
    "unit_id,name,reported,indicators,achieved,exceeded,met,in_progress,not_met,no_data,"
    "share_achieved,rank\n"
    # Quảng Ninh: QD749-06 raised to 60%, so all 12 achieved (8 exceeded, 4 met): 12/12, first.
    "P22-quang-ninh-2025,tỉnh Quảng Ninh,true,12,12,8,4,0,0,0,1.000000,1\n"
    # Thái Nguyên: QD749-06 raised to 55% (exceeded) and QD749-13 lowered to 45%, not above
    # 50% (not met): 7 exceeded, 4 met, 1 not met, 11/12; tied second with Bắc Ninh, listed
    # first as the registry lists it first.
    "P19-thai-nguyen-2025,tỉnh Thái Nguyên,true,12,11,7,4,0,1,0,0.916667,2\n"
    # Bắc Ninh: the seed's values; 1 not met (QD749-06): 11/12, tied second.
    "P24-bac-ninh-2025,tỉnh Bắc Ninh,true,12,11,7,4,0,1,0,0.916667,2\n"
    # Lạng Sơn: QD749-07, -08, -09 blank and QD749-12 without the unit's assessment: 4 no
    # data; of the 8 assessed, 7 achieved (4 exceeded: 02, 04, 10, 13; 3 met: 01, 05, 11)
    # and QD749-06 not met: 7/8 = 0.875, fourth (the 2-2 tie skips third). Its QD749-03 row
    # no longer applies and is not counted.
    "P20-lang-son-2025,tỉnh Lạng Sơn,true,12,7,4,3,0,1,4,0.875000,4\n"
    # Phú Thọ: rows 4 (QD749-04, 55% < 60%), 7 (QD749-07, 15% < 20%) and 9 (QD749-09,
    # 6% < 7%) lowered below target: 3 not met; QD749-06 at 50% equals its target (met);
    # 4 exceeded (02, 08, 10, 13), 5 met: 9/12 = 0.75, fifth.
    "P25-phu-tho-2025,tỉnh Phú Thọ,true,12,9,4,5,0,3,0,0.750000,5\n"
    # Hà Nội: in the registry, no params/P01-ha-noi-2025/2025-H2.yaml: did not report.
    "P01-ha-noi-2025,thành phố Hà Nội,false,,,,,,,,,\n"
    # Cao Bằng: QD749-01 at 175%, a share above 100%: a critical finding, not counted.
    "P04-cao-bang-2025,tỉnh Cao Bằng,false,,,,,,,,,\n"
)


def overlay(project: Project) -> Project:
    """``project`` with the fixture's registry and seven units' 2025-H2 files."""
    shutil.copytree(FIXTURE / "params", project.params_dir, dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "data", project.data_dir, dirs_exist_ok=True)
    return project


def rollup(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m dtreport.cli rollup 2025-H2 --root <project> *args``."""
    command = [sys.executable, "-m", "dtreport.cli", "rollup", PERIOD, "--root",
               str(project.root), *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def rolled(make_module_project: Callable[..., Project]) -> tuple[Project, str]:
    """One real roll-up of the fixture, shared by the checks that only read it."""
    project = overlay(make_module_project("rollup"))
    done = rollup(project)
    assert done.returncode == 0, done.stderr
    return project, done.stdout


def test_rollup_csv_holds_the_hand_computed_counts_and_ranks(rolled: tuple[Project, str]) -> None:
    project, _ = rolled
    folder = project.output_dir / "rollup" / PERIOD
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json", "report.html", "report.pdf", "rollup.csv",
    ]  # fmt: skip
    assert (folder / "rollup.csv").read_bytes() == EXPECTED_CSV.encode("utf-8")


def test_the_terminal_names_each_unit_not_counted_and_where_to_look(
    rolled: tuple[Project, str],
) -> None:
    _, out = rolled
    assert (
        "  - P01-ha-noi-2025: chưa gửi báo cáo: không có tệp params/P01-ha-noi-2025/2025-H2.yaml"
        in out
    )
    assert (
        "  - P04-cao-bang-2025: số liệu không qua kiểm tra: "
        "data/P04-cao-bang-2025/2025-H2/indicators.csv, dòng 2 (QD749-01), cột value: 175%"
    ) in out
    assert out.splitlines()[-1] == (
        "2025-H2 roll-up: 5 of 7 units counted, 5 ranked; output/rollup/2025-H2/report.html"
    )


def _row(html: str, unit_id: str) -> str:
    """The row of ``unit_id`` in ``html`` (the first table row carrying it)."""
    match = re.search(rf'<tr data-unit="{unit_id}">(.*?)</tr>', html, re.DOTALL)
    assert match, unit_id
    return match.group(1)


def test_the_html_shows_the_heat_map_the_ranking_and_who_did_not_report(
    rolled: tuple[Project, str],
) -> None:
    project, _ = rolled
    html = (project.output_dir / "rollup" / PERIOD / "report.html").read_text(encoding="utf-8")
    heat = html[html.index('id="heatmap"') : html.index('id="distribution"')]
    # Phú Thọ's heat-map row, indicators 1, 2, 4, …, 13 (QD749-03 no longer applies: no column).
    cells = re.findall(
        r'<td class="st st-([a-z_]+)" title="([^"]+)"><span>([^<]+)</span>',
        _row(heat, "P25-phu-tho-2025"),
    )
    assert [code for code, _, _ in cells] == [
        "met", "exceeded", "not_met", "met", "met", "not_met", "exceeded", "not_met",
        "exceeded", "met", "met", "exceeded",
    ]  # fmt: skip
    assert cells[2][1:] == ("Không đạt", "Không đạt") and cells[0][2] == "Đạt"
    assert 'data-indicator="QD749-03"' not in html and 'data-indicator="QD749-04"' in html
    assert "4. Hồ sơ cấp xã xử lý trên mạng" in html  # columns by short name and number
    # Lạng Sơn's blank values and unassessed qualitative target, as text.
    assert _row(heat, "P20-lang-son-2025").count("<span>Chưa có</span>") == 3
    assert "<span>Chưa ĐG</span>" in _row(heat, "P20-lang-son-2025")
    # The ranking: rank, unit, achieved/assessed, the Vietnamese percentage.
    ranking = html[html.index('id="ranking"') :]
    rows = re.findall(r'<tr data-unit="[^"]+"><td class="num">(\S+)</td><td>([^<]+)</td>'
                      r'<td class="num">([^<]+)</td><td class="num">([^<]+)</td>', ranking)  # fmt: skip
    assert rows == [
        ("1", "tỉnh Quảng Ninh", "12/12", "100,00%"),
        ("2", "tỉnh Thái Nguyên", "11/12", "91,67%"),
        ("2", "tỉnh Bắc Ninh", "11/12", "91,67%"),
        ("4", "tỉnh Lạng Sơn", "7/8", "87,50%"),
        ("5", "tỉnh Phú Thọ", "9/12", "75,00%"),
    ]
    # Who did not report, and why; in the heat map they are a row that says so.
    reasons = html[html.index('id="not-counted"') : html.index('id="method"')]
    assert "thành phố Hà Nội" in reasons and "params/P01-ha-noi-2025/2025-H2.yaml" in reasons
    assert "tỉnh Cao Bằng" in reasons and "dòng 2 (QD749-01), cột value: 175%" in reasons
    assert "không được tổng hợp (xem mục 1)" in _row(heat, "P01-ha-noi-2025")
    assert "5/7 đơn vị đã báo cáo với số liệu qua kiểm tra; 5 đơn vị được xếp hạng." in html


def test_the_outputs_are_self_contained_and_hold_no_machine_path(
    rolled: tuple[Project, str],
) -> None:
    project, _ = rolled
    folder = project.output_dir / "rollup" / PERIOD
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "data:font/woff2;base64," in html and "file:" not in html
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    for path in folder.iterdir():
        assert str(project.root).encode() not in path.read_bytes(), path.name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["data/units.csv"] and manifest["illustrative"] is True
    assert "params/P24-bac-ninh-2025/2025-H2.yaml" in manifest["inputs"]
    assert "data/P04-cao-bang-2025/2025-H2/indicators.csv" in manifest["inputs"]
    assert [u["rank"] for u in manifest["units"]] == [1, 2, 2, 4, 5, None, None]


def test_the_pdf_is_a4_landscape_with_the_heat_map_on_one_page(
    rolled: tuple[Project, str],
) -> None:
    project, _ = rolled
    reader = PdfReader(project.output_dir / "rollup" / PERIOD / "report.pdf")
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {(842, 595)}  # A4 landscape, in points
    pages = [page.extract_text() or "" for page in reader.pages]
    heat = next(text for text in pages if "Mức hoàn thành theo đơn vị và chỉ tiêu" in text)
    assert "tỉnh Quảng Ninh" in heat and "tỉnh Cao Bằng" in heat
    assert "SỐ LIỆU MINH HỌA" in pages[-1]


def test_a_unit_report_can_place_itself_in_the_published_rollup(
    rolled: tuple[Project, str],
) -> None:
    project, _ = rolled
    placement = rollup_place(project, "P24-bac-ninh-2025", PERIOD)
    assert placement is not None and (placement.rank, placement.ranked, placement.units) == (
        2,
        5,
        7,
    )
    assert placement_sentence(placement, "vi") == (
        "Trong tổng hợp kỳ 2025-H2, tỉnh Bắc Ninh xếp thứ 2/5 (đồng hạng), hoàn thành 11/12 chỉ "
        "tiêu được đánh giá (91,67%); 5 trên 7 đơn vị được xếp hạng."
    )
    assert rollup_place(project, "P04-cao-bang-2025", PERIOD) is None  # not counted
    assert rollup_place(project, "P24-bac-ninh-2025", "2025-H1") is None  # no roll-up


def test_two_runs_give_the_same_bytes(rolled: tuple[Project, str]) -> None:
    project, _ = rolled
    folder = project.output_dir / "rollup" / PERIOD
    before = folder_bytes(folder)
    done = rollup(project)
    assert done.returncode == 0, done.stderr
    after = folder_bytes(folder)
    for name in ("rollup.csv", "report.html", "report.pdf"):
        assert after[name] == before[name], name
    first, second = (json.loads(files["manifest.json"]) for files in (before, after))
    for varying in first["varying"]:
        first.pop(varying), second.pop(varying)
    assert first == second


def test_a_failing_run_leaves_the_previous_rollup_in_place(
    rolled: tuple[Project, str], snapshot: Callable[[Path], dict[str, bytes]]
) -> None:
    project, _ = rolled
    output = project.output_dir / "rollup"
    before = snapshot(output / PERIOD)
    registry = project.data_dir / "units.csv"
    good = registry.read_text(encoding="utf-8")
    try:
        # A registry that names one unit twice is refused whole: exit 1, nothing written.
        registry.write_text(good + good.splitlines()[-1] + "\n", encoding="utf-8")
        done = rollup(project)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "data/units.csv, row 11 (P25-phu-tho-2025), column unit_id" in done.stderr
    finally:
        registry.write_text(good, encoding="utf-8")
    assert snapshot(output / PERIOD) == before
    assert not [p for p in (output / ".staging").iterdir() if not p.name.endswith(".lock")]


def test_a_render_failure_removes_its_staging_folder_and_keeps_the_rollup(
    rolled: tuple[Project, str],
    snapshot: Callable[[Path], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _ = rolled
    output = project.output_dir / "rollup"
    before = snapshot(output / PERIOD)

    def broken(html: str, **_: object) -> bytes:
        raise RuntimeError("no PDF today")

    monkeypatch.setattr("dtreport.outputs.render.html_to_pdf", broken)
    with pytest.raises(PipelineError, match="rendering the roll-up PDF failed"):
        build_rollup(project, PERIOD, unit_ids=["P01-ha-noi-2025", "P22-quang-ninh-2025"])
    assert snapshot(output / PERIOD) == before
    assert list((output / ".staging").iterdir()) == []


def test_an_unknown_unit_is_a_usage_error_naming_close_ids(
    rolled: tuple[Project, str], snapshot: Callable[[Path], dict[str, bytes]]
) -> None:
    project, _ = rolled
    before = snapshot(project.output_dir)
    done = rollup(project, "--units", "P24-bac-ninh,P22-quang-ninh-2025")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "data/units.csv has no unit 'P24-bac-ninh'; did you mean" in done.stderr
    assert "P24-bac-ninh-2025" in done.stderr.split("did you mean")[1]
    assert snapshot(project.output_dir) == before  # nothing written


def test_the_english_rollup_goes_beside_the_vietnamese_one(rolled: tuple[Project, str]) -> None:
    project, _ = rolled
    done = rollup(project, "--lang", "en", "--formats", "html", "--units",
                  "P22-quang-ninh-2025,P04-cao-bang-2025")  # fmt: skip
    assert done.returncode == 0, done.stderr
    folder = project.output_dir / "rollup" / f"{PERIOD}.en"
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "report.html",
        "rollup.csv",
    ]
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "100.00%" in html and "Quảng Ninh province" in html and 'lang="en"' in html
    assert (
        "the figures failed the checks: data/P04-cao-bang-2025/2025-H2/indicators.csv, row 2"
        in html
    )
    assert (folder / "rollup.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "P22-quang-ninh-2025,Quảng Ninh province,true,12,12,8,4,0,0,0,1.000000,1",
        "P04-cao-bang-2025,Cao Bằng province,false,,,,,,,,,",
    ]
