"""A unit's params and inputs: the per-unit layout, the registry checks, the weights."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from dtreport.errors import PeriodError, ValidationFailed
from dtreport.inputs.params import Weights, load_params, params_for, report_unit
from dtreport.inputs.period_data import load_period
from dtreport.paths import Project
from dtreport.period import parse_period

UNIT = "P24-bac-ninh-2025"
OLD = "P24-bac-giang"
MakeUnitProject = Callable[..., Project]


@pytest.fixture
def unit_project(make_unit_project: MakeUnitProject) -> Project:
    return make_unit_project((UNIT, "2025-H2"), (OLD, "2025-H1"))


def write_params(project: Project, unit: str, period: str, text: str) -> Path:
    path = project.params_file(parse_period(period), unit)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(call: Callable[[], object]) -> list[str]:
    """Every finding the params check gives, as printed."""
    with pytest.raises(ValidationFailed) as caught:
        call()
    return [str(f) for f in caught.value.findings]


# ---- the layout --------------------------------------------------------------------------


def test_the_layout_puts_a_unit_under_its_own_folders(tmp_path: Path) -> None:
    project, period = Project(tmp_path), parse_period("2025-H2")
    assert project.params_file(period) == tmp_path / "params" / "2025-H2.yaml"
    assert project.params_file(period, UNIT) == tmp_path / "params" / UNIT / "2025-H2.yaml"
    assert project.period_data_dir(period) == tmp_path / "data" / "2025-H2"
    assert project.period_data_dir(period, UNIT) == tmp_path / "data" / UNIT / "2025-H2"
    assert project.output_root() == tmp_path / "output"
    assert project.output_root(UNIT) == tmp_path / "output" / UNIT
    assert project.output_root(UNIT, tmp_path / "x") == tmp_path / "x" / UNIT
    assert project.period_output_dir(period, unit=UNIT) == tmp_path / "output" / UNIT / "2025-H2"


def test_report_units_are_the_params_folders_holding_a_yaml(unit_project: Project) -> None:
    (unit_project.params_dir / "P01-ha-noi-2025").mkdir()  # nothing in it yet
    (unit_project.params_dir / ".hidden").mkdir()
    (unit_project.params_dir / ".hidden" / "2025-H2.yaml").write_text("", encoding="utf-8")
    assert unit_project.report_units() == [OLD, UNIT]


def test_a_unit_reads_its_own_params_and_data(unit_project: Project) -> None:
    inputs = load_period(unit_project, "2025-H2", unit=UNIT)
    assert inputs.unit == UNIT and inputs.params.unit == UNIT
    assert unit_project.shown(inputs.params_file) == f"params/{UNIT}/2025-H2.yaml"
    assert unit_project.shown(inputs.indicator_file) == f"data/{UNIT}/2025-H2/indicators.csv"
    # The registry names the unit, so a change to it outdates the report.
    assert unit_project.data_dir / "units.csv" in inputs.input_files


def test_a_params_file_in_a_units_folder_is_that_units(unit_project: Project) -> None:
    path = unit_project.params_file(parse_period("2025-H2"), UNIT)
    inputs = load_period(unit_project, "2025-H2", path)
    assert inputs.unit == UNIT
    assert report_unit(unit_project, path) == UNIT
    assert report_unit(unit_project, unit_project.params_dir / "2024-H1.yaml") == ""
    assert report_unit(unit_project, None, "", {"unit": UNIT}) == UNIT  # the notebook's way
    assert report_unit(unit_project, None, "", {"unit": ""}) == ""


def test_a_params_file_of_another_units_folder_is_refused(unit_project: Project) -> None:
    path = unit_project.params_file(parse_period("2025-H1"), OLD)
    with pytest.raises(PeriodError) as caught:
        load_period(unit_project, "2025-H1", path, unit=UNIT)
    assert str(caught.value) == (
        f"params/{OLD}/2025-H1.yaml, key unit: lies in the folder of unit {OLD}, "
        f"but unit {UNIT} was asked for"
    )


@pytest.mark.parametrize("unit", ["../data", "rollup", "Bắc-Ninh", "a/b"])
def test_a_malformed_unit_builds_no_path(unit_project: Project, unit: str) -> None:
    with pytest.raises(PeriodError, match="is not a unit id"):
        load_period(unit_project, "2025-H2", unit=unit)


def test_the_default_unit_is_as_before(unit_project: Project) -> None:
    inputs = load_period(unit_project, "2024-H1")
    assert inputs.unit == "" and inputs.params.unit == ""
    assert inputs.params.province == "tỉnh Bắc Giang"
    assert unit_project.shown(inputs.indicator_file) == "data/2024-H1/indicators.csv"
    assert unit_project.data_dir / "units.csv" not in inputs.input_files


# ---- the unit key ------------------------------------------------------------------------


def test_the_registry_fills_in_the_provinces_name(unit_project: Project) -> None:
    params = params_for(unit_project, "2025-H2", unit=UNIT)
    assert (params.province, params.province_en) == ("tỉnh Bắc Ninh", "Bắc Ninh province")
    assert params.reporting_unit == ""  # the registry names the unit: none is required


def test_the_params_own_province_wins(unit_project: Project) -> None:
    write_params(unit_project, UNIT, "2025-H2", f"period: 2025-H2\nas_of: 2025-12-31\n"
                 f"unit: {UNIT}\nprovince: tỉnh Bắc Ninh (mới)\n")  # fmt: skip
    params = params_for(unit_project, "2025-H2", unit=UNIT)
    assert (params.province, params.province_en) == ("tỉnh Bắc Ninh (mới)", "Bắc Ninh province")


def test_a_unit_that_ended_before_the_period_is_refused(unit_project: Project) -> None:
    write_params(unit_project, OLD, "2025-H2", f"period: 2025-H2\nas_of: 2025-12-31\nunit: {OLD}\n")
    found = refused(lambda: params_for(unit_project, "2025-H2", unit=OLD))
    assert found == [
        f"[critical] params/{OLD}/2025-H2.yaml, line 3, key unit: unit {OLD} (tỉnh Bắc Giang) "
        "ended on 2025-06-30, before period 2025-H2 began; it became part of "
        f"{UNIT} (tỉnh Bắc Ninh): report for that unit"
    ]


def test_a_unit_that_began_after_the_period_is_refused(unit_project: Project) -> None:
    write_params(unit_project, "", "2025-H1", f"period: 2025-H1\nas_of: 2025-06-30\nunit: {UNIT}\n")
    [found] = refused(lambda: params_for(unit_project, "2025-H1"))
    assert found.startswith("[critical] params/2025-H1.yaml, line 3, key unit: ")
    assert f"is in force from 2025-07-01, after period 2025-H1 ended; before that its area " \
           f"was reported by {OLD} (tỉnh Bắc Giang), P27-bac-ninh (tỉnh Bắc Ninh)" in found  # fmt: skip


def test_an_unknown_unit_names_the_closest_ids(unit_project: Project) -> None:
    write_params(unit_project, "", "2025-H2", "period: 2025-H2\nas_of: 2025-12-31\n"
                 "unit: P24-bac-ninh-2026\n")  # fmt: skip
    [found] = refused(lambda: params_for(unit_project, "2025-H2"))
    assert found.startswith(
        "[critical] params/2025-H2.yaml, line 3, key unit: unit 'P24-bac-ninh-2026': "
        "data/units.csv has no unit 'P24-bac-ninh-2026'; did you mean P24-bac-ninh-2025"
    )


@pytest.mark.parametrize(("value", "says"), [("yes", "must be text"), ("rollup", "not a unit id"),
                                             ("'../x'", "not a unit id")])  # fmt: skip
def test_a_unit_value_that_is_no_id_is_refused(
    unit_project: Project, value: str, says: str
) -> None:
    write_params(
        unit_project, "", "2025-H2", f"period: 2025-H2\nas_of: 2025-12-31\nunit: {value}\n"
    )
    [found] = refused(lambda: params_for(unit_project, "2025-H2"))
    assert found.startswith("[critical] params/2025-H2.yaml, line 3, key unit: unit ")
    assert says in found


def test_a_file_in_a_units_folder_says_its_unit(unit_project: Project) -> None:
    write_params(unit_project, UNIT, "2025-H2", "period: 2025-H2\nas_of: 2025-12-31\n"
                 "reporting_unit: Sở KH&CN\n")  # fmt: skip
    with pytest.raises(PeriodError) as caught:
        params_for(unit_project, "2025-H2", unit=UNIT)
    assert str(caught.value) == (
        f"params/{UNIT}/2025-H2.yaml, key unit: does not say unit, but it is read for unit "
        f"{UNIT}: a params file of params/{UNIT}/ says unit: {UNIT}"
    )
    write_params(
        unit_project, UNIT, "2025-H2", f"period: 2025-H2\nas_of: 2025-12-31\nunit: {OLD}\n"
    )
    with pytest.raises(PeriodError, match=rf"line 3, key unit: says unit '{OLD}'"):
        params_for(unit_project, "2025-H2", unit=UNIT)


def test_without_a_unit_the_reporting_unit_is_required(unit_project: Project) -> None:
    write_params(unit_project, "", "2025-H2", "period: 2025-H2\nas_of: 2025-12-31\n")
    assert refused(lambda: params_for(unit_project, "2025-H2")) == [
        "[critical] params/2025-H2.yaml, key reporting_unit: reporting_unit is missing "
        "(or name the unit with unit:)"
    ]
    write_params(unit_project, "", "2025-H2", "period: 2025-H2\nas_of: 2025-12-31\n"
                 "reporting_unit: ' '\n")  # fmt: skip
    assert refused(lambda: params_for(unit_project, "2025-H2")) == [
        "[critical] params/2025-H2.yaml, line 3, key reporting_unit: reporting_unit must not "
        "be empty"
    ]


def test_a_missing_units_folder_is_named(unit_project: Project) -> None:
    with pytest.raises(PeriodError) as caught:
        params_for(unit_project, "2025-H2", unit="P01-ha-noi-2025")
    assert str(caught.value) == (
        "params/P01-ha-noi-2025/2025-H2.yaml: no params file for period 2025-H2 of unit "
        "P01-ha-noi-2025; create it from another period's"
    )


# ---- predecessor weights -----------------------------------------------------------------

WEIGHTED = f"""period: 2025-H2
as_of: 2025-12-31
unit: {UNIT}
weights_basis: dân số / population
predecessor_weights:
  {OLD}: 1841000
  P27-bac-ninh: 1.5e+6
