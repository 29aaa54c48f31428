"""The roll-up's counts, shares and competition ranks (method.rollup), on tiny status lists."""

from __future__ import annotations

from fractions import Fraction

from dtreport.errors import Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate, withhold
from dtreport.method.rollup import (
    ROLLUP_COLUMNS,
    UnitEntry,
    competition_ranks,
    distribution,
    entry_from_result,
    not_reported,
    rollup_table,
    share_text,
    standings,
)
from dtreport.paths import Project
from dtreport.status import Status

E, M, P, N = Status.EXCEEDED, Status.MET, Status.IN_PROGRESS, Status.NOT_MET
D, A, X = Status.NO_DATA, Status.NOT_ASSESSED, Status.NOT_APPLICABLE


def _entry(unit_id: str, *statuses: Status) -> UnitEntry:
    """A unit that reported ``statuses`` for indicators I-1, I-2, … in order."""
    return UnitEntry(unit_id, f"tỉnh {unit_id}", {f"I-{n}": s for n, s in enumerate(statuses, 1)})


def test_competition_ranking_gives_ties_one_rank_and_skips_the_next() -> None:
    thirds = [Fraction(2, 3), Fraction(1, 2), Fraction(4, 6), None, Fraction(1, 2), Fraction(1, 4)]
    # 2/3 and 4/6 are one share: both first, then 1/2 twice third (no second), then fifth.
    assert competition_ranks(thirds) == [1, 3, 1, None, 3, 5]
    assert competition_ranks([Fraction(1)] * 3) == [1, 1, 1]
    assert competition_ranks([None, None]) == [None, None]
    assert competition_ranks([]) == []


def test_shares_are_compared_as_fractions_not_floats() -> None:
    # As floats 1/10 + 2/10 is 0.30000000000000004, above 3/10; as fractions they are equal.
    assert competition_ranks([Fraction(1, 10) + Fraction(2, 10), Fraction(3, 10)]) == [1, 1]
    # 1/3 and 333333/1000000 round alike to 6 places but are not the same share.
    assert competition_ranks([Fraction(333333, 1000000), Fraction(1, 3)]) == [2, 1]


def test_ties_at_the_top_in_the_middle_and_at_the_bottom() -> None:
    entries = [
        _entry("A", E, M, P, N),  # 2 of 4 achieved: 1/2
        _entry("B", E, E, E, E),  # 4 of 4: 1, tied first
        _entry("C", M, M, M, N),  # 3 of 4: 3/4, third (no second)
        _entry("D", M, E, M, M),  # 4 of 4: 1, tied first
        _entry("E", P, N, E, M),  # 2 of 4: 1/2, tied with A, fourth
        _entry("F", N, N, N, P),  # 0 of 4: 0, tied last
        _entry("G", N, P, D, P),  # 0 of 3 assessed: 0, tied last with F
    ]
    found = standings(entries)
    assert [(s.unit_id, s.rank) for s in found] == [
        ("B", 1), ("D", 1), ("C", 3), ("A", 4), ("E", 4), ("F", 6), ("G", 6),
    ]  # fmt: skip
    assert [s.share for s in found] == [1, 1, Fraction(3, 4), Fraction(1, 2), Fraction(1, 2), 0, 0]


def test_a_unit_with_nothing_assessed_has_counts_but_no_share_and_no_rank() -> None:
    found = standings([_entry("A", D, D, A), _entry("B", M, N), _entry("C", X, D)])
    by_id = {s.unit_id: s for s in found}
    assert by_id["A"].reported and by_id["A"].indicators == 3 and by_id["A"].no_data == 3
    assert by_id["A"].share is None and by_id["A"].rank is None
    # C's only applicable indicator has no data; the one that no longer applies is not counted.
    assert by_id["C"].indicators == 1 and by_id["C"].share is None
    assert [s.unit_id for s in found] == ["B", "A", "C"]  # ranked first, then in given order
    assert by_id["B"].rank == 1


