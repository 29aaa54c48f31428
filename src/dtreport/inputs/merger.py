"""A merged unit's history: its predecessors' periods, combined into derived values.

Since 1 July 2025 there are 34 provinces instead of 63 (``data/units.csv``): Bắc Giang and
Bắc Ninh became ``P24-bac-ninh-2025``. A merged unit has no report of its own for the
periods before it existed, so its history there is derived from its predecessors' reports
of the same period (docs/methodology.md, "Merged units"):

- a period is derived when every predecessor has a report for it; an indicator's value
  only where every predecessor has a number for it: a mean of some of them is not the
  merged unit's value, so it is left out and a warning names the missing unit, period and
  indicator;
- the value is the mean of the predecessors' values, or their weighted mean when the
  params give ``predecessor_weights`` (population, households), as the provincial DTI
  gives a merged province the mean of its predecessors' indices;
- the mean is computed exactly (fractions, no binary floating point) and rounded once,
  half up, to ``MERGED_PLACES`` decimal places;
- every derived period says which units it comes from (``PeriodValues.derived_from``), so
  the report marks each value shown from it.

:func:`merge_periods` is the pure combination; :func:`merged_history` reads the
predecessors' periods (each through :func:`dtreport.inputs.history.load_history`, with
the same rules as any history) and merges those that end before the merged unit began.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from dtreport.errors import DtreportError, Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.history import History, PeriodValues, load_history
from dtreport.inputs.params import ReportParams, Weights, key_line
from dtreport.inputs.units import Unit, load_registry
from dtreport.paths import Project
from dtreport.period import parse_period

__all__ = [
    "MERGED_PLACES",
    "MERGER_CHECK",
    "merge_periods",
    "merged_history",
    "merged_value",
]

# The check name of the warnings about what a merged unit's history leaves out.
MERGER_CHECK = "merged_history"
# Decimal places a derived value is rounded to: the precision of the seed's figures
# (42,13%), so a derived value claims no more precision than the reports it comes from.
MERGED_PLACES = 2
# The key of the params that weighs the predecessors.
_WEIGHTS_KEY = "predecessor_weights"


def merged_value(values: Sequence[Decimal], weights: Sequence[Decimal] | None = None) -> Decimal:
    """The mean of ``values``, weighted by ``weights`` when given, rounded half up.

    ``sum(w × v) / sum(w)`` is computed as an exact fraction and rounded once, half away
    from zero, to :data:`MERGED_PLACES` places: 42,13 and 50 give 46,065, written 46,07.
    """
    if not values:
        raise ValueError("a mean needs at least one value")
    weights = weights if weights is not None else [Decimal(1)] * len(values)
    total = sum((Fraction(w) for w in weights), Fraction(0))
    if total <= 0:
        raise ValueError("the weights must add up to more than 0")
    weighted = sum(
        (Fraction(w) * Fraction(v) for v, w in zip(values, weights, strict=True)), Fraction(0)
    )
    return _half_up(weighted / total, MERGED_PLACES)


def _half_up(number: Fraction, places: int) -> Decimal:
    """``number`` rounded to ``places`` decimals, a half away from zero (as ROUND_HALF_UP)."""
    whole = math.floor(abs(number) * 10**places + Fraction(1, 2))
    return Decimal(-whole if number < 0 else whole).scaleb(-places)


def merge_periods(
    project: Project,
    unit_id: str,
    predecessors: Mapping[str, Sequence[PeriodValues]],
    weights: Mapping[str, Decimal] | None = None,
    extra_files: Sequence[Path] = (),
) -> History:
    """The derived periods of ``unit_id`` from each predecessor's periods, oldest first.

    ``predecessors`` maps each predecessor's id (in registry order) to its periods.
    A period is derived where every predecessor has it: its date is the latest of theirs,
    its files all of theirs (and ``extra_files``, the registry), and each indicator's value
    :func:`merged_value` of theirs, weighted by ``weights`` when given (every predecessor
    must have one). A period or a value some predecessors lack is left out with a warning
    naming the unit, the period and the indicator. Nothing is read: ``project`` only names
    files in the warnings.
    """
    ids = list(predecessors)
    if weights and any(unit not in weights for unit in ids):
        missing = ", ".join(unit for unit in ids if unit not in weights)
        raise ValueError(f"no weight for {missing}")
    by_period: dict[str, dict[str, PeriodValues]] = {}
    for unit, periods in predecessors.items():
        for period in periods:
            by_period.setdefault(period.period, {})[unit] = period
    merged: list[PeriodValues] = []
    findings: list[Finding] = []
    for period_id, reports in by_period.items():
        absent = [unit for unit in ids if unit not in reports]
        if absent:
            findings += [_period_missing(project, unit_id, unit, period_id) for unit in absent]
            continue
        values, left_out = _merged_values(project, unit_id, ids, reports, weights)
        findings += left_out
        files = [path for unit in ids for path in reports[unit].files]
        merged.append(
            PeriodValues(
                period_id,
                max(report.as_of for report in reports.values()),
                values,
                tuple(dict.fromkeys([*files, *extra_files])),
                derived_from=tuple(ids),
            )
        )
    merged.sort(key=lambda p: (p.as_of, p.period))
    return History(tuple(merged), tuple(findings))


def _merged_values(
    project: Project,
    unit_id: str,
    ids: Sequence[str],
    reports: Mapping[str, PeriodValues],
    weights: Mapping[str, Decimal] | None,
) -> tuple[dict[str, Decimal], list[Finding]]:
    """Each indicator's derived value, where every predecessor has one; warnings for the rest."""
    # Indicators in the order the predecessors list them, each once.
    indicators = list(dict.fromkeys(i for unit in ids for i in reports[unit].values))
    values: dict[str, Decimal] = {}
    findings: list[Finding] = []
    for indicator in indicators:
        absent = [unit for unit in ids if indicator not in reports[unit].values]
        if absent:
            findings += [
                _value_missing(project, unit_id, reports[unit], unit, indicator) for unit in absent
            ]
            continue
        numbers = [reports[unit].values[indicator] for unit in ids]
        values[indicator] = merged_value(numbers, [weights[u] for u in ids] if weights else None)
    return values, findings


