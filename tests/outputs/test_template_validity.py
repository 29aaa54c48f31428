"""``dtreport template`` asks only for the indicators that apply to the period."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from dtreport.cli import main
from dtreport.inputs.catalog import load_catalog
from dtreport.outputs.template import template_bytes
from dtreport.paths import Project
from dtreport.period import parse_period


def _ids(workbook: Path | bytes) -> list[str]:
    """The indicator ids a template asks for, in its order."""
    sheet = load_workbook(io.BytesIO(workbook) if isinstance(workbook, bytes) else workbook).active
    assert sheet is not None
    return [str(r[0]) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_2026_template_leaves_the_district_indicator_out(project: Project) -> None:
    assert main(["template", "2026-H1", "--root", str(project.root)]) == 0
    ids = _ids(project.data_dir / "2026-H1" / "indicators.xlsx")
    assert "QD749-03" not in ids
    assert ids == [f"QD749-{n:02d}" for n in range(1, 14) if n != 3]


def test_a_period_the_district_level_still_covers_asks_for_it(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    assert "QD749-03" in _ids(template_bytes(catalog, parse_period("2025-H1")))
    assert "QD749-03" not in _ids(template_bytes(catalog, parse_period("2025-H2")))


def test_the_status_list_covers_exactly_the_rows_asked_for(project: Project) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    sheet = load_workbook(io.BytesIO(template_bytes(catalog, parse_period("2026-H1")))).active
    assert sheet is not None
    [validation] = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "H2:H13"
    assert "Không còn áp dụng" not in str(validation.formula1)
    assert "Chưa đánh giá" in str(validation.formula1)
