"""The report's layout as a reviewer reads it: the body's sentence on the checks, the technical
annex and its title, linkable headings, and chart 1 naming its indicators."""

from __future__ import annotations

import csv
import io
import re

import pytest

from dtreport.checks.validation import Outcome, ValidationReport
from dtreport.errors import CatalogError, Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.catalog import load_catalog
from dtreport.inputs.params import params_for
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate
from dtreport.paths import Project
from dtreport.report import sections
from dtreport.report.charts import value_target_figure
from dtreport.report.html import TEMPLATES_DIR


def _report(critical: int, warnings: int, checks: int = 21) -> ValidationReport:
    findings = [
        Finding(severity, "share_range", "x", Location("data/2024-H1/indicators.csv", 2 + n))
        for severity, count in ((Severity.CRITICAL, critical), (Severity.WARNING, warnings))
        for n in range(count)
    ]
    outcomes = [
        Outcome("indicators", f"check_{n}", Severity.CRITICAL, "x", "value", True, 0)
        for n in range(checks)
    ]
    return ValidationReport(findings, outcomes)


@pytest.mark.parametrize(
    ("critical", "warnings", "vi", "en"),
    [
        (0, 2, "Số liệu đã qua 21 kiểm tra tự động; không có phát hiện nghiêm trọng; 2 cảnh báo "
               "(chi tiết tại Phụ lục kỹ thuật).",
         "The data went through 21 automated checks; no critical findings; 2 warnings (details "
         "in the Technical Annex)."),
        (0, 0, "Số liệu đã qua 21 kiểm tra tự động; không có phát hiện nghiêm trọng; không có "
               "cảnh báo (chi tiết tại Phụ lục kỹ thuật).",
         "The data went through 21 automated checks; no critical findings; no warnings (details "
         "in the Technical Annex)."),
        (1, 1, "Số liệu đã qua 21 kiểm tra tự động; 1 phát hiện nghiêm trọng; 1 cảnh báo (chi "
               "tiết tại Phụ lục kỹ thuật).",
         "The data went through 21 automated checks; 1 critical finding; 1 warning (details in "
         "the Technical Annex)."),
    ],
)  # fmt: skip
def test_the_body_says_in_one_sentence_what_the_checks_found(
    critical: int, warnings: int, vi: str, en: str
) -> None:
    report = _report(critical, warnings)
    shown_vi = sections.quality_statement_section(report, "vi")
    assert shown_vi == f'<p class="quality-statement" id="quality-statement">{vi}</p>'
    assert en in sections.quality_statement_section(report, "en")


def test_the_annex_is_titled_as_an_appendix_and_numbers_its_parts(project: Project) -> None:
    params = params_for(project, "2024-H1")
    report = _report(0, 1)
    vi = sections.quality_section(report, "vi", params=params)
    en = sections.quality_section(report, "en", params=params)
    assert vi.startswith(
        '<h2 class="annex-heading" id="technical-annex">'
        "PHỤ LỤC KỸ THUẬT: CHẤT LƯỢNG DỮ LIỆU VÀ NGUỒN GỐC</h2>"
    )
    assert "TECHNICAL ANNEX: DATA QUALITY AND PROVENANCE</h2>" in en
    # Attached to the report as Appendix I is.
    assert "(Kèm theo Báo cáo số /BC-STTTT ngày    /   /2024 của Sở Thông tin" in vi
    headings = re.findall(r"<h([34]) id=\"[^\"]+\">([^<]+)</h\1>", vi)
    assert [text for _, text in headings] == [
        "1. Chất lượng dữ liệu", "1.1. Các phát hiện", "1.2. Các kiểm tra đã chạy",
    ]  # fmt: skip
    without_findings = sections.quality_section(_report(0, 0), "vi")
    assert '<h4 id="checks-run">1.1. Các kiểm tra đã chạy</h4>' in without_findings
    assert "annex-subtitle" not in without_findings
    provenance = sections.provenance_section({"params/2024-H1.yaml": "ab"}, {"dtreport": "1"}, "vi")
    assert [text for _, text in re.findall(r"<h([34]) id=\"[^\"]+\">([^<]+)</h\1>", provenance)] == [
        "2. Phương pháp và nguồn dữ liệu", "2.1. Tệp đầu vào", "2.2. Phiên bản phần mềm",
    ]  # fmt: skip


def test_every_heading_of_the_report_can_be_linked_to() -> None:
    # index.html.j2 is the list of reports, a page of its own with a single heading.
    for path in sorted(set(TEMPLATES_DIR.glob("*.html.j2")) - {TEMPLATES_DIR / "index.html.j2"}):
        source = path.read_text(encoding="utf-8")
        for heading in re.findall(r"<h[1-6][^>]*>", source):
            assert re.search(r'\bid="[^"]+"', heading), f"{path.name}: {heading}"


def test_wide_tables_scroll_inside_their_own_box() -> None:
    for path in sorted(TEMPLATES_DIR.glob("*.html.j2")):
        source = path.read_text(encoding="utf-8")
        tables = source.count('<table class="dtreport-table')
        assert source.count('<div class="table-box">\n<table class="dtreport-table') == tables


def test_chart_one_names_each_indicator_by_its_short_name(project: Project) -> None:
    result = evaluate(load_period(project, "2024-H1"))
    figures = [value_target_figure(result.assessments, lang) for lang in ("vi", "en")]
    labels = [[tick.get_text() for tick in f.axes[0].get_yticklabels()] for f in figures]
    assert labels[0][0] == "1. DVC trực tuyến toàn trình"
    assert labels[1][0] == "1. End-to-end online services"
    assert "13. Dân số có tài khoản thanh toán điện tử" in labels[0]
    assert not [label for label in labels[0] + labels[1] if "QD749" in label]


def test_the_catalogue_gives_every_indicator_a_short_name_of_40_characters_at_most(
    project: Project,
) -> None:
    catalog = load_catalog(project.catalog_dir, "qd749", project.root)
    for indicator in catalog.indicators:
        for name in (indicator.short_vi, indicator.short_en):
            assert 0 < len(name) <= 40, (indicator.id, name)


def test_a_catalogue_without_short_names_labels_by_id(project: Project) -> None:
    path = project.catalog_dir / "qd749.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0][6:8] == ["short_vi", "short_en"]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:6] + row[8:] for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    indicator = load_catalog(project.catalog_dir, "qd749", project.root).indicators[0]
    assert indicator.short_name("vi") == indicator.short_name("en") == "QD749-01"


def test_a_short_name_longer_than_40_characters_is_refused(project: Project) -> None:
    path = project.catalog_dir / "qd749.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("DVC trực tuyến toàn trình", "x" * 41, 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="longer than 40 characters"):
        load_catalog(project.catalog_dir, "qd749", project.root)
