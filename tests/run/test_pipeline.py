"""``dtreport run`` end to end, for real: papermill, Great Expectations, nbconvert, WeasyPrint."""

from __future__ import annotations

import csv
import json
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from dtreport.cli import main
from dtreport.outputs.publish import publish
from dtreport.paths import Project

pytestmark = pytest.mark.e2e

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SEED = (ROOT / "data" / "2024-H1" / "indicators.csv").read_text(encoding="utf-8")
LABELS = ("Vượt chỉ tiêu", "Đạt chỉ tiêu", "Đang thực hiện")
SENTENCE = "đã hoàn thành 12 chỉ tiêu, đang triển khai thực hiện 01 chỉ tiêu"


Snapshot = Callable[[Path], dict[str, bytes]]


@pytest.fixture(scope="module")
def rendered(make_module_project: Callable[..., Project]) -> Project:
    """One real run of the seed period, shared by the checks that only read its outputs."""
    project = make_module_project("e2e")
    assert main(["run", "2024-H1", "--root", str(project.root)]) == 0
    return project


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_run_publishes_every_output(rendered: Project) -> None:
    folder = rendered.output_dir / "2024-H1"
    assert sorted(p.name for p in folder.iterdir()) == [
        "appendix.docx", "appendix.xlsx", "attainment.csv", "manifest.json", "progress.csv",
        "report.html", "report.ipynb", "report.pdf", "validation.json",
    ]  # fmt: skip
    assert not list((rendered.output_dir / ".staging").iterdir())
    index = (rendered.output_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="2024-H1/report.pdf"' in index and 'href="2024-H1/appendix.docx"' in index


def test_the_exports_hold_the_appendix(rendered: Project) -> None:
    from docx import Document
    from openpyxl import load_workbook

    folder = rendered.output_dir / "2024-H1"
    sheet = load_workbook(folder / "appendix.xlsx").active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    table = Document(str(folder / "appendix.docx")).tables[0]
    words = [cell.text for row in table.rows for cell in row.cells]
    for found in (cells, words):
        assert sum(text.split("\n")[0] == "Vượt chỉ tiêu" for text in found) >= 8
        assert "CHÍNH PHỦ SỐ" in found and "XÃ HỘI SỐ" in found and "42,13%" in found


def test_the_html_holds_the_report_and_nothing_else(rendered: Project) -> None:
    html = (rendered.output_dir / "2024-H1" / "report.html").read_text(encoding="utf-8")
    for n in range(1, 14):
        assert f'data-indicator="QD749-{n:02d}"' in html
    for label in LABELS:
        assert label in html
    assert SENTENCE in html
    assert "PeriodReport.prepare" not in html and "import " not in html  # no code
    assert 'class="jp-InputArea' not in html and "In&nbsp;[" not in html
    assert "jp-CodeMirrorEditor" not in html
    assert "injected" not in html.lower()
    assert not re.search(r"https?://", html), "the HTML must not reference the network"
    assert "<script" not in html


def test_the_pdf_holds_the_report(rendered: Project) -> None:
    pages = pdf_text(rendered.output_dir / "2024-H1" / "report.pdf")
    text = _flat(" ".join(pages))
    for n in range(1, 14):
        assert re.search(rf"\b{n}\b", text)
    for label in LABELS:
        assert label in text
    assert SENTENCE in text
    assert "Tỷ lệ dân số có tài khoản thanh toán điện tử" in text
    # Page numbers stand alone at the top centre (Nghị định 30/2020/NĐ-CP), none on page 1.
    assert not re.search(rf"\b\d+ / {len(pages)}\b", text)
    assert [page.split("\n")[-1] for page in pages[1:3]] == ["2", "3"]


def test_outputs_agree_with_the_engine(rendered: Project) -> None:
    folder = rendered.output_dir / "2024-H1"
    rows = list(
        csv.DictReader((folder / "attainment.csv").read_text(encoding="utf-8").splitlines())
    )
    assert (
        len(rows) == 13 and rows[6]["status"] == "exceeded" and rows[5]["status"] == "in_progress"
    )
    validation = json.loads((folder / "validation.json").read_text(encoding="utf-8"))
    assert validation["success"] is True and validation["counts"]["critical"] == 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["inputs"]) >= {"params/2024-H1.yaml", "data/2024-H1/indicators.csv",
                                       "data/catalog/qd749.csv", "expectations/indicators.yaml"}  # fmt: skip
    assert all(len(digest) == 64 for digest in manifest["inputs"].values())
    assert manifest["versions"]["great_expectations"].startswith("1.")
    assert {"load", "checks", "attainment", "notebook", "html", "pdf", "total"} <= set(
        manifest["timings"]
    )
    assert manifest["parameters"]["period"] == "2024-H1" and manifest["git_commit"]


