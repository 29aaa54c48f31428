"""Appendix I marks a target the catalogue does not hold as verified, and labels an indicator
that no longer applies."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dtreport.inputs.period_data import load_period
from dtreport.lang import Lang
from dtreport.method.evaluation import PeriodResult, evaluate
from dtreport.paths import Project
from dtreport.report.appendix import AppendixRow, build_appendix
from dtreport.report.sections import appendix_section

VALUES_2026 = (
    "indicator_id,value,reported_status,note\n"
    "QD749-01,100%,,\nQD749-02,100%,,\nQD749-04,75%,,\nQD749-05,100%,,\nQD749-06,60%,,\n"
    'QD749-07,"42,13%",,\nQD749-08,"21,9%",,\nQD749-09,"8,1%",,\nQD749-10,"85,6%",,\n'
    "QD749-11,100%,,\nQD749-12,100% diện tích phủ sóng 4G/5G,Đạt chỉ tiêu,\nQD749-13,82%,,\n"
)


@pytest.fixture
def result_2026(project: Project) -> PeriodResult:
    """The 2026-H1 result of the shipped catalogue: 2030 targets, QD749-03 not applicable."""
    (project.params_dir / "2026-H1.yaml").write_text(
        "period: 2026-H1\nas_of: 2026-06-30\nreporting_unit: Sở KH&CN\n", encoding="utf-8"
    )
    (project.data_dir / "2026-H1").mkdir()
    (project.data_dir / "2026-H1" / "indicators.csv").write_text(VALUES_2026, encoding="utf-8")
    return evaluate(load_period(project, "2026-H1"))


def _rows(result: PeriodResult, lang: Lang = "vi") -> dict[str, AppendixRow]:
    """Appendix I's indicator rows by id."""
    return {r.indicator_id: r for r in build_appendix(result, lang).indicators}


def test_a_target_not_verified_is_marked_in_either_language(result_2026: PeriodResult) -> None:
    vi, en = _rows(result_2026, "vi"), _rows(result_2026, "en")
    assert vi["QD749-01"].target == "100% (2030) (chưa kiểm chứng)"  # secondary
    assert en["QD749-01"].target == "100% (2030) (unverified)"
    assert vi["QD749-13"].target == "trên 80% (2030) (chưa kiểm chứng)"
    assert vi["QD749-07"].target == "tối thiểu 30% (2030)"  # verified: no mark
    assert vi["QD749-05"].target == "100% (2025)"  # no 2030 target: the verified 2025 one


def test_the_seed_appendix_has_no_mark(project: Project) -> None:
    rows = _rows(evaluate(load_period(project, "2024-H1")))
    assert all("kiểm chứng" not in r.target for r in rows.values())
    assert rows["QD749-10"].target == "80%"


def test_a_target_whose_confidence_is_not_said_is_not_shown_as_verified(
    result_2026: PeriodResult,
) -> None:
    unsaid = replace(
        result_2026,
        assessments=[
            replace(a, target=replace(a.target, confidence="")) for a in result_2026.assessments
        ],
    )
    assert _rows(unsaid)["QD749-07"].target == "tối thiểu 30% (2030) (chưa kiểm chứng)"


def test_an_indicator_that_no_longer_applies_shows_its_label(result_2026: PeriodResult) -> None:
    district = _rows(result_2026)["QD749-03"]
    assert (district.status, district.status_code) == ("Không còn áp dụng", "not_applicable")
    assert _rows(result_2026, "en")["QD749-03"].status == "No longer applicable"
    html = str(appendix_section(build_appendix(result_2026, "vi")))
    assert '<td class="status status-not_applicable">Không còn áp dụng' in html
