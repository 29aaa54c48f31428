"""A unit's history in the unit layout: its own earlier periods, under params/<unit>/."""

from __future__ import annotations

from collections.abc import Callable

from dtreport.inputs.history import HISTORY_CHECK, history_unit, load_history, same_unit
from dtreport.inputs.params import params_for
from dtreport.paths import Project

UNIT = "P24-bac-ninh-2025"
OLD = "P24-bac-giang"


def test_a_units_history_is_its_own_earlier_periods(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project((UNIT, "2025-H2"), (UNIT, "2026-H1"), (OLD, "2025-H1"))
    params = params_for(project, "2026-H1", unit=UNIT)
    assert history_unit(project, params) == UNIT
    history = load_history(project, params)
    # Not the default unit's 2024-H1 (the seed's), nor another unit's period.
    assert [p.period for p in history.periods] == ["2025-H2"]
    [earlier] = history.periods
    assert [project.shown(f) for f in earlier.files] == [
        f"params/{UNIT}/2025-H2.yaml",
        f"data/{UNIT}/2025-H2/indicators.csv",
        f"data/{UNIT}/2025-H2/metrics.csv",
    ]
    assert earlier.values["QD749-01"] > 0
    assert [f for f in history.findings if f.check == HISTORY_CHECK] == []


def test_a_predecessors_history_is_read_from_its_own_folder(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project((UNIT, "2025-H2"), (OLD, "2025-H1"))
    merged = params_for(project, "2025-H2", unit=UNIT)
    # As the merger history asks: the merged unit's params, speaking for a predecessor.
    as_old = merged.model_copy(update={"unit": OLD, "province": "", "province_en": ""})
    assert [p.period for p in load_history(project, as_old).periods] == ["2025-H1"]


def test_an_unreadable_earlier_period_of_a_unit_is_left_out_with_a_warning(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project((UNIT, "2025-H2"), (UNIT, "2026-H1"))
    earlier = project.params_dir / UNIT / "2025-H2.yaml"
    earlier.write_text(earlier.read_text(encoding="utf-8").replace(UNIT, OLD), encoding="utf-8")
    history = load_history(project, params_for(project, "2026-H1", unit=UNIT))
    assert history.periods == ()
    [warning] = history.findings
    assert warning.location.file == f"params/{UNIT}/2025-H2.yaml"
    assert warning.location.column == "unit" and "left out of the history" in warning.message


def test_the_default_unit_keeps_its_history(make_unit_project: Callable[..., Project]) -> None:
    project = make_unit_project()
    params = params_for(project, "2025-H1")
    assert history_unit(project, params) == ""
    assert [p.period for p in load_history(project, params).periods] == ["2024-H1", "2024-H2"]


def test_unit_ids_decide_when_both_params_name_one(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project()
    one = params_for(project, "2025-H2", unit=UNIT)
    assert same_unit(one, one.model_copy(update={"province": "tỉnh Khác"}))
    assert not same_unit(one, one.model_copy(update={"unit": OLD}))
    # One names no unit: the province decides, as before.
    assert same_unit(one, one.model_copy(update={"unit": ""}))
    assert not same_unit(one, one.model_copy(update={"unit": "", "province": "tỉnh Khác"}))
