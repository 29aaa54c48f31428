"""An indicator past its validity is not applicable: not missing, not assessed, counted apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtreport.checks.period_checks import validate_inputs
from dtreport.errors import Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.catalog import Catalog, load_catalog
from dtreport.inputs.indicators import read_indicators
from dtreport.inputs.period_data import load_period
from dtreport.inputs.tables import read_table
from dtreport.method.attainment import Assessment, assess_all
from dtreport.method.evaluation import evaluate, withhold
from dtreport.method.summary import summarise, summary_sentence
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.status import Status

CATALOG = (
    "indicator_id,pillar,pillar_name_vi,pillar_name_en,name_vi,name_en,unit,measure,direction,"
    "source,valid_to,target_2025,target_2030\n"
    "T-01,I,CHÍNH PHỦ SỐ,DIGITAL GOVERNMENT,Cấp tỉnh,Province,percent,share,higher,test,,90%,100%\n"
    "T-02,I,CHÍNH PHỦ SỐ,DIGITAL GOVERNMENT,Cấp huyện,District,percent,share,higher,test,"
    "2025-06-30,80%,90%\n"
)
H1_2026 = parse_period("2026-H1")


def _catalog(tmp_path: Path) -> Catalog:
    (tmp_path / "t.csv").write_text(CATALOG, encoding="utf-8")
    return load_catalog(tmp_path, "t", tmp_path)


def _read(
    tmp_path: Path, rows: str, period: str = "2026-H1"
) -> tuple[Catalog, list[Assessment], list[Finding]]:
    """The catalogue, and what ``rows`` (lines of indicators.csv) read and assess to."""
    catalog = _catalog(tmp_path)
    path = tmp_path / "indicators.csv"
    path.write_text("indicator_id,value\n" + rows, encoding="utf-8")
    reported, findings = read_indicators(read_table(path, tmp_path), catalog, parse_period(period))
    assessments, assessed = assess_all(catalog, reported, parse_period(period))
    return catalog, assessments, [*findings, *assessed]


def test_an_absent_indicator_past_its_validity_is_not_applicable_and_not_missed(
    tmp_path: Path,
) -> None:
    _, assessments, findings = _read(tmp_path, "T-01,95%\n")
    assert [a.status for a in assessments] == [Status.IN_PROGRESS, Status.NOT_APPLICABLE]
    assert findings == []
    assert assessments[1].status.label("vi") == "Không còn áp dụng"
    assert assessments[1].status.label("en") == "No longer applicable"


def test_a_blank_row_for_it_is_not_a_missing_value_either(tmp_path: Path) -> None:
    _, assessments, findings = _read(tmp_path, "T-01,95%\nT-02,\n")
    assert assessments[1].status is Status.NOT_APPLICABLE
    assert findings == []


def test_within_its_validity_an_absent_indicator_is_still_no_data(tmp_path: Path) -> None:
    _, assessments, findings = _read(tmp_path, "T-01,95%\n", "2025-H1")
    assert assessments[1].status is Status.NO_DATA
    assert [(f.check, f.indicator_id) for f in findings] == [("all_present", "T-02")]


def test_a_value_reported_for_it_is_a_warning_naming_the_row(tmp_path: Path) -> None:
    _, assessments, findings = _read(tmp_path, "T-01,95%\nT-02,85%\n")
    assert assessments[1].status is Status.NOT_APPLICABLE
    [finding] = findings
    assert finding.severity is Severity.WARNING and finding.check == "applicable"
    assert finding.location == Location("indicators.csv", 3, "value", "T-02")
    assert "reported but no longer applicable to 2026-H1 (valid_to 2025-06-30)" in finding.message
    assert "'85%' is not assessed" in finding.message
    assert "không còn áp dụng cho kỳ 2026-H1" in finding.message_vi
    assert str(finding.location) == "indicators.csv, row 3 (T-02), column value"


def test_an_unreadable_value_for_it_is_one_finding(tmp_path: Path) -> None:
    _, assessments, findings = _read(tmp_path, 'T-01,95%\nT-02,"0,8"\n')
    assert assessments[1].status is Status.NOT_APPLICABLE
    assert [f.check for f in findings] == ["value_parses"]


def test_a_file_with_values_only_for_indicators_that_no_longer_apply_is_unfilled(
    tmp_path: Path,
) -> None:
    _, _, findings = _read(tmp_path, "T-01,\nT-02,85%\n")
    assert "values_present" in {f.check for f in findings}


def test_the_summary_lists_it_as_a_remainder_and_the_counts_add_up() -> None:
    statuses = [Status.MET] * 10 + [Status.IN_PROGRESS, Status.NOT_MET, Status.NOT_APPLICABLE]
    summary = summarise(statuses)
    assert summary.total == 13 and summary.achieved == 10
    assert summary.achieved + sum(n for s, n in summary.counts.items() if s not in {
        Status.MET, Status.EXCEEDED}) == summary.total  # fmt: skip
    vi = summary_sentence(summary, "Quyết định số 749/QĐ-TTg", "tỉnh X", "vi")
    assert vi == (
        "Theo Quyết định số 749/QĐ-TTg có 13 chỉ tiêu; tỉnh X đã hoàn thành 10 chỉ tiêu, "
        "đang triển khai thực hiện 01 chỉ tiêu, không đạt 01 chỉ tiêu, "
        "không còn áp dụng 01 chỉ tiêu."
    )
    en = summary_sentence(summary, "Decision 749", "X", "en")
    assert en == (
        "Decision 749 sets 13 indicators; X has achieved 10 indicators, 1 in progress, "
        "1 not met, 1 no longer applicable."
    )


# The shipped catalogue in a period after the district level was abolished (1 July 2025).
VALUES_2026 = (
    "indicator_id,value,reported_status,note\n"
    "QD749-01,100%,,\nQD749-02,100%,,\nQD749-04,75%,,\nQD749-05,100%,,\nQD749-06,60%,,\n"
    'QD749-07,"42,13%",,\nQD749-08,"21,9%",,\nQD749-09,"8,1%",,\nQD749-10,"85,6%",,\n'
    "QD749-11,100%,,\nQD749-12,100% diện tích phủ sóng 4G/5G,Đạt chỉ tiêu,\nQD749-13,82%,,\n"
)


@pytest.fixture
def project_2026(project: Project) -> Project:
    """The project with a 2026-H1 period whose file leaves QD749-03 out."""
    (project.params_dir / "2026-H1.yaml").write_text(
        "period: 2026-H1\nas_of: 2026-06-30\nreporting_unit: Sở KH&CN\nprovince: tỉnh X\n",
        encoding="utf-8",
    )
    folder = project.data_dir / "2026-H1"
    folder.mkdir()
    (folder / "indicators.csv").write_text(VALUES_2026, encoding="utf-8")
    return project


def test_a_2026_period_without_the_district_indicator_is_complete(project_2026: Project) -> None:
    inputs = load_period(project_2026, "2026-H1")
    result = evaluate(inputs)
    district = next(a for a in result.assessments if a.indicator.id == "QD749-03")
    assert district.status is Status.NOT_APPLICABLE
    assert Status.NO_DATA not in {a.status for a in result.assessments}
    report = validate_inputs(inputs)
    assert not report.critical
    checks = {f.check for f in report.findings}
    assert "all_present" not in checks and "value_present" not in checks
    assert "QD749-03" not in {f.indicator_id for f in report.findings}
    assert all(o.success for o in report.outcomes if o.check == "all_present")
    assert result.summary.total == 13 and result.summary.count(Status.NOT_APPLICABLE) == 1
    assert result.sentence("vi").endswith("không còn áp dụng 01 chỉ tiêu.")
    assert result.sentence("en").endswith(", 1 no longer applicable.")


def test_reporting_it_in_2026_is_a_warning_not_an_unknown_id(project_2026: Project) -> None:
    path = project_2026.data_dir / "2026-H1" / "indicators.csv"
    path.write_text(VALUES_2026 + "QD749-03,92%,,\n", encoding="utf-8")
    inputs = load_period(project_2026, "2026-H1")
    report = validate_inputs(inputs)
    assert not report.critical
    [warning] = [f for f in report.findings if f.indicator_id == "QD749-03"]
    assert warning.check == "applicable" and warning.severity is Severity.WARNING
    assert str(warning.location) == "data/2026-H1/indicators.csv, row 14 (QD749-03), column value"


def test_a_draft_does_not_turn_it_into_not_assessed(project_2026: Project) -> None:
    path = project_2026.data_dir / "2026-H1" / "indicators.csv"
    path.write_text(VALUES_2026 + "QD749-03,175%,,\n", encoding="utf-8")
    inputs = load_period(project_2026, "2026-H1")
    report = validate_inputs(inputs)
    assert {f.indicator_id for f in report.critical} == {"QD749-03"}  # a share above 100%
    shown = withhold(evaluate(inputs), report.findings)
    district = next(a for a in shown.assessments if a.indicator.id == "QD749-03")
    assert district.status is Status.NOT_APPLICABLE and not district.withheld


def test_before_its_validity_starts_it_is_not_yet_applicable(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        CATALOG.replace(",valid_to,", ",valid_from,").replace("2025-06-30", "2027-01-01"),
        encoding="utf-8",
    )
    catalog = load_catalog(tmp_path, "t", tmp_path)
    path = tmp_path / "indicators.csv"
    path.write_text("indicator_id,value\nT-01,95%\nT-02,85%\n", encoding="utf-8")
    reported, read = read_indicators(read_table(path, tmp_path), catalog, H1_2026)
    assessments, [finding] = assess_all(catalog, reported, H1_2026)
    assert read == [] and assessments[1].status is Status.NOT_APPLICABLE
    assert "reported but not yet applicable to 2026-H1 (valid_from 2027-01-01)" in finding.message
