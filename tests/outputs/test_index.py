"""The index of reports and ``dtreport list``: report folders, their state, failed runs."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from dtreport.outputs.index import format_listing, report_states, write_index

PARAMS = "params/2024-H1.yaml"
DATA = "data/2024-H1/indicators.csv"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with two input files."""
    root = tmp_path / "project"
    for name, text in ((PARAMS, "period: 2024-H1\n"), (DATA, "indicator_id,value\nA,1\n")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def output(root: Path) -> Path:
    output = root / "output"
    output.mkdir()
    return output


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _publish(output: Path, root: Path, folder: str, *files: str, **manifest: object) -> Path:
    """A published report folder whose manifest lists the project's inputs as they are now."""
    period = folder.split(".")[0]
    data: dict[str, object] = {
        "period": period,
        "lang": folder.split(".")[1] if "." in folder else "vi",
        "draft": False,
        "inputs": {name: _sha(root / name) for name in (PARAMS, DATA)},
        "summary": {"total": 13, "achieved": 12, "counts": {"exceeded": 8, "met": 4,
                    "in_progress": 1}, "sentence": "Đã hoàn thành 12/13 chỉ tiêu"},
        "title": f"Báo cáo {period}",
        "reporting_unit": "Sở TT&TT Bắc Giang",
        "created": "2024-06-21T09:30:00+0700",
        **manifest,
    }  # fmt: skip
    path = output / folder
    path.mkdir()
    (path / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for name in files:
        (path / name).write_text("x", encoding="utf-8")
    return path


def _fail(output: Path, folder: str, exit_code: int, error: str, lang: str = "vi") -> None:
    runs = output / ".runs"
    runs.mkdir(exist_ok=True)
    record = {"folder": folder, "period": folder.split(".")[0], "lang": lang,
              "exit_code": exit_code, "error": error, "finished": "2024-06-22T08:00:00+0700"}  # fmt: skip
    (runs / f"{folder}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _row(page: str, folder: str) -> str:
    """The index page's row for ``folder``."""
    match = re.search(rf'<tr [^>]*data-folder="{re.escape(folder)}">(.*?)</tr>', page, re.S)
    assert match is not None, folder
    return match.group(1)


def _line(listing: str, folder: str) -> list[str]:
    """The listing's line for ``folder``, split into its columns."""
    for line in listing.splitlines():
        if line.split()[0] == folder:
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"{folder} not listed:\n{listing}")


OUTDATED = "Số liệu đã thay đổi sau khi lập báo cáo / inputs changed since this report was built"
DRAFT = "BẢN NHÁP / DRAFT"
SHOWING_PREVIOUS = (
    "Lần chạy gần nhất bị lỗi; đang hiển thị báo cáo trước / "
    "latest run failed; showing the previous report"
)
NO_REPORT = "Lần chạy gần nhất bị lỗi; chưa có báo cáo / latest run failed; no report yet"


def test_a_report_whose_inputs_are_unchanged_is_current(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1", "report.html", "report.pdf")
    [state] = report_states(output, root)
    assert (state.folder, state.period, state.lang, state.state) == (
        "2024-H1",
        "2024-H1",
        "vi",
        "current",
    )
    assert not state.draft and state.failed_run is None
    assert state.files == ("report.html", "report.pdf")
    assert state.summary.total == 13 and state.summary.counts["exceeded"] == 8
    assert _line(format_listing([state]), "2024-H1") == ["2024-H1", "vi", "current", "no", "no"]
    row = _row(write_index(output, root).read_text(encoding="utf-8"), "2024-H1")
    assert OUTDATED not in row and DRAFT not in row and "bị lỗi" not in row
    assert '<td class="n">13</td>' in row and "Vượt chỉ tiêu / Exceeded: 8" in row


def test_editing_an_input_makes_the_report_outdated(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1", "report.html")
    (root / DATA).write_text("indicator_id,value\nA,2\n", encoding="utf-8")
    [state] = report_states(output, root)
    assert state.state == "outdated" and state.changed_inputs == (DATA,)
    assert _line(format_listing([state]), "2024-H1")[2] == "outdated"
    row = _row(write_index(output, root).read_text(encoding="utf-8"), "2024-H1")
    assert OUTDATED in row and f"<code>{DATA}</code>" in row


def test_a_deleted_input_makes_the_report_outdated(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1")
    (root / PARAMS).unlink()
    assert [s.state for s in report_states(output, root)] == ["outdated"]


def test_an_input_outside_the_project_vouches_for_nothing(output: Path, root: Path) -> None:
    outside = root.parent / "elsewhere.csv"
    outside.write_text("A,1\n", encoding="utf-8")
    _publish(output, root, "2024-H1", inputs={"../elsewhere.csv": _sha(outside)})
    [state] = report_states(output, root)
    assert state.state == "outdated" and state.changed_inputs == ("../elsewhere.csv",)


@pytest.mark.parametrize("manifest", ["{not json", "[1, 2]", '{"period": "2024-H1"}'])
def test_a_manifest_that_cannot_vouch_is_not_current(
    output: Path, root: Path, manifest: str
) -> None:
    folder = output / "2024-H1"
    folder.mkdir()
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    (folder / "report.html").write_text("x", encoding="utf-8")
    [state] = report_states(output, root)
    assert state.state == "outdated" and state.files == ("report.html",)
    assert OUTDATED in write_index(output, root).read_text(encoding="utf-8")


def test_a_draft_is_marked_in_words(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1", "report.html", draft=True)
    _publish(output, root, "2024-H2", "report.html")
    states = {s.folder: s for s in report_states(output, root)}
    assert states["2024-H1"].draft and not states["2024-H2"].draft
    listing = format_listing(list(states.values()))
    assert _line(listing, "2024-H1")[3] == "yes" and _line(listing, "2024-H2")[3] == "no"
    page = write_index(output, root).read_text(encoding="utf-8")
    assert DRAFT in _row(page, "2024-H1") and DRAFT not in _row(page, "2024-H2")


def test_a_failed_run_keeps_showing_the_previous_report(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1", "report.html")
    _fail(output, "2024-H1", 3, "cell 4 (id 'x') raised KeyError: 'value'\nTraceback …\n  line 2")
    [state] = report_states(output, root)
    assert state.state == "current" and state.failed_run is not None
    assert state.failed_run.exit_code == 3
    assert state.failed_run.error == "cell 4 (id 'x') raised KeyError: 'value'"
    assert state.failed_run.finished == "2024-06-22T08:00:00+0700"
    assert _line(format_listing([state]), "2024-H1") == [
        "2024-H1", "vi", "current", "no", "exit 3: cell 4 (id 'x') raised KeyError: 'value'",
    ]  # fmt: skip
    row = _row(write_index(output, root).read_text(encoding="utf-8"), "2024-H1")
    assert SHOWING_PREVIOUS in row and "exit code 3" in row and "Traceback" not in row
    assert 'href="2024-H1/report.html"' in row


def test_a_failed_run_without_a_report_is_listed(output: Path, root: Path) -> None:
    _fail(output, "2024-H2.en", 1, "params/2024-H2.yaml, line 3: as_of is missing", lang="en")
    [state] = report_states(output, root)
    assert (state.folder, state.period, state.lang, state.state) == (
        "2024-H2.en",
        "2024-H2",
        "en",
        "none",
    )
    assert state.files == () and state.failed_run is not None
    assert _line(format_listing([state]), "2024-H2.en") == [
        "2024-H2.en", "en", "none", "no", "exit 1: params/2024-H2.yaml, line 3: as_of is missing",
    ]  # fmt: skip
    row = _row(write_index(output, root).read_text(encoding="utf-8"), "2024-H2.en")
    assert NO_REPORT in row and SHOWING_PREVIOUS not in row and "<a " not in row


def test_both_languages_of_a_period_are_listed_vietnamese_first(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1.en", "report.html", "report.pdf")
    _publish(output, root, "2024-H1", "report.html", "appendix.xlsx")
    _publish(output, root, "2025", "report.pdf")
    _publish(output, root, "2024", "report.pdf")  # ends with 2024-H2, which sorts after it
    _publish(output, root, "2024-H2", "report.pdf")
    _fail(output, "2024-Q1", 2, "unknown period")
    states = report_states(output, root)
    assert [(s.folder, s.lang) for s in states] == [
        ("2025", "vi"), ("2024-H2", "vi"), ("2024", "vi"), ("2024-H1", "vi"),
        ("2024-H1.en", "en"), ("2024-Q1", "vi"),
    ]  # fmt: skip
    page = write_index(output, root).read_text(encoding="utf-8")
    assert "Tiếng Việt / Vietnamese" in _row(page, "2024-H1")
    assert "Tiếng Anh / English" in _row(page, "2024-H1.en")
    assert re.findall(r'href="(2024-H1[^"]*)"', page) == [
        "2024-H1/report.html", "2024-H1/appendix.xlsx",
        "2024-H1.en/report.html", "2024-H1.en/report.pdf",
    ]  # fmt: skip
    assert all((output / href).is_file() for href in re.findall(r'href="([^"]*)"', page))
    listing = format_listing(states).splitlines()
    assert [line.split()[0] for line in listing] == ["folder"] + [s.folder for s in states]


def test_the_folders_language_comes_from_the_manifest_or_the_folder_name(
    output: Path, root: Path
) -> None:
    # The params file may be in English; the folder without a suffix is then the English one.
    _publish(output, root, "2024-H1", lang="en")
    _publish(output, root, "2024-H1.vi", lang="en")  # the name wins over a wrong manifest
    assert [(s.folder, s.lang) for s in report_states(output, root)] == [
        ("2024-H1.vi", "vi"), ("2024-H1", "en"),
    ]  # fmt: skip


def test_folders_and_run_notes_not_named_for_a_report_are_left_out(
    output: Path, root: Path
) -> None:
    _publish(output, root, "2024-H1")
    for name in (".staging", "2024-H1.fr", "2024-H3", "notes", "2024-H1.en.old", " 2024"):
        _publish(output, root, name)
    _fail(output, "..2024", 1, "x")
    _fail(output, "2024-H1.de", 1, "x")
    assert [s.folder for s in report_states(output, root)] == ["2024-H1"]


def test_text_from_manifests_and_run_notes_is_escaped(output: Path, root: Path) -> None:
    _publish(
        output, root, "2024-H1", "report.html",
        title="<script>alert(1)</script>", reporting_unit="<img src=x onerror=alert(1)>",
        summary={"sentence": "12 <b>đạt</b>", "counts": {"<i>x</i>": 1}},
    )  # fmt: skip
    _fail(output, "2024-H1", 3, "data/<kỳ>/metrics.csv: <img src=x>")
    page = write_index(output, root).read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "data/&lt;kỳ&gt;/metrics.csv: &lt;img src=x&gt;" in page
    assert "&lt;i&gt;x&lt;/i&gt;: 1" in page


def test_the_listing_prints_no_control_characters(output: Path, root: Path) -> None:
    _fail(output, "2024-H1", 3, "\x1b[2J\x1b]0;pwned\x07cell 4 failed " + "x" * 400)
    listing = format_listing(report_states(output, root))
    assert "\x1b" not in listing and "\x07" not in listing
    line = listing.splitlines()[1]
    assert "cell 4 failed" in line and len(line) < 220 and line.endswith("…")


def test_no_reports_yet(output: Path, root: Path) -> None:
    assert report_states(output, root) == []
    assert report_states(root / "missing", root) == []
    assert "(no reports yet)" in format_listing([])
    page = write_index(output, root).read_text(encoding="utf-8")
    assert "Chưa có báo cáo / No reports yet" in page


def test_the_page_works_offline(output: Path, root: Path) -> None:
    _publish(output, root, "2024-H1", *("report.html", "report.pdf", "appendix.xlsx",
                                        "appendix.docx", "attainment.csv"))  # fmt: skip
    page = write_index(output, root).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page and "http" not in page and "src=" not in page
    assert "@import" not in page and "url(" not in page
