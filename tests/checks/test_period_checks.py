"""Great Expectations checks: every finding collected, with its file, row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from dtreport.checks.period_checks import check_catalog, check_period
from dtreport.cli import main
from dtreport.errors import ValidationFailed
from dtreport.findings import Severity, raise_for_critical
from dtreport.inputs.catalog import MEASURES
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate
from dtreport.paths import Project

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SEED = (ROOT / "data" / "2024-H1" / "indicators.csv").read_text(encoding="utf-8")


def _findings(project: Project) -> list[tuple[str, str, int | None, str | None]]:
    inputs = load_period(project, "2024-H1")
    report = check_period(inputs, evaluate(inputs).findings)
    return [(f.severity.value, f.check, f.location.row, f.location.column) for f in report.findings]


def test_the_seed_passes_every_check(project: Project) -> None:
    inputs = load_period(project, "2024-H1")
    report = check_period(inputs, evaluate(inputs).findings)
    assert report.findings == []
    assert {o.check for o in report.outcomes} >= {
        "id_unique", "id_known", "all_present", "value_parses", "share_range", "growth_band",
        "status_allowed", "as_of_in_period",
    }  # fmt: skip
    assert all(o.success for o in report.outcomes)


def test_every_problem_is_found_at_once(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    text = (
        SEED.replace("QD749-04,75%", "QD749-04,175%")  # a share over 100%
        .replace("11.97%", "45%")  # a growth rate outside the band
        .replace("QD749-13,75%,Vượt chỉ tiêu", "QD749-13,75%,Xong")  # unknown status
        .replace("QD749-02,100%,Vượt chỉ tiêu", "QD749-02,40%,Vượt chỉ tiêu")  # disagreement
    )
    write_indicators(project, text)
    found = _findings(project)
    assert ("critical", "share_range", 5, "value") in found
    assert ("critical", "growth_band", 10, "value") in found
    assert ("critical", "status_allowed", 14, "reported_status") in found
    assert ("warning", "status_agrees", 3, "reported_status") in found
    assert found.index(("critical", "share_range", 5, "value")) < found.index(
        ("warning", "status_agrees", 3, "reported_status")
    )


def test_a_qualitative_target_without_assessment_is_a_warning(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    write_indicators(project, SEED.replace("thông minh,Đạt chỉ tiêu", "thông minh,"))
    assert ("warning", "qualitative_assessed", 13, "reported_status") in _findings(project)


def test_as_of_outside_the_period_is_critical(project: Project) -> None:
    path = project.params_dir / "2024-H1.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2024-06-19", "2024-12-01"), encoding="utf-8"
    )
    found = _findings(project)
    assert ("critical", "as_of_in_period", 3, "as_of") in found


def test_a_blank_value_is_a_warning_and_an_unfilled_file_critical(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    write_indicators(project, SEED.replace("QD749-04,75%", "QD749-04,"))
    assert _findings(project) == [("warning", "value_present", 5, "value")]
    lines = SEED.splitlines()
    blank = [lines[0]] + [line.split(",")[0] + ",,," for line in lines[1:]]
    write_indicators(project, "\n".join(blank) + "\n")
    inputs = load_period(project, "2024-H1")
    report = check_period(inputs, evaluate(inputs).findings)
    [critical] = report.critical
    assert (critical.check, str(critical.place)) == (
        "values_present",
        "data/2024-H1/indicators.csv, column value",
    )
    with pytest.raises(ValidationFailed) as failed:
        raise_for_critical(report.findings)
    assert failed.value.findings == (critical,)


def test_the_catalogue_suite_finds_every_bad_row(project: Project) -> None:
    path = project.catalog_dir / "qd749.csv"
    text = path.read_text(encoding="utf-8").replace(",percent,growth,", ",percentage,growth,")
    text = text.replace("trên 50%", "trên năm mươi phần trăm")
    path.write_text(text, encoding="utf-8")
    report = check_catalog(project, "qd749")
    found = {(f.check, f.location.row, f.location.column) for f in report.findings}
    assert found == {("catalog_unit", 10, "unit"), ("targets_parse", 14, "target_2025")}


def test_the_suites_agree_with_the_code() -> None:
    suite = yaml.safe_load((ROOT / "expectations" / "catalog.yaml").read_text(encoding="utf-8"))
    [measure] = [e for e in suite["expectations"] if e["kwargs"].get("column") == "measure"]
    assert set(measure["kwargs"]["value_set"]) == MEASURES


def test_validate_command(
    project: Project, capsys: pytest.CaptureFixture[str], write_indicators: Callable[..., Path]
) -> None:
    assert main(["validate", "2024-H1", "--root", str(project.root)]) == 0
    assert "0 critical finding(s)" in capsys.readouterr().out
    write_indicators(project, SEED.replace("QD749-04,75%", "QD749-04,175%"))
    assert main(["validate", "2024-H1", "--root", str(project.root)]) == 1
    out = capsys.readouterr().out
    assert "data/2024-H1/indicators.csv, row 5 (QD749-04), column value" in out
    assert "within 0-100%" in out


def test_no_state_is_left_behind(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    before = sorted(p.name for p in project.root.iterdir())
    _findings(project)
    assert sorted(p.name for p in project.root.iterdir()) == before
    assert list(home.iterdir()) == []


def test_severity_order() -> None:
    assert [s.value for s in Severity] == ["critical", "warning", "info"]


def test_every_check_has_a_description_in_both_languages() -> None:
    from dtreport.i18n import check_description

    for suite in sorted((ROOT / "expectations").glob("*.yaml")):
        for expectation in yaml.safe_load(suite.read_text(encoding="utf-8"))["expectations"]:
            check = expectation["meta"]["check"]
            assert check_description(check, "vi") != check, f"{suite.name}: {check}"
            assert check_description(check, "en") != check, f"{suite.name}: {check}"


def test_findings_read_in_the_reports_language(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    from dtreport.report.sections import quality_section

    text = SEED.replace("QD749-04,75%", "QD749-04,175%").replace(
        "QD749-02,100%,Vượt chỉ tiêu", "QD749-02,40%,Vượt chỉ tiêu"
    )
    write_indicators(project, text)
    inputs = load_period(project, "2024-H1")
    report = check_period(inputs, evaluate(inputs).findings)
    vi = quality_section(report, "vi")
    en = quality_section(report, "en")
    assert "175% là tỷ lệ của một tổng thể, phải nằm trong khoảng 0-100%" in vi
    assert (
        "báo cáo dùng kết quả tính toán" in vi
        and "data/2024-H1/indicators.csv, dòng 5 (QD749-04), cột value" in vi
    )
    assert "175% is a share of a whole and must lie within 0-100%" in en
    assert (
        "the computed status is used" in en
        and "data/2024-H1/indicators.csv, row 5 (QD749-04), column value" in en
    )


def test_a_draft_withholds_the_status_of_a_value_that_failed(
    project: Project, write_indicators: Callable[..., Path]
) -> None:
    from dtreport.findings import Finding
    from dtreport.method.evaluation import withhold
    from dtreport.status import Status

    write_indicators(project, SEED.replace("QD749-04,75%", "QD749-04,175%"))
    result = evaluate(load_period(project, "2024-H1"))
    assert result.assessments[3].status is Status.EXCEEDED
    failed = Finding(Severity.CRITICAL, "share_range", "175%", indicator_id="QD749-04")
    shown = withhold(result, [failed])
    assert shown.assessments[3].status is Status.NOT_ASSESSED and shown.assessments[3].withheld
    assert shown.summary.achieved == result.summary.achieved - 1
    warning = Finding(Severity.WARNING, "status_agrees", "x", indicator_id="QD749-02")
    assert withhold(result, [warning]) is result
