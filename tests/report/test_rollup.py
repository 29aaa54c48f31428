"""The roll-up report's page (report.rollup): heat map, key, tables, and A4 landscape fit."""

from __future__ import annotations

import io
import logging
import re
from fractions import Fraction
from pathlib import Path

import pytest
from pypdf import PdfReader

from dtreport.inputs.catalog import Catalog, load_catalog
from dtreport.inputs.units import load_registry
from dtreport.lang import Lang
from dtreport.method.rollup import UnitEntry, not_reported, standings
from dtreport.outputs.render import html_to_pdf, page_stylesheet
from dtreport.paths import Project
from dtreport.period import Period, parse_period
from dtreport.report.rollup import Rollup, rollup_page, share_percent
from dtreport.status import Status

E, M, P, N = Status.EXCEEDED, Status.MET, Status.IN_PROGRESS, Status.NOT_MET
D, A, X = Status.NO_DATA, Status.NOT_ASSESSED, Status.NOT_APPLICABLE
H1 = parse_period("2025-H1")  # every qd749 indicator applies: 13 columns
H2 = parse_period("2025-H2")  # QD749-03 (district level) no longer applies: 12 columns
CSS = "/* the test's stylesheet */"


@pytest.fixture(scope="module")
def catalog(repo_root: Path) -> Catalog:
    return load_catalog(repo_root / "data" / "catalog", "qd749", repo_root)


def _entry(
    catalog: Catalog, unit_id: str, name: str, *statuses: Status, period: Period = H2
) -> UnitEntry:
    """A unit as the period's assessment gives it: the indicators that apply stand at
    ``statuses`` in catalogue order (the rest met), the others are not applicable."""
    applicable = [i.id for i in catalog.applicable(period)]
    given = dict(zip(applicable, [*statuses, *[M] * len(applicable)], strict=False))
    return UnitEntry(unit_id, name, {i.id: given.get(i.id, X) for i in catalog.indicators})


def _page(catalog: Catalog, entries: list[UnitEntry], lang: Lang = "vi") -> str:
    return rollup_page(Rollup(H2, lang, tuple(standings(entries)), catalog), CSS)


def test_share_percent_writes_two_decimals_the_language_s_way() -> None:
    assert share_percent(Fraction(11, 12), "vi") == "91,67%"
    assert share_percent(Fraction(11, 12), "en") == "91.67%"
    assert share_percent(Fraction(1), "vi") == "100,00%"
    assert share_percent(Fraction(0), "en") == "0.00%"
    # 1/1600 is 0.0625%, half-way between 0.06% and 0.07%: rounded half to even.
    assert share_percent(Fraction(1, 1600), "en") == "0.06%"


def test_each_cell_carries_its_status_as_text_and_a_class_for_its_pattern(
    catalog: Catalog,
) -> None:
    # Indicator 3 (district level) no longer applies in 2025-H2: it has no column.
    html = _page(catalog, [_entry(catalog, "U1", "tỉnh Một", E, N, D, A)])
    row = re.search(r'<tr data-unit="U1">(.*?)</tr>', html, re.DOTALL)
    assert row
    cells = re.findall(r'class="st st-(\w+)" title="([^"]+)"><span>([^<]+)<', row.group(1))
    assert [c[0] for c in cells[:4]] == ["exceeded", "not_met", "no_data", "not_assessed"]
    assert cells[1][1:] == ("Không đạt", "Không đạt") and cells[2][1:] == (
        "Chưa có số liệu",
        "Chưa có",
    )
    assert len(cells) == 12 and 'data-indicator="QD749-03"' not in html
    # The key lists what the table shows, each short label beside its full one; no
    # "no longer applicable", which only the hidden column held.
    key = html[
        html.index('class="rollup-key"') : html.index("</p>", html.index('class="rollup-key"'))
    ]
    assert re.findall(r"st-(\w+)", key) == ["exceeded", "met", "not_met", "no_data", "not_assessed"]
    assert "Vượt chỉ tiêu" in key and "not_applicable" not in key
    # 12 indicators, 2 not assessed (D, A): 9 achieved (E and 8 met) of 10 assessed.
    assert '<td class="num">9/10</td><td class="num">90,00%</td>' in html