def test_units_that_did_not_report_have_no_counts_and_come_last() -> None:
    entries = [
        not_reported("Z", "tỉnh Z", "no params/Z/2025-H2.yaml"),
        _entry("A", E, N),
        not_reported("Y", "tỉnh Y", "2 critical findings"),
    ]
    found = standings(entries)
    assert [(s.unit_id, s.reported, s.rank) for s in found] == [
        ("A", True, 1), ("Z", False, None), ("Y", False, None),
    ]  # fmt: skip
    assert found[1].reason == "no params/Z/2025-H2.yaml" and found[1].indicators == 0
    table = rollup_table(found)
    assert table.loc[1].tolist() == ["Z", "tỉnh Z", "false", *[""] * 9]


def test_not_applicable_is_left_out_and_not_assessed_counts_as_no_data() -> None:
    (s,) = standings([_entry("A", E, M, P, N, D, A, X)])
    assert (s.indicators, s.achieved, s.no_data, s.assessed) == (6, 2, 2, 4)
    assert s.share == Fraction(2, 4) and s.rank == 1
    # The counts add up: indicators = achieved + in progress + not met + no data.
    assert s.indicators == s.achieved + s.count(P) + s.count(N) + s.no_data


def test_the_table_has_the_issue_s_columns_every_cell_as_written() -> None:
    table = rollup_table(standings([_entry("A", E, M, M, P, N, D), _entry("B", D, D)]))
    assert list(table.columns) == ROLLUP_COLUMNS == [
        "unit_id", "name", "reported", "indicators", "achieved", "exceeded", "met",
        "in_progress", "not_met", "no_data", "share_achieved", "rank",
    ]  # fmt: skip
    assert table.loc[0].tolist() == [
        "A", "tỉnh A", "true", "6", "3", "1", "2", "1", "1", "1", "0.600000", "1",
    ]  # fmt: skip
    assert table.loc[1].tolist() == [
        "B",
        "tỉnh B",
        "true",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "2",
        "",
        "",
    ]


def test_share_text_rounds_the_exact_fraction_to_six_places() -> None:
    assert share_text(Fraction(11, 12)) == "0.916667"
    assert share_text(Fraction(2, 3)) == "0.666667"
    assert share_text(Fraction(1)) == "1.000000" and share_text(Fraction(0)) == "0.000000"
    # Exactly half-way at the 7th place: half to even, decided on the fraction.
    assert share_text(Fraction(1, 2_000_000)) == "0.000000"
    assert share_text(Fraction(3, 2_000_000)) == "0.000002"
    assert share_text(None) == ""


def test_the_distribution_counts_units_per_indicator_and_status() -> None:
    found = standings([_entry("A", E, N), _entry("B", E, D), not_reported("C", "tỉnh C", "")])
    counts = distribution(found, ["I-1", "I-2", "I-3"])
    assert counts["I-1"] == {E: 2}
    assert counts["I-2"] == {N: 1, D: 1}
    assert counts["I-3"] == {}


def test_an_entry_from_the_seed_period_counts_its_thirteen_indicators(project: Project) -> None:
    result = evaluate(load_period(project, "2024-H1"))
    entry = entry_from_result("P24-bac-giang", "tỉnh Bắc Giang", result)
    assert list(entry.statuses or {}) == [f"QD749-{n:02d}" for n in range(1, 14)]
    (s,) = standings([entry])
    # The seed: 12 achieved (8 exceeded, 4 met), 1 in progress (QD749-06, 10% against 50%).
    assert (s.indicators, s.achieved, s.count(E), s.count(M), s.count(P)) == (13, 12, 8, 4, 1)
    assert s.share == Fraction(12, 13) and s.rank == 1


def test_a_withheld_value_counts_as_no_data(project: Project) -> None:
    result = evaluate(load_period(project, "2024-H1"))
    # A draft withholds the status of a value that failed a check (QD749-01, met in the seed).
    finding = Finding(Severity.CRITICAL, "share_range", "175%", Location(), "QD749-01")
    (s,) = standings([entry_from_result("U", "U", withhold(result, [finding]))])
    assert s.no_data == 1 and s.assessed == 12 and s.share == Fraction(11, 12)