"""


def test_weights_are_read_as_exact_numbers_and_kept_frozen(unit_project: Project) -> None:
    write_params(unit_project, UNIT, "2025-H2", WEIGHTED)
    params = params_for(unit_project, "2025-H2", unit=UNIT)
    assert dict(params.predecessor_weights) == {
        OLD: Decimal(1841000),
        "P27-bac-ninh": Decimal("1500000.0"),
    }
    assert params.weights_basis == "dân số / population"
    assert isinstance(params.predecessor_weights, Weights)
    with pytest.raises(TypeError):
        params.predecessor_weights[OLD] = Decimal(1)  # type: ignore[index]
    # Papermill takes the weights as text, and they read back the same.
    as_text = params.to_dict()["predecessor_weights"]
    assert as_text == {OLD: "1841000", "P27-bac-ninh": "1500000.0"}
    again = params_for(
        unit_project, "2025-H2", overrides={"predecessor_weights": as_text}, unit=UNIT
    )
    assert again == params and hash(again) == hash(params)
    assert pickle.loads(pickle.dumps(params)) == params


def test_no_weights_by_default(unit_project: Project) -> None:
    params = params_for(unit_project, "2025-H2", unit=UNIT)
    assert dict(params.predecessor_weights) == {} and params.to_dict()["predecessor_weights"] == {}


@pytest.mark.parametrize(
    ("weight", "says"),
    [
        ("true", f"weight of '{OLD}' must be a positive number, not true/false"),
        ("0", f"weight of '{OLD}' must be above zero, not 0"),
        ("-5", f"weight of '{OLD}' must be above zero, not -5"),
        ("many", f"weight of '{OLD}' must be a positive number, not 'many'"),
        ("'1.841.000'", f"weight of '{OLD}' must be a positive number, not '1.841.000'"),
        (".nan", f"weight of '{OLD}' must be a finite number"),
        ("[1, 2]", f"weight of '{OLD}' must be a positive number, not a list"),
    ],
)
def test_a_weight_that_is_no_positive_number_is_refused(
    unit_project: Project, weight: str, says: str
) -> None:
    write_params(unit_project, UNIT, "2025-H2", WEIGHTED.replace("1841000", weight))
    assert refused(lambda: params_for(unit_project, "2025-H2", unit=UNIT)) == [
        f"[critical] params/{UNIT}/2025-H2.yaml, line 5, key predecessor_weights: "
        f"predecessor_weights {says}"
    ]


def test_weights_that_are_no_mapping_are_refused(unit_project: Project) -> None:
    path = write_params(unit_project, UNIT, "2025-H2", f"period: 2025-H2\nas_of: 2025-12-31\n"
                        f"unit: {UNIT}\npredecessor_weights: 5\nweights_basis: x\n")  # fmt: skip
    [found] = refused(lambda: load_params(path, unit_project.root))
    assert "line 4, key predecessor_weights: predecessor_weights must be a mapping" in found


def test_a_weight_for_a_unit_that_is_no_predecessor_is_refused(unit_project: Project) -> None:
    write_params(unit_project, UNIT, "2025-H2", WEIGHTED.replace("P27-bac-ninh", "P01-ha-noi"))
    assert refused(lambda: params_for(unit_project, "2025-H2", unit=UNIT)) == [
        f"[critical] params/{UNIT}/2025-H2.yaml, line 5, key predecessor_weights: "
        f"predecessor_weights: 'P01-ha-noi' is not a predecessor of {UNIT} (its predecessors: "
        f"{OLD}, P27-bac-ninh)"
    ]


def test_weights_need_their_basis_and_their_unit(unit_project: Project) -> None:
    write_params(
        unit_project, UNIT, "2025-H2", WEIGHTED.replace("weights_basis: dân số / population\n", "")
    )
    [found] = refused(lambda: params_for(unit_project, "2025-H2", unit=UNIT))
    assert found.startswith(
        f"[critical] params/{UNIT}/2025-H2.yaml, key weights_basis: weights_basis is missing"
    )
    write_params(
        unit_project, "", "2025-H2", WEIGHTED.replace(f"unit: {UNIT}\n", "reporting_unit: Sở\n")
    )
    [found] = refused(lambda: params_for(unit_project, "2025-H2"))
    assert "line 5, key predecessor_weights: predecessor_weights need unit" in found