def test_a_unit_not_counted_is_one_row_saying_so_across_the_table(catalog: Catalog) -> None:
    html = _page(catalog, [_entry(catalog, "U1", "tỉnh Một"), not_reported("U2", "tỉnh Hai", "x")])
    row = re.search(r'<tr data-unit="U2"><td class="num">—</td><th scope="row" class="unit">'
                    r'tỉnh Hai</th><td class="not-counted" colspan="13">([^<]+)</td>', html)  # fmt: skip
    assert row and row.group(1) == "không được tổng hợp (xem mục 1)"


def test_text_from_the_inputs_is_shown_as_written_never_as_markup(catalog: Catalog) -> None:
    payload = '<img src=x onerror=alert(1)>"&'
    html = _page(
        catalog, [_entry(catalog, "U1", f"tỉnh {payload}"), not_reported("U2", "Hai", payload)]
    )
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;&#34;&amp;" in html


def test_the_english_page(catalog: Catalog) -> None:
    html = _page(catalog, [_entry(catalog, "U1", "One province", N)], lang="en")
    assert '<html lang="en">' in html and "Period 2025-H2 (1 July 2025 to 31 December 2025)" in html
    assert "1 of 1 units reported figures that passed the checks; 1 are ranked." in html
    assert '<td class="num">11/12</td><td class="num">91.67%</td>' in html
    assert "Indicators of Decision No. 749/QĐ-TTg" in html


def test_without_a_unit_counted_the_page_still_says_who_and_why(catalog: Catalog) -> None:
    rollup = Rollup(H2, "vi", tuple(standings([not_reported("U1", "tỉnh Một", "lý do")])), None)
    html = rollup_page(rollup, CSS)
    assert "0/1 đơn vị đã báo cáo" in html and "Không có đơn vị nào được xếp hạng." in html
    assert "lý do" in html and "Các chỉ tiêu theo" not in html
    # No heat map or distribution of nobody: each section says so instead.
    assert html.count("Không có đơn vị nào được tổng hợp (mục 1).") == 2
    assert '<table class="dtreport-table heatmap">' not in html


def test_the_stylesheet_raises_no_weasyprint_warning(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    from weasyprint import HTML

    entries = [_entry(catalog, "U1", "tỉnh Một", E, N, D, A, P), not_reported("U2", "Hai", "")]
    rollup = Rollup(H2, "vi", tuple(standings(entries)), catalog)
    css = page_stylesheet("rollup.css", illustrative=True)
    page = rollup_page(rollup, css, "SỐ LIỆU MINH HỌA — ILLUSTRATIVE DATA")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string=page).write_pdf()
    complaints = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("weasyprint") and "HarfBuzz-Subset" not in r.getMessage()
    ]
    assert complaints == []


def test_thirty_four_provinces_by_thirteen_indicators_fit_one_landscape_page(
    catalog: Catalog, project: Project
) -> None:
    provinces = load_registry(project).in_force(H2.end, "province")
    assert len(provinces) == 34
    pattern = [E, M, P, N, D, A]
    entries = [
        _entry(catalog, u.unit_id, u.name_vi, *[pattern[(n + k) % 6] for k in range(13)], period=H1)
        for n, u in enumerate(provinces)
    ]
    rollup = Rollup(H1, "vi", tuple(standings(entries)), catalog)
    pdf = html_to_pdf(rollup_page(rollup, page_stylesheet("rollup.css")))
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    (heat,) = [t for t in texts if "Mức hoàn thành theo đơn vị và chỉ tiêu" in t]
    names = [u.name_vi for u in provinces]
    # Every province's row on the one page, under all 13 column headings.
    assert [n for n in names if n not in heat] == []
    assert "1. DVC trực tuyến" in heat and "13. Dân số có tài" in heat
