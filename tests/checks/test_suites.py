"""Running a Great Expectations suite and turning its results into findings (checks.suites)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dtreport.checks.suites import validate_with_suite
from dtreport.findings import Severity

SUITE = """
name: tiny
expectations:
  - type: expect_column_values_to_be_between
    kwargs: {column: share, min_value: 0, max_value: 100}
    meta: {check: share_range, severity: critical, column: value,
           message: "{text} must lie within 0-100% ({period})",
           message_vi: "{text} phải nằm trong khoảng 0-100%"}
  - type: expect_column_values_to_be_unique
    kwargs: {column: indicator_id}
    meta: {check: id_unique, severity: warning, column: indicator_id,
           message: "{value!r} twice"}
"""


def test_each_failing_row_is_a_finding_at_its_row_and_column(tmp_path: Path) -> None:
    suite = tmp_path / "tiny.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    frame = pd.DataFrame(
        {
            "row": [2, 3, 4],
            "indicator_id": ["A", "B", "B"],
            "share": [50.0, 175.0, -1.0],
            "text": ["50%", "175%", "-1%"],
        }
    )
    findings, outcomes = validate_with_suite(
        suite, frame, "data/2024-H1/indicators.csv", context={"period": "2024-H1"}
    )
    shares = [f for f in findings if f.check == "share_range"]
    assert [f.location.row for f in shares] == [3, 4]
    assert shares[0].location.column == "value" and shares[0].indicator_id == "B"
    assert shares[0].message == "175% must lie within 0-100% (2024-H1)"
    assert shares[0].text("vi") == "175% phải nằm trong khoảng 0-100%"
    assert str(shares[0]).startswith(
        "[critical] data/2024-H1/indicators.csv, row 3 (B), column value"
    )
    twice = [f for f in findings if f.check == "id_unique"]
    assert [f.location.row for f in twice] == [3, 4]  # both rows of the repeated id
    assert all(f.severity is Severity.WARNING and f.message == "'B' twice" for f in twice)
    assert [(o.check, o.success, o.unexpected) for o in outcomes] == [
        ("share_range", False, 2),
        ("id_unique", False, 2),
    ]


def test_a_passing_suite_gives_outcomes_and_no_findings(tmp_path: Path) -> None:
    suite = tmp_path / "tiny.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    frame = pd.DataFrame({"row": [2], "indicator_id": ["A"], "share": [5.0], "text": ["5%"]})
    findings, outcomes = validate_with_suite(suite, frame, "x.csv", context={"period": "P"})
    assert findings == [] and all(o.success for o in outcomes) and len(outcomes) == 2
