"""``dtreport template``: the fill-in workbook, and reading it back once a unit has filled it."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook

from dtreport.cli import main
from dtreport.inputs.catalog import load_catalog
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate
from dtreport.outputs.template import template_bytes
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.status import Status


def test_template_is_prefilled_and_reads_back_when_filled(project: Project) -> None:
    folder = project.data_dir / "2025-Q1"
    assert main(["template", "2025-Q1", "--root", str(project.root)]) == 0
    path = folder / "indicators.xlsx"
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["indicator_id", "pillar"] and "value" in header
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [f"QD749-{n:02d}" for n in range(1, 14)]
    assert rows[7][header.index("target_text")] == "tối thiểu 10%"
    assert all(r[header.index("value")] is None for r in rows)

    # A unit fills it in: text as Vietnamese write it, a real number, and an Excel percentage.
    value_col = header.index("value") + 1
    for row in range(2, 15):
        sheet.cell(row, value_col).value = "95%"
    sheet.cell(8, value_col).value = "42,13%"
    sheet.cell(9, value_col).value = 17.9
    percent = sheet.cell(10, value_col)
    percent.value, percent.number_format = 0.1197, "0.00%"
    sheet.cell(13, header.index("reported_status") + 1).value = "Đạt chỉ tiêu"
    workbook.save(path)
    (project.params_dir / "2025-Q1.yaml").write_text(
        "period: 2025-Q1\nas_of: 2025-03-31\nreporting_unit: Sở TT&TT\n", encoding="utf-8"
    )

    result = evaluate(load_period(project, "2025-Q1"))
    numbers = [a.reported.value.number for a in result.assessments]
    assert str(numbers[6]) == "42.13" and str(numbers[7]) == "17.9" and str(numbers[8]) == "11.97"
    assert result.assessments[11].status is Status.MET


def test_template_never_overwrites_a_filled_file(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["template", "2025-Q1", "--root", str(project.root)]) == 0
    path = project.data_dir / "2025-Q1" / "indicators.xlsx"
    before = path.read_bytes()
    assert main(["template", "2025-Q1", "--root", str(project.root)]) == 1
    assert "already exists; pass --force" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert main(["template", "2024-H1", "--root", str(project.root)]) == 1
    assert "already has indicators.csv" in capsys.readouterr().err


def test_template_is_the_same_bytes_whenever_it_is_made(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    period = parse_period("2025-Q1")
    first = template_bytes(catalog, period)
    time.sleep(1.1)  # the clock moves on to another second: nothing written may follow it
    assert template_bytes(catalog, period) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {e.date_time for e in archive.infolist()} == {(2025, 3, 31, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2025-03-31T00:00:00Z") == 2  # created and modified: the period's end
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert template_bytes(catalog, period) != first
