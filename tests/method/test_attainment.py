from decimal import Decimal

import pytest

from dtreport.errors import Location
from dtreport.findings import Severity
from dtreport.inputs.catalog import Indicator
from dtreport.inputs.indicators import ReportedIndicator
from dtreport.inputs.numbers import ReportedValue, Unit, read_value
from dtreport.inputs.period_data import load_period
from dtreport.inputs.target import Direction, Target, parse_target
from dtreport.method.attainment import assess, compare
from dtreport.method.evaluation import evaluate
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.status import Status, parse_status

H1_2024 = parse_period("2024-H1")
END_2025 = parse_period("2025-H2")


def test_the_seed_appendix_is_reproduced_row_for_row(
    project: Project, seed_labels: list[str]
) -> None:
    result = evaluate(load_period(project, "2024-H1"))
    assert [a.status.label("vi") for a in result.assessments] == seed_labels
    assert result.summary.total == 13
    assert result.summary.achieved == 12
    assert result.summary.count(Status.IN_PROGRESS) == 1
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []
    universal = result.assessments[11]
    assert universal.assessed_by_unit and universal.reported.value.number is None
    assert result.sentence("vi").endswith(
        "có 13 chỉ tiêu; tỉnh Bắc Giang đã hoàn thành 12 chỉ tiêu, "
        "đang triển khai thực hiện 01 chỉ tiêu."
    )
    assert result.sentence("en").endswith(
        "sets 13 indicators; Bắc Giang province has achieved 12 indicators, 1 in progress."
    )


def _target(text: str, direction: Direction = Direction.HIGHER, year: int = 2025) -> Target:
    return parse_target(text, year, direction, Unit.PERCENT)


@pytest.mark.parametrize(
    ("value", "target", "period", "status"),
    [
        ("10", "tối thiểu 10%", H1_2024, Status.MET),
        ("10,0", "tối thiểu 10%", H1_2024, Status.MET),
        ("10.01", "tối thiểu 10%", H1_2024, Status.EXCEEDED),
        ("9,99", "tối thiểu 10%", H1_2024, Status.IN_PROGRESS),
        ("50", "trên 50%", H1_2024, Status.IN_PROGRESS),
        ("50,1", "trên 50%", H1_2024, Status.EXCEEDED),
        ("49", "90%", END_2025, Status.NOT_MET),
        ("50", "trên 50%", END_2025, Status.NOT_MET),
        ("49", "90%", parse_period("2025-Q3"), Status.IN_PROGRESS),
        ("49", "90%", parse_period("2025-12"), Status.NOT_MET),
        ("49", "90%", parse_period("2025"), Status.NOT_MET),
    ],
)
def test_boundaries(value: str, target: str, period: object, status: Status) -> None:
    number = read_value(value, Unit.PERCENT).number
    assert number is not None
    assert compare(number, _target(target), period) is status  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "target", "period", "status"),
    [
        ("4", "không quá 5%", H1_2024, Status.EXCEEDED),
        ("5", "không quá 5%", H1_2024, Status.MET),
        ("6", "không quá 5%", H1_2024, Status.IN_PROGRESS),
        ("6", "không quá 5%", END_2025, Status.NOT_MET),
        ("5", "dưới 5%", H1_2024, Status.IN_PROGRESS),
        ("4,9", "dưới 5%", H1_2024, Status.EXCEEDED),
        ("5", "5%", H1_2024, Status.MET),
        ("5,5", "5%", END_2025, Status.NOT_MET),
    ],
)
def test_lower_is_better_mirrors(value: str, target: str, period: object, status: Status) -> None:
    number = read_value(value, Unit.PERCENT).number
    assert number is not None
    got = compare(number, _target(target, Direction.LOWER), period)  # type: ignore[arg-type]
    assert got is status


def _indicator(target: str) -> Indicator:
    return Indicator(
        "X-01", "I", "CHÍNH PHỦ SỐ", "DIGITAL GOVERNMENT", "Tỷ lệ", "Share", Unit.PERCENT, "share",
        Direction.HIGHER, (_target(target),), "test", 2,
    )  # fmt: skip


def _reported(value: str, status: str = "") -> ReportedIndicator:
    return ReportedIndicator(
        "X-01", read_value(value, Unit.PERCENT), parse_status(status) if status else None, "",
        Location("indicators.csv", 2),
    )  # fmt: skip


def test_a_disagreeing_reported_status_does_not_win() -> None:
    assessment, findings = assess(_indicator("50%"), _reported("40%", "Vượt chỉ tiêu"), H1_2024)
    assert assessment.status is Status.IN_PROGRESS
    [finding] = findings
    assert finding.severity is Severity.WARNING and finding.check == "status_agrees"
    assert finding.location == Location("indicators.csv", 2, "reported_status", "X-01")


def test_a_qualitative_target_takes_the_units_assessment() -> None:
    assessment, findings = assess(_indicator("phổ cập"), _reported("95% dân số", "Met"), H1_2024)
    assert (assessment.status, assessment.assessed_by_unit, findings) == (Status.MET, True, [])
    assessment, findings = assess(_indicator("phổ cập"), _reported("95% dân số"), H1_2024)
    assert assessment.status is Status.NOT_ASSESSED
    assert [f.check for f in findings] == ["qualitative_assessed"]


def test_no_value_is_no_data() -> None:
    reported = ReportedIndicator("X-01", ReportedValue("", None), None, "", Location("f.csv"))
    assert assess(_indicator("50%"), reported, H1_2024)[0].status is Status.NO_DATA


def test_compound_text_against_a_number_is_critical() -> None:
    assessment, findings = assess(_indicator("50%"), _reported("40% xã và 60% huyện"), H1_2024)
    assert assessment.status is Status.NO_DATA
    assert findings[0].severity is Severity.CRITICAL and findings[0].location.column == "value"


def test_status_labels_and_codes_parse() -> None:
    assert parse_status("vượt chỉ tiêu") is Status.EXCEEDED
    assert parse_status("In progress") is Status.IN_PROGRESS
    assert parse_status("not_met") is Status.NOT_MET
    assert parse_status("Chưa có số liệu") is Status.NO_DATA
    assert parse_status("xong") is None


def test_exact_decimal_equality_not_float() -> None:
    target = Target(2025, "0,3%", _target("1%").operator, Decimal("0.3"))
    number = read_value("0,3%", Unit.PERCENT).number
    assert number is not None and compare(number, target, H1_2024) is Status.MET
