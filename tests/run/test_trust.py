"""A report never looks cleaner than its data, end to end: every way in meets the same checks.

Real runs (papermill, Great Expectations, nbconvert, WeasyPrint) on copies of the project.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dtreport.cli import main
from dtreport.paths import Project

pytestmark = pytest.mark.e2e

DETERMINISTIC = (
    "report.html", "report.pdf", "report.ipynb", "attainment.csv", "validation.json",
    "appendix.xlsx", "appendix.docx",
)  # fmt: skip


MakeProject = Callable[[], Project]
Snapshot = Callable[[Path], dict[str, bytes]]


def _set_param(project: Project, key: str, raw: str) -> None:
    path = project.params_dir / "2024-H1.yaml"
    lines = [
        f"{key}: {raw}" if line.startswith(f"{key}:") else line
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _papermill(project: Project, **parameters: object) -> str:
    """Run the report notebook as an analyst's papermill -p would; return the error it raised."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as raised:
        papermill.execute_notebook(
            str(project.notebooks_dir / "01-period-report.ipynb"),
            str(project.root / "executed.ipynb"),
            parameters=parameters, cwd=str(project.root), progress_bar=False,
            kernel_name="python3",
        )  # fmt: skip
    return f"{raised.value.ename}: {raised.value.evalue}"


def test_a_bad_override_stops_papermill_with_the_run_message(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    said = _papermill(project, lang="fr", report_date="2024-13-01")
    assert "ValidationFailed" in said
    assert "params/2024-H1.yaml, key lang: lang 'fr' is not one of vi, en" in said
    assert "key report_date: report_date '2024-13-01' is not a real date" in said
    _set_param(project, "lang", "fr")
    assert main(["run", "2024-H1", "--root", str(project.root)]) == 1
    assert "lang 'fr' is not one of vi, en" in capsys.readouterr().err
    assert not (project.output_dir / "2024-H1").exists()


def test_an_overridden_date_is_checked_not_passed(make_project: MakeProject) -> None:
    project = make_project()
    said = _papermill(project, as_of="2025-03-01")
    assert "as_of 2025-03-01 is not inside the period 2024-H1" in said
    said = _papermill(project, catalog="nope")
    assert "catalog 'nope' does not exist" in said


def test_a_partly_filled_template_renders_with_warnings(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project()
    path = project.data_dir / "2024-H1" / "indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = "QD749-04,,,"  # row 5 left blank
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["run", "2024-H1", "--root", str(project.root), "--formats", "html"]) == 0
    out = capsys.readouterr().out
    assert "1 warning(s)" in out
    assert "data/2024-H1/indicators.csv, row 5 (QD749-04), column value" in out
    assert out.strip().splitlines()[-1].startswith("2024-H1: 11 of 13 achieved")
    html = (project.output_dir / "2024-H1" / "report.html").read_text(encoding="utf-8")
    assert "Tất cả các kiểm tra dữ liệu đều đạt" not in html
    assert "chưa có giá trị" in html and "Chưa có số liệu" in html


def _outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in DETERMINISTIC}


def test_same_inputs_give_the_same_bytes_and_no_machine_path(
    tmp_path: Path, make_project: MakeProject, repo_root: Path
) -> None:
    # The data file is a link to a file outside the project: it is still named as the project
    # names it, and no output holds where it really lies.
    project = make_project()
    outside = tmp_path / "elsewhere" / "indicators.csv"
    outside.parent.mkdir()
    shutil.move(project.data_dir / "2024-H1" / "indicators.csv", outside)
    (project.data_dir / "2024-H1" / "indicators.csv").symlink_to(outside)
    assert main(["run", "2024-H1", "--root", str(project.root)]) == 0
    first = _outputs(project.output_dir / "2024-H1")
    time.sleep(1.1)  # a second later: anything stamped with the clock would now differ
    assert main(["run", "2024-H1", "--root", str(project.root)]) == 0
    second = _outputs(project.output_dir / "2024-H1")
    assert [n for n in DETERMINISTIC if first[n] != second[n]] == []
    machine = (str(tmp_path), str(Path.home()), str(repo_root), "/tmp/", "/work/")
    for path in sorted(project.output_dir.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".ipynb", ".csv"):
            text = path.read_text(encoding="utf-8")
            for prefix in machine:
                assert prefix not in text, f"{path.name} holds {prefix}"
    manifest = json.loads((project.output_dir / "2024-H1" / "manifest.json").read_text())
    assert "data/2024-H1/indicators.csv" in manifest["inputs"]
    assert manifest["varying"] == ["created", "timings"]


