"""A merged unit's history (inputs.merger): its predecessors' periods combined into derived
values, the mean and the weighted mean computed by hand, what is left out and said so.

The pure tests build ``PeriodValues`` by hand; the others work on a temporary project in the
unit layout: ``P24-bac-giang`` and ``P27-bac-ninh`` (merged on 1 July 2025) with reports for
2024-H1 and 2025-H1, and ``P24-bac-ninh-2025`` with its own 2025-H2 (data/units.csv).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dtreport.checks.period_checks import validate_period
from dtreport.cli import main
from dtreport.findings import Severity
from dtreport.inputs.history import PeriodValues, load_history
from dtreport.inputs.merger import (
    MERGED_PLACES,
    MERGER_CHECK,
    merge_periods,
    merged_history,
    merged_value,
)
from dtreport.inputs.params import params_for
from dtreport.paths import Project
from dtreport.period import parse_period

D = Decimal
MERGED = "P24-bac-ninh-2025"
GIANG, NINH = "P24-bac-giang", "P27-bac-ninh"


# The mean and the weighted mean, by hand.


def test_the_mean_of_two_values_is_rounded_half_up_to_two_places() -> None:
    # (42.13 + 50) / 2 = 92.13 / 2 = 46.065, exactly half a hundredth: rounded up to 46.07.
    assert merged_value([D("42.13"), D("50")]) == D("46.07")
    assert MERGED_PLACES == 2
    # (44 + 33.5) / 2 = 77.5 / 2 = 38.75: nothing to round, written with two places.
    assert str(merged_value([D("44"), D("33.5")])) == "38.75"


def test_a_mean_that_does_not_end_is_computed_exactly_before_its_one_rounding() -> None:
    # (10 + 20 + 20) / 3 = 50 / 3 = 16.666…: 16.67.
    assert merged_value([D(10), D(20), D(20)]) == D("16.67")
    # (0.005 + 0.005 + 0.004) / 3 = 0.014 / 3 = 0.004666…: 0.00, not 0.01 (no double rounding).
    assert merged_value([D("0.005"), D("0.005"), D("0.004")]) == D("0.00")
    # A half is rounded away from zero for a fall as for a rise (ROUND_HALF_UP):
    # (−1 − 1.01) / 2 = −2.01 / 2 = −1.005: −1.01.
    assert merged_value([D("-1"), D("-1.01")]) == D("-1.01")


def test_the_weighted_mean_by_hand() -> None:
    # Weights 3 and 1: (3 × 40 + 1 × 60) / (3 + 1) = (120 + 60) / 4 = 180 / 4 = 45.
    assert merged_value([D(40), D(60)], [D(3), D(1)]) == D("45.00")
    # Populations (the weights' usual basis): (1,841,000 × 42.13 + 1,517,000 × 30)
    # / (1,841,000 + 1,517,000) = (77,561,330 + 45,510,000) / 3,358,000
    # = 123,071,330 / 3,358,000 = 36.6502…: 36.65 (the plain mean would be 36.07).
    assert merged_value([D("42.13"), D(30)], [D(1841000), D(1517000)]) == D("36.65")


def test_a_mean_needs_values_and_weights_above_zero() -> None:
    with pytest.raises(ValueError, match="at least one"):
        merged_value([])
    with pytest.raises(ValueError, match="more than 0"):
        merged_value([D(1), D(2)], [D(0), D(0)])


# Combining periods (merge_periods).


def _values(period: str, day: date, unit: str, **values: str) -> PeriodValues:
    folder = Path("data") / unit / period
    files = (Path("params") / unit / f"{period}.yaml", folder / "indicators.csv")
    return PeriodValues(period, day, {k.replace("_", "-"): D(v) for k, v in values.items()}, files)


def _merge(
    project: Project,
    predecessors: Mapping[str, list[PeriodValues]],
    weights: Mapping[str, Decimal] | None = None,
) -> tuple[list[PeriodValues], list[str]]:
    history = merge_periods(project, MERGED, predecessors, weights)
    assert all(f.severity is Severity.WARNING and f.check == MERGER_CHECK for f in history.findings)
    return list(history.periods), [f.message for f in history.findings]


def test_each_period_every_predecessor_has_is_derived_from_them(tmp_path: Path) -> None:
    project = Project(tmp_path)
    giang = [
        _values("2025-H1", date(2025, 6, 30), GIANG, FX_01="44", FX_02="10"),
        _values("2024-H1", date(2024, 6, 19), GIANG, FX_01="42.13", FX_02="8"),
    ]
    ninh = [
        _values("2024-H1", date(2024, 6, 30), NINH, FX_01="30", FX_02="9"),
        _values("2025-H1", date(2025, 6, 20), NINH, FX_01="33.5", FX_02="11"),
    ]
    periods, warnings = _merge(project, {GIANG: giang, NINH: ninh})
    assert warnings == []
    # Oldest first, each dated as the latest of its predecessors' reports.
    assert [(p.period, p.as_of) for p in periods] == [
        ("2024-H1", date(2024, 6, 30)),
        ("2025-H1", date(2025, 6, 30)),
    ]
    # 2024-H1: (42.13 + 30) / 2 = 36.065 → 36.07; (8 + 9) / 2 = 8.5.
    # 2025-H1: (44 + 33.5) / 2 = 38.75; (10 + 11) / 2 = 10.5.
    assert periods[0].values == {"FX-01": D("36.07"), "FX-02": D("8.50")}
    assert periods[1].values == {"FX-01": D("38.75"), "FX-02": D("10.50")}
    # Marked as derived, in registry order, with every file it comes from.
    assert all(p.derived_from == (GIANG, NINH) for p in periods)
    assert periods[0].files == (*giang[1].files, *ninh[0].files)


def test_an_indicator_a_predecessor_lacks_is_left_out_with_a_warning(tmp_path: Path) -> None:
    project = Project(tmp_path)
    giang = [_values("2025-H1", date(2025, 6, 30), GIANG, FX_01="44", FX_02="10")]
    # Bắc Ninh's FX-02 was blank (or compound text): no number.
    ninh = [_values("2025-H1", date(2025, 6, 30), NINH, FX_01="33.5")]
    history = merge_periods(project, MERGED, {GIANG: giang, NINH: ninh})
    (period,) = history.periods
    # 44 alone is not the merged province's FX-02: it is left out, FX-01 stays.
    assert period.values == {"FX-01": D("38.75")}
    (warning,) = history.findings
    assert warning.severity is Severity.WARNING and warning.check == MERGER_CHECK
    assert warning.indicator_id == "FX-02"
    assert (warning.location.file, warning.location.column) == (
        "indicators.csv",  # outside the project it is named by its bare name
        "value",
    )
    for word in (NINH, "FX-02", "2025-H1", MERGED, "left out"):
        assert word in warning.message
    for word in (NINH, "FX-02", "2025-H1", "không suy ra"):
        assert word in warning.message_vi


def test_a_period_a_predecessor_did_not_report_is_not_derived(tmp_path: Path) -> None:
    project = Project(tmp_path)
    giang = [
        _values("2024-H1", date(2024, 6, 30), GIANG, FX_01="42.13"),
        _values("2024-H2", date(2024, 12, 31), GIANG, FX_01="43"),
    ]
    ninh = [_values("2024-H1", date(2024, 6, 30), NINH, FX_01="30")]
    history = merge_periods(project, MERGED, {GIANG: giang, NINH: ninh})
    assert [p.period for p in history.periods] == ["2024-H1"]
    (warning,) = history.findings
    # Named by the params file the missing report would be in.
    assert warning.location.file == "params/P27-bac-ninh/2024-H2.yaml"
    assert NINH in warning.message and "2024-H2" in warning.message


def test_weights_make_the_weighted_mean_and_every_predecessor_needs_one(tmp_path: Path) -> None:
    project = Project(tmp_path)
    giang = [_values("2024-H1", date(2024, 6, 30), GIANG, FX_01="40")]
    ninh = [_values("2024-H1", date(2024, 6, 30), NINH, FX_01="60")]
    weights = {GIANG: D(3), NINH: D(1)}
    periods, _ = _merge(project, {GIANG: giang, NINH: ninh}, weights)
    # (3 × 40 + 1 × 60) / 4 = 45; the plain mean would be 50.
    assert periods[0].values == {"FX-01": D("45.00")}
    with pytest.raises(ValueError, match=NINH):
        merge_periods(project, MERGED, {GIANG: giang, NINH: ninh}, {GIANG: D(3)})


def test_no_predecessor_period_derives_nothing(tmp_path: Path) -> None:
    history = merge_periods(Project(tmp_path), MERGED, {GIANG: [], NINH: []})
    assert history.periods == () and history.findings == ()


# The history of a merged unit in a project (merged_history, load_history).

# Each predecessor period's values that differ from the seed's 2024-H1 (the rest are the
# seed's: QD749-07 42,13%, QD749-13 75%, …).
PREDECESSOR_VALUES = {
    (GIANG, "2024-H1"): {},
    (GIANG, "2025-H1"): {"QD749-07": "44%", "QD749-13": "78%"},
    (NINH, "2024-H1"): {"QD749-07": "30%", "QD749-13": "70%"},
    # Bắc Ninh left QD749-13 blank in 2025-H1.
    (NINH, "2025-H1"): {"QD749-07": "33,5%", "QD749-13": ""},
}


def set_values(project: Project, unit: str, period: str, values: Mapping[str, str]) -> None:
    """Replace some values of a unit-layout period's indicators.csv (a copy of the seed's)."""
    path = project.period_data_dir(parse_period(period), unit) / "indicators.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row["indicator_id"] in values:
            row["value"] = values[row["indicator_id"]]
            row["reported_status"] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def merger_project(make_unit_project: Callable[..., Project]) -> Project:
    """Bắc Giang and Bắc Ninh for 2024-H1 and 2025-H1, the merged Bắc Ninh for 2025-H2."""
    project = make_unit_project(*PREDECESSOR_VALUES, (MERGED, "2025-H2"))
    for (unit, period), values in PREDECESSOR_VALUES.items():
        set_values(project, unit, period, values)
    return project


def _history(project: Project) -> tuple[list[PeriodValues], list[str]]:
    history = load_history(project, params_for(project, "2025-H2", unit=MERGED))
    return list(history.periods), [f.message for f in history.findings]


def test_a_merged_unit_s_history_is_derived_from_its_predecessors(merger_project: Project) -> None:
    periods, warnings = _history(merger_project)
    assert [(p.period, p.derived_from) for p in periods] == [
        ("2024-H1", (GIANG, NINH)),
        ("2025-H1", (GIANG, NINH)),
    ]
    first, second = periods
    # QD749-07: 2024-H1 (42.13 + 30) / 2 = 36.065 → 36.07; 2025-H1 (44 + 33.5) / 2 = 38.75.
    assert (first.values["QD749-07"], second.values["QD749-07"]) == (D("36.07"), D("38.75"))
    # QD749-13: 2024-H1 (75 + 70) / 2 = 72.5; 2025-H1 Bắc Ninh has none: left out.
    assert first.values["QD749-13"] == D("72.50") and "QD749-13" not in second.values
    # QD749-01: both 100% in both periods.
    assert first.values["QD749-01"] == second.values["QD749-01"] == D("100.00")
    # QD749-12 is compound text in every report: no number anywhere, nothing left out.
    assert "QD749-12" not in first.values
    (warning,) = warnings
    assert NINH in warning and "QD749-13" in warning and "2025-H1" in warning
    # Every file read is in the history's files, the registry included, for the manifest.
    shown = {merger_project.shown(path) for p in periods for path in p.files}
    assert {
        "params/P24-bac-giang/2024-H1.yaml",
        "data/P27-bac-ninh/2025-H1/indicators.csv",
        "data/units.csv",
    } <= shown


def _own_params(project: Project) -> Path:
    return project.params_file(parse_period("2025-H2"), MERGED)


def test_the_warning_reaches_the_checks_of_the_merged_unit(merger_project: Project) -> None:
    report = validate_period(merger_project, "2025-H2", _own_params(merger_project))
    (finding,) = [f for f in report.findings if f.check == MERGER_CHECK]
    assert finding.severity is Severity.WARNING
    assert finding.location.file == "data/P27-bac-ninh/2025-H1/indicators.csv"
    assert finding.indicator_id == "QD749-13"


def test_weights_in_the_params_give_the_weighted_mean(merger_project: Project) -> None:
    with _own_params(merger_project).open("a", encoding="utf-8") as file:
        file.write(f"predecessor_weights:\n  {GIANG}: 3\n  {NINH}: 1\nweights_basis: dân số\n")
    periods, _ = _history(merger_project)
    # QD749-07 2024-H1: (3 × 42.13 + 1 × 30) / 4 = (126.39 + 30) / 4 = 156.39 / 4 = 39.0975
    # → 39.10; 2025-H1: (3 × 44 + 33.5) / 4 = 165.5 / 4 = 41.375 → 41.38.
    assert [p.values["QD749-07"] for p in periods] == [D("39.10"), D("41.38")]


def test_weights_that_leave_a_predecessor_out_stop_the_run(merger_project: Project) -> None:
    with _own_params(merger_project).open("a", encoding="utf-8") as file:
        file.write(f"predecessor_weights:\n  {GIANG}: 3\nweights_basis: dân số\n")
    history = merged_history(merger_project, params_for(merger_project, "2025-H2", unit=MERGED))
    assert history.periods == ()
    (finding,) = history.findings
    assert finding.severity is Severity.CRITICAL
    place = finding.location
    assert (place.file, place.row, place.column) == (
        "params/P24-bac-ninh-2025/2025-H2.yaml",
        4,
        "predecessor_weights",
    )
    assert NINH in finding.message
    # The checks every run goes through carry it, so the run stops (exit 1) naming the key.
    report = validate_period(merger_project, "2025-H2", _own_params(merger_project))
    assert [f.location.column for f in report.critical] == ["predecessor_weights"]


def test_only_periods_before_the_merger_are_derived(merger_project: Project) -> None:
    # A predecessor has no report after it ended (params refuse one), and a report of the
    # merged unit's own never has a derived twin: its own 2025-H2 is the current period.
    periods, _ = _history(merger_project)
    assert all(parse_period(p.period).end < date(2025, 7, 1) for p in periods)


def test_a_unit_without_predecessors_has_no_derived_history(merger_project: Project) -> None:
    params = params_for(merger_project, "2025-H1", unit=NINH)
    assert merged_history(merger_project, params).periods == ()
    # Its own history is its own 2024-H1, not derived.
    (own,) = load_history(merger_project, params).periods
    assert (own.period, own.derived_from) == ("2024-H1", ())


def test_the_single_unit_layout_has_no_merger(project: Project) -> None:
    assert merged_history(project, params_for(project, "2025-H1")).periods == ()


# End to end: the merged unit's report, with its derived history marked.


def _cells(html: str, indicator: str) -> str:
    """The text of an indicator's row in the changes table of section 1 (its first row)."""
    match = re.search(rf'<tr data-indicator="{indicator}">(.*?)</tr>', html)
    assert match, indicator
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