def test_list_shows_the_report_as_current(
    rendered: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--root", str(rendered.root)]) == 0
    assert re.search(r"2024-H1\s+vi\s+current", capsys.readouterr().out)


def test_a_critical_error_keeps_the_previous_report_and_draft_renders(
    rendered: Project,
    capsys: pytest.CaptureFixture[str],
    snapshot: Snapshot,
    write_indicators: Callable[..., Path],
) -> None:
    folder = rendered.output_dir / "2024-H1"
    before = snapshot(folder)
    write_indicators(rendered, SEED.replace("QD749-04,75%", "QD749-04,175%"))
    try:
        capsys.readouterr()
        assert main(["run", "2024-H1", "--root", str(rendered.root)]) == 1
        err = capsys.readouterr().err
        assert "critical finding(s)" in err
        assert "indicators.csv, row 5 (QD749-04), column value" in err and "within 0-100%" in err
        assert snapshot(folder) == before, "the previous report must stay byte for byte"
        assert not list((rendered.output_dir / ".staging").iterdir())

        capsys.readouterr()
        assert main(["run", "2024-H1", "--root", str(rendered.root), "--draft", "--output",
                     str(rendered.root / "drafts")]) == 5  # fmt: skip
        last_line = capsys.readouterr().out.strip().splitlines()[-1]
        assert last_line.startswith("2024-H1: DRAFT (BẢN NHÁP)") and "report.html" in last_line
        # The value that failed its check is not counted as achieved anywhere in the draft.
        assert "11 of 13 achieved, 1 not assessed" in last_line
        draft = rendered.root / "drafts" / "2024-H1"
        _assert_marked_as_draft(rendered, draft, capsys)
        assert "dtreport-draft" in (draft / "report.html").read_text(encoding="utf-8")
        pages = pdf_text(draft / "report.pdf")
        assert all("BẢN NHÁP" in page for page in pages)
        # The body says what the checks found; the annex lists it.
        flat = _flat(" ".join(pages))
        assert (
            "; 1 phát hiện nghiêm trọng; không có cảnh báo (chi tiết tại Phụ lục kỹ thuật)" in flat
        )
        annex = next(i for i, page in enumerate(pages) if "PHỤ LỤC KỸ THUẬT" in page)
        assert "indicators.csv, dòng 5 (QD749-04), cột value" in _flat(" ".join(pages[annex:]))
        assert snapshot(folder) == before
    finally:
        write_indicators(rendered, SEED)


ReportNotebook = Callable[[Project, str], Path]


def test_a_failing_cell_is_named_and_nothing_is_published(
    project: Project, capsys: pytest.CaptureFixture[str], report_notebook: ReportNotebook
) -> None:
    report_notebook(project, "raises")
    assert main(["run", "2024-H1", "--root", str(project.root), "--formats", "html"]) == 3
    err = capsys.readouterr().err
    assert (
        "cell 2 (id 'raises') of notebooks/01-period-report.ipynb raised ZeroDivisionError" in err
    )
    assert not (project.output_dir / "2024-H1").exists()


def test_a_cell_timeout_is_named(
    project: Project, capsys: pytest.CaptureFixture[str], report_notebook: ReportNotebook
) -> None:
    report_notebook(project, "sleeps")
    assert main(["run", "2024-H1", "--root", str(project.root), "--timeout", "2"]) == 3
    err = capsys.readouterr().err
    assert "cell 2 (id 'sleeps') of notebooks/01-period-report.ipynb timed out after 2 s" in err
    assert not (project.output_dir / "2024-H1").exists()


def test_run_all_in_parallel_reports_each_period(
    project: Project, capsys: pytest.CaptureFixture[str], write_indicators: Callable[..., Path]
) -> None:
    shutil.copytree(project.data_dir / "2024-H1", project.data_dir / "2024-Q2")
    params = (project.params_dir / "2024-H1.yaml").read_text(encoding="utf-8")
    (project.params_dir / "2024-Q2.yaml").write_text(params.replace("period: 2024-H1", "period: 2024-Q2"),
                                                     encoding="utf-8")  # fmt: skip
    shutil.copytree(project.data_dir / "2024-H1", project.data_dir / "2024-06")
    write_indicators(project, SEED.replace("42,13%", "1.728%"), period="2024-06")
    (project.params_dir / "2024-06.yaml").write_text(params.replace("period: 2024-H1", "period: 2024-06"),
                                                     encoding="utf-8")  # fmt: skip
    code = main(["run", "--all", "--jobs", "2", "--formats", "html", "--root", str(project.root)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"2024-H1\s+ok", out) and re.search(r"2024-Q2\s+ok", out)
    assert re.search(r"2024-06\s+FAILED", out) and "reads as 1728 (vi) or 1.728 (en)" in out
    assert (project.output_dir / "2024-Q2" / "report.html").exists()
    assert not (project.output_dir / "2024-06").exists()


def test_concurrent_publishes_never_mix_two_reports(tmp_path: Path) -> None:
    final = tmp_path / "output" / "2024-H1"
    stagings = []
    for n in range(8):
        staging = tmp_path / "output" / ".staging" / f"run-{n}"
        staging.mkdir(parents=True)
        for name in ("report.html", "report.pdf", "manifest.json"):
            (staging / name).write_text(f"run {n}", encoding="utf-8")
        stagings.append(staging)
    threads = [threading.Thread(target=publish, args=(s, final)) for s in stagings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    contents = {p.read_text(encoding="utf-8") for p in final.iterdir()}
    assert len(contents) == 1 and len(list(final.iterdir())) == 3
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        ".locks",
        ".staging",
        "2024-H1",
    ]
    assert list((tmp_path / "output" / ".staging").iterdir()) == []


def _assert_marked_as_draft(
    project: Project, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft says so in the manifest, the index, the listing and both exports."""
    from docx import Document
    from openpyxl import load_workbook

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["draft"] is True
    index = (folder.parent / "index.html").read_text(encoding="utf-8")
    assert "BẢN NHÁP / DRAFT" in index
    assert main(["list", "--root", str(project.root), "--output", str(folder.parent)]) == 0
    assert re.search(r"2024-H1\s+vi\s+\w+\s+yes", capsys.readouterr().out)
    sheet = load_workbook(folder / "appendix.xlsx").active
    assert sheet is not None and "BẢN NHÁP" in (sheet.oddHeader.center.text or "")
    document = Document(str(folder / "appendix.docx"))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "BẢN NHÁP" in header


def test_the_whole_report_renders_in_english_beside_the_vietnamese(rendered: Project) -> None:
    assert main(["run", "2024-H1", "--lang", "en", "--root", str(rendered.root)]) == 0
    out = rendered.output_dir
    html = (out / "2024-H1.en" / "report.html").read_text(encoding="utf-8")
    text = _flat(" ".join(pdf_text(out / "2024-H1.en" / "report.pdf")))
    vietnamese = (out / "2024-H1" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="vi"' in vietnamese, "an English run must not replace the Vietnamese report"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2024-H1/report.html"' in index and 'href="2024-H1.en/report.html"' in index
    for document in (html, text):
        assert "Exceeded" in document and "In progress" in document
        assert "Digital economy as a share of GDP" in document
        assert "42.13%" in document and "1,728" in document and "19 June 2024" in document
        assert "Bắc Giang province has achieved 12 indicators, 1 in progress" in document
        assert "DIGITAL GOVERNMENT" in document and "Cyber security" in document
        assert "Vượt chỉ tiêu" not in document and "Kết quả thực hiện" not in document
        assert "TECHNICAL ANNEX: DATA QUALITY AND PROVENANCE" in document
        assert "Recipients:" in document and "Department of Planning and Investment;" in document
        assert "Nơi nhận" not in document.split("</style>")[-1]
    assert '<html lang="en"' in html
    assert "1. End-to-end online services" not in html  # the chart is a picture; see test_layout
    assert "The data went through 21 automated checks; no critical findings" in text


def test_the_vietnamese_report_follows_the_seed(rendered: Project) -> None:
    html = (rendered.output_dir / "2024-H1" / "report.html").read_text(encoding="utf-8")
    for quoted in ("42,13%", "1.728", "97,44%", "4.403", "94/94 (100%)", "19/6/2024", "Số: /BC-STTTT",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tình hình thực hiện Nghị quyết số 58/NQ-CP",
                   "Công văn số 1911/SKHĐT-ĐKKD", "PHỤ LỤC I", "Nguyễn Gia Phong"):  # fmt: skip
        assert quoted in html, quoted
    # The body, then Appendix I, then the technical annex; read after the contents list,
    # which names every heading first.
    body = html[html.index("</nav>") :]
    order = [body.index(h) for h in ("Kết quả thực hiện các chỉ tiêu", "Số liệu đã qua 21 kiểm tra",
                                      "Tình hình thực hiện các nhiệm vụ", "Nơi nhận:", "PHỤ LỤC I",
                                      "PHỤ LỤC KỸ THUẬT: CHẤT LƯỢNG DỮ LIỆU VÀ NGUỒN GỐC",
                                      "Chất lượng dữ liệu", "Phương pháp và nguồn dữ liệu")]  # fmt: skip
    assert order == sorted(order)


def test_the_appendix_rows_read_back_from_html_and_pdf(
    rendered: Project, seed_labels: list[str]
) -> None:
    folder = rendered.output_dir / "2024-H1"
    html = (folder / "report.html").read_text(encoding="utf-8")
    appendix = html[html.index('<table class="dtreport-table appendix">') :]
    appendix = appendix[: appendix.index("</table>")]
    statuses = re.findall(r'<td class="status status-[a-z_]+">([^<]+)', appendix)
    assert statuses == seed_labels
    pillars = re.findall(
        r'<tr class="pillar"><td>([IV]+)</td><td colspan="4">([^<]+)</td>', appendix
    )
    assert pillars == [("I", "CHÍNH PHỦ SỐ"), ("II", "KINH TẾ SỐ"), ("III", "XÃ HỘI SỐ")]
    pages = pdf_text(folder / "report.pdf")
    start = next(i for i, page in enumerate(pages) if "PHỤ LỤC I" in page)
    end = next(i for i, page in enumerate(pages) if "PHỤ LỤC KỸ THUẬT" in page)
    text = _flat(" ".join(pages[start:end]))
    for code, name in pillars:
        assert f"{code} {name}" in text
    found = re.findall(r"Vượt chỉ tiêu|Đạt chỉ tiêu|Đang thực hiện", text)
    assert found == seed_labels


def test_the_notebook_runs_with_its_defaults_as_an_analyst_runs_it(
    project: Project, snapshot: Snapshot
) -> None:
    import papermill

    before = snapshot(project.root)
    executed = project.root.parent / "analyst.ipynb"
    papermill.execute_notebook(
        str(project.notebooks_dir / "01-period-report.ipynb"), str(executed),
        kernel_name="python3", progress_bar=False, cwd=str(project.notebooks_dir),
    )  # fmt: skip
    outputs = json.dumps(
        json.loads(executed.read_text(encoding="utf-8"))["cells"], ensure_ascii=False
    )
    assert "đã hoàn thành 12 chỉ tiêu" in outputs and "PHỤ LỤC I" in outputs
    assert snapshot(project.root) == before, "with its defaults the notebook writes nothing"


def test_an_interrupted_run_keeps_the_previous_report(
    rendered: Project, snapshot: Snapshot
) -> None:
    import signal
    import subprocess
    import sys
    import time

    folder = rendered.output_dir / "2024-H1"
    before = snapshot(folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "dtreport.cli", "run", "2024-H1", "--root", str(rendered.root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    staging = rendered.output_dir / ".staging"
    deadline = time.monotonic() + 30
    while not any(staging.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the notebook's execution
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted; nothing was published" in err
    assert snapshot(folder) == before
    assert not list(staging.iterdir())


def test_every_figure_shown_traces_to_its_input_row(rendered: Project) -> None:
    """Each appendix value and supporting figure in the HTML equals its input row, re-read."""
    from html import unescape

    from dtreport.inputs.numbers import Unit, format_value, read_value

    html = unescape((rendered.output_dir / "2024-H1" / "report.html").read_text(encoding="utf-8"))
    checked = 0
    for kind, name in (("indicator", "indicators.csv"), ("metric", "metrics.csv")):
        source = (rendered.data_dir / "2024-H1" / name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(source.splitlines()))
        pattern = rf'<tr data-{kind}="([^"]+)" title="data/2024-H1/{name}, dòng (\d+)(?: \([^)]*\))?">(.*?)</tr>'
        for ident, row_number, cells in re.findall(pattern, html, re.S):
            row = rows[int(row_number) - 2]
            assert row[f"{kind}_id"] == ident
            unit = Unit(row.get("unit") or "percent")
            value = read_value(row["value"], unit)
            shown = re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)
            cell = shown[2] if kind == "indicator" else shown[1]
            expected = (
                value.text if value.number is None else format_value(value.number, unit, "vi")
            )
            assert re.sub(r"<[^>]+>", "", cell).startswith(expected), (ident, cell, expected)
            checked += 1
    assert checked == 13 + 24


def test_a_dead_kernel_is_named(
    project: Project, capsys: pytest.CaptureFixture[str], report_notebook: ReportNotebook
) -> None:
    report_notebook(project, "exits")
    assert main(["run", "2024-H1", "--root", str(project.root), "--formats", "html"]) == 3
    err = capsys.readouterr().err
    assert "cell 2 (id 'exits') of notebooks/01-period-report.ipynb: the kernel died" in err
    assert not (project.output_dir / "2024-H1").exists()


def test_the_technical_annex_follows_appendix_one(rendered: Project) -> None:
    folder = rendered.output_dir / "2024-H1"
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.index('id="appendix-1"') < html.index('id="technical-annex"')
    assert html.index('id="technical-annex"') < html.index('id="checks-run"')
    assert html.index('id="checks-run"') < html.index('id="input-files"')
    # The body keeps one sentence on the checks, right after the results.
    assert html.index('id="results"') < html.index('id="quality-statement"')
    assert html.index('id="quality-statement"') < html.index('id="tasks"')
    reader = PdfReader(folder / "report.pdf")
    pages = [page.extract_text() or "" for page in reader.pages]
    appendix = next(i for i, page in enumerate(pages) if "PHỤ LỤC I\n" in page)
    annex = next(i for i, page in enumerate(pages) if "PHỤ LỤC KỸ THUẬT" in page)
    assert appendix < annex
    # A portrait page of its own, the annex's title first.
    box = reader.pages[annex].mediabox
    assert float(box.width) < float(box.height)
    assert pages[annex].split("\n")[0] == "PHỤ LỤC KỸ THUẬT: CHẤT LƯỢNG DỮ LIỆU VÀ NGUỒN GỐC"
    before = _flat(" ".join(pages[:annex]))
    assert "Các kiểm tra đã chạy" not in before and "SHA-256" not in before
    assert "Số liệu đã qua 21 kiểm tra tự động; không có phát hiện nghiêm trọng" in before
    after = _flat(" ".join(pages[annex:]))
    assert "Các kiểm tra đã chạy" in after and "Mã băm SHA-256" in after


def test_the_report_is_light_and_lists_its_sections(rendered: Project) -> None:
    folder = rendered.output_dir / "2024-H1"
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert len(html.encode("utf-8")) < 400_000
    assert (folder / "report.pdf").stat().st_size < 220_000
    # The six faces travel as WOFF2 subsets, none as a whole TrueType file.
    assert html.count('url("data:font/woff2;base64,') == 6 and "data:font/ttf" not in html
    nav = html[html.index("<nav ") : html.index("</nav>")]
    links = re.findall(r'<a href="#([^"]+)">', nav)
    assert links[:2] == ["results", "results-by-pillar"]
    assert {"tasks", "tasks-1", "appendix-1", "technical-annex", "data-quality", "method"} <= set(
        links
    )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every id names one place"
    assert all(f'id="{link}"' in html for link in links)


def test_two_runs_give_the_same_bytes(rendered: Project) -> None:
    again = rendered.root / "again"
    assert main(["run", "2024-H1", "--root", str(rendered.root), "--output", str(again)]) == 0
    for name in ("report.html", "report.pdf"):
        first = (rendered.output_dir / "2024-H1" / name).read_bytes()
        assert (again / "2024-H1" / name).read_bytes() == first, name