def _value_missing(
    project: Project, unit_id: str, report: PeriodValues, missing: str, indicator: str
) -> Finding:
    """The warning for an indicator one predecessor has no number for in a period."""
    data = next((path for path in report.files if path.stem == "indicators"), None)
    where = Location(project.shown(data) if data else "", None, "value", indicator)
    period = report.period
    return Finding(
        Severity.WARNING,
        MERGER_CHECK,
        f"{missing} has no value for {indicator} in {period}: {unit_id}'s derived value for "
        f"{period} is left out (a mean of some of its predecessors is not its value)",
        where,
        indicator_id=indicator,
        message_vi=f"{missing} không có giá trị chỉ tiêu {indicator} kỳ {period}: không suy "
        f"ra giá trị của {unit_id} kỳ {period} cho chỉ tiêu này (trung bình của một phần các "
        "tỉnh trước sắp xếp không phải giá trị của tỉnh sau sắp xếp)",
    )


def _period_missing(project: Project, unit_id: str, missing: str, period_id: str) -> Finding:
    """The warning for a period some predecessors reported and ``missing`` did not."""
    expected = project.shown(project.params_file(parse_period(period_id), missing))
    return Finding(
        Severity.WARNING,
        MERGER_CHECK,
        f"{missing} has no report for {period_id} (no readable {expected} with data): "
        f"{unit_id}'s values for {period_id} are not derived",
        Location(expected),
        message_vi=f"{missing} không có báo cáo kỳ {period_id} (không có {expected} đọc được "
        f"kèm số liệu): không suy ra giá trị của {unit_id} kỳ {period_id}",
    )


def merged_history(project: Project, params: ReportParams) -> History:
    """The derived periods of the unit ``params`` name, from its predecessors' periods.

    Nothing for a report that names no unit, or a unit without predecessors in the
    registry. Each predecessor's periods are its own history as of this period (same
    catalogue, ``as_of`` not after this period's, the illustrative rule; see
    :func:`dtreport.inputs.history.load_history`), those ending before the unit began.
    Weights missing for some predecessor are a critical finding on the params file.
    """
    if not params.unit:
        return History()
    try:
        registry = load_registry(project)
    except DtreportError:
        # The params check names the registry's problems; the history just has no merger.
        return History()
    unit = registry.find(params.unit)
    predecessors = registry.predecessors(params.unit) if unit is not None else []
    if unit is None or unit.valid_from is None or not predecessors:
        return History()
    weights = dict(params.predecessor_weights)
    if weights and any(p.unit_id not in weights for p in predecessors):
        return History(findings=(_weights_missing(project, params, predecessors, weights),))
    histories: dict[str, list[PeriodValues]] = {}
    findings: list[Finding] = []
    for predecessor in predecessors:
        if not project.unit_params_dir(predecessor.unit_id).is_dir():
            # No report of it at all: the merged periods say which unit is missing.
            histories[predecessor.unit_id] = []
            continue
        own = load_history(project, _as_predecessor(params, predecessor))
        findings += own.findings
        histories[predecessor.unit_id] = [
            p for p in own.periods if parse_period(p.period).end < unit.valid_from
        ]
    merged = merge_periods(project, unit.unit_id, histories, weights or None, [registry.path])
    return History(merged.periods, (*findings, *merged.findings))


def _as_predecessor(params: ReportParams, predecessor: Unit) -> ReportParams:
    """``params`` speaking for ``predecessor``: its history is read with the same rules.

    The unit's own names and weights are dropped, so the predecessor's periods are compared
    by its unit id alone.
    """
    return params.model_copy(
        update={
            "unit": predecessor.unit_id,
            "province": "",
            "province_en": "",
            _WEIGHTS_KEY: Weights(),
            "weights_basis": "",
        }
    )


def _weights_missing(
    project: Project,
    params: ReportParams,
    predecessors: Sequence[Unit],
    weights: Mapping[str, Decimal],
) -> Finding:
    """The critical finding for weights that leave a predecessor out."""
    path = project.params_file(params.parsed_period, params.unit)
    missing = ", ".join(p.unit_id for p in predecessors if p.unit_id not in weights)
    every = ", ".join(p.unit_id for p in predecessors)
    return Finding(
        Severity.CRITICAL,
        MERGER_CHECK,
        f"{_WEIGHTS_KEY} gives no weight for {missing}: give one for every predecessor of "
        f"{params.unit} ({every}), or none for the plain mean",
        Location(project.shown(path), key_line(path, _WEIGHTS_KEY), _WEIGHTS_KEY),
        message_vi=f"{_WEIGHTS_KEY} thiếu trọng số của {missing}: cần trọng số cho mọi tỉnh "
        f"trước sắp xếp của {params.unit} ({every}), hoặc bỏ trống để lấy trung bình cộng",
    )