@pytest.mark.e2e
def test_the_merged_unit_s_report_marks_its_derived_history(merger_project: Project) -> None:
    root = str(merger_project.root)
    assert main(["run", "2025-H2", "--unit", MERGED, "--root", root, "--quiet"]) == 0
    folder = merger_project.output_root(MERGED) / "2025-H2"
    html = (folder / "report.html").read_text(encoding="utf-8")
    # QD749-07: 42,13% now; previous 2025-H1 derived (44 + 33,5) / 2 = 38,75%;
    # 42,13 − 38,75 = 3,38 → "+3,4 điểm %". No 2024-H2 anywhere: no change over a year.
    assert _cells(html, "QD749-07") == (
        "7 Kinh tế số trong GDP 42,13% +3,4 điểm % 2025-H1: 38,75% (suy ra) —"
    )
    # QD749-13: Bắc Ninh left 2025-H1 blank, so the previous value is 2024-H1's derived
    # (75 + 70) / 2 = 72,50%; 75 − 72,5 = +2,5 points.
    assert _cells(html, "QD749-13").endswith("75% +2,5 điểm % 2024-H1: 72,50% (suy ra) —")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "các kỳ trước có số liệu: 2024-H1 (suy ra), 2025-H1 (suy ra)" in text
    assert "2024-H1 (30/6/2024; suy ra), 2025-H1 (30/6/2025; suy ra)" in text  # Appendix II
    # The method, once under the changes and once in Appendix II's notes.
    assert text.count("(suy ra): giá trị suy ra từ các tỉnh trước sắp xếp") == 2
    assert "trung bình cộng giá trị cùng kỳ của tỉnh Bắc Giang (P24-bac-giang) và" in text
    # The warning about the value left out is shown, naming file, indicator and unit.
    assert "data/P27-bac-ninh/2025-H1/indicators.csv, chỉ tiêu QD749-13, cột value" in text

    rows = {r["indicator_id"]: r for r in csv.DictReader(io.StringIO(
        (folder / "progress.csv").read_text(encoding="utf-8")))}  # fmt: skip
    row = rows["QD749-07"]
    # Derived 2024-H1: (42,13 + 30) / 2 = 36,065 → 36,07 (the base); 2025-H1: 38,75.
    assert [row[k] for k in ("previous_period", "previous_value", "previous_derived", "change")] == [
        "2025-H1", "38.75", "true", "3.38",
    ]  # fmt: skip
    assert [row[k] for k in ("base_period", "base_value", "base_derived")] == [
        "2024-H1", "36.07", "true",
    ]  # fmt: skip
    assert (row["year_ago_period"], row["year_ago_derived"]) == ("", "false")
    row = rows["QD749-13"]
    assert [row[k] for k in ("previous_period", "previous_value", "previous_derived")] == [
        "2024-H1", "72.5", "true",
    ]  # fmt: skip
    # From the derived base 72,5 (30/6/2024) to 75 (31/12/2025): t = 549 / 365.25 = 1.503080
    # years, cagr = (75 / 72.5)^(1 / t) − 1 = exp(0.033902 / 1.503080) − 1 = 0.022811.
    assert (row["base_derived"], row["cagr"]) == ("true", "0.022811")

    # The predecessors' files and the registry are among the inputs the manifest checks.
    inputs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert {
        "data/units.csv",
        "params/P24-bac-giang/2024-H1.yaml",
        "data/P27-bac-ninh/2025-H1/indicators.csv",
    } <= set(inputs)