def test_a_failed_run_keeps_the_report_and_says_so(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    project = make_project()
    assert main(["run", "2024-H1", "--root", str(project.root), "--formats", "html"]) == 0
    folder = project.output_dir / "2024-H1"
    before = snapshot(folder)
    path = project.data_dir / "2024-H1" / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("42,13%", "1.728%"), "utf-8")
    assert main(["run", "2024-H1", "--root", str(project.root)]) == 1
    assert snapshot(folder) == before
    capsys.readouterr()
    assert main(["list", "--root", str(project.root)]) == 0
    listing = capsys.readouterr().out
    assert re.search(r"2024-H1\s+vi\s+outdated\s+no\s+exit 1", listing), listing
    index = (project.output_dir / "index.html").read_text(encoding="utf-8")
    assert "Lần chạy gần nhất bị lỗi" in index and 'href="2024-H1/report.html"' in index


def test_every_exit_code_in_the_readme_is_true(
    make_project: MakeProject,
    capsys: pytest.CaptureFixture[str],
    repo_root: Path,
    report_notebook: Callable[[Project, str], Path],
) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Exit codes") :].split("\n\n")[1]
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", table, re.MULTILINE)}
    project = make_project()
    root = ["--root", str(project.root)]
    seen = {main(["run", "2024-H1", "--formats", "html", *root])}  # 0
    seen.add(main(["run", "2024-H1", "--draft", "--formats", "html", *root]))  # 5
    with pytest.raises(SystemExit) as usage:
        main(["run", "2024-H3", *root])
    seen.add(int(usage.value.code or 0))  # 2
    seen.add(main(["run", "2024-H1", "--output", str(project.params_dir / "2024-H1.yaml"), *root]))
    original = (project.notebooks_dir / "01-period-report.ipynb").read_bytes()
    report_notebook(project, "raises")
    seen.add(main(["run", "2024-H1", "--formats", "html", *root]))  # 3
    notebook = report_notebook(project, "sleeps")
    child = subprocess.Popen(
        [sys.executable, "-m", "dtreport.cli", "run", "2024-H1", *root],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(8)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    seen.add(child.returncode)  # 130
    assert "Traceback" not in err
    notebook.write_bytes(original)
    path = project.data_dir / "2024-H1" / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("42,13%", "42,1,3%"), "utf-8")
    seen.add(main(["run", "2024-H1", *root]))  # 1
    assert "Traceback" not in capsys.readouterr().err
    assert seen == documented == {0, 1, 2, 3, 4, 5, 130}


def test_markup_in_the_inputs_is_shown_as_text(make_project: MakeProject) -> None:
    project = make_project()
    _set_param(project, "title_vi", '"<img src=x onerror=alert(1)> báo cáo ‹kỳ> cuối"')
    path = project.data_dir / "2024-H1" / "indicators.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "QD749-01,100%,Đạt chỉ tiêu,", "QD749-01,100%,Đạt chỉ tiêu,<b>ghi chú</b> <kỳ> sau"
        ),
        encoding="utf-8",
    )
    assert main(["run", "2024-H1", "--root", str(project.root), "--formats", "html"]) == 0
    html = (project.output_dir / "2024-H1" / "report.html").read_text(encoding="utf-8")
    assert (
        "<img src=x" not in html
        and "&lt;img src=x onerror=alert(1)&gt; báo cáo ‹kỳ&gt; cuối" in html
    )
    assert "&lt;b&gt;ghi chú&lt;/b&gt; &lt;kỳ&gt; sau" in html
    csv_text = (project.output_dir / "2024-H1" / "attainment.csv").read_text(encoding="utf-8")
    assert "<b>ghi chú</b> <kỳ> sau" in csv_text


def test_the_environment_is_left_as_found() -> None:
    assert "SOURCE_DATE_EPOCH" not in os.environ or os.environ["SOURCE_DATE_EPOCH"]
