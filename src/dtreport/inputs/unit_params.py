"""The params that concern units: a merged unit's predecessor weights, the layout a params
file belongs to, and the checks of a report's unit against the registry.

:class:`dtreport.inputs.params.ReportParams` holds the keys (``unit``,
``predecessor_weights``, ``weights_basis``) and :func:`dtreport.inputs.params.params_for`
runs the checks here; what a unit is, and when it is in force, is
:mod:`dtreport.inputs.units`'.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

from dtreport.errors import PeriodError
from dtreport.inputs.units import ROLLUP_FOLDER, UNIT_ID, Registry, Unit
from dtreport.paths import Project
from dtreport.period import Period

if TYPE_CHECKING:
    from dtreport.inputs.params import ReportParams

__all__ = [
    "PredecessorWeights",
    "Weights",
    "is_unit_id",
    "registry_problems",
    "report_unit",
]


def is_unit_id(text: str) -> bool:
    """True when ``text`` may be a unit's id: a folder name of ASCII, and not ``rollup``."""
    return bool(UNIT_ID.fullmatch(text)) and text.casefold() != ROLLUP_FOLDER


def _kind(value: object) -> str:
    """What a YAML value is, in the words of a message to the person who wrote it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


# A weight written in digits, as ReportParams.to_dict() hands it on (papermill takes text).
_WEIGHT_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?", re.ASCII)


class Weights(Mapping[str, Decimal]):
    """A read-only mapping of predecessor unit id to weight, kept in the order written.

    Frozen params must not change under a caller, and a report may be built in another
    process: a plain tuple of pairs inside keeps it hashable and picklable.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Decimal] | Iterable[tuple[str, Decimal]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: tuple[tuple[str, Decimal], ...] = tuple(dict(pairs).items())

    def __getitem__(self, key: str) -> Decimal:
        for name, weight in self._items:
            if name == key:
                return weight
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Weights({dict(self._items)!r})"

    def __reduce__(self) -> tuple[type[Weights], tuple[tuple[tuple[str, Decimal], ...]]]:
        return (Weights, (self._items,))


def _weight(name: str, value: object) -> Decimal:
    """One weight: a positive, finite number; true/false and words are refused, not read."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"weight of {name!r} must be a positive number, not {_kind(value)}")
    if isinstance(value, str):
        if not _WEIGHT_TEXT.fullmatch(value.strip()):
            raise ValueError(f"weight of {name!r} must be a positive number, not {value!r}")
        value = value.strip()
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError(f"weight of {name!r} must be a finite number")
    if number <= 0:
        raise ValueError(f"weight of {name!r} must be above zero, not {value}")
    return number


def _weights(value: object) -> dict[str, Decimal]:
    """``predecessor id: weight`` pairs (population, households); empty when none are given."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(
            f"must be a mapping of unit id: number, one a line (P24-bac-giang: 1841000), "
            f"not {_kind(value)}"
        )
    weights: dict[str, Decimal] = {}
    for name, weight in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{name!r} is not a unit id")
        weights[name.strip()] = _weight(name.strip(), weight)
    return weights


def _weights_as_text(weights: Mapping[str, Decimal]) -> dict[str, str]:
    return {name: str(weight) for name, weight in weights.items()}


# ``predecessor_weights``: read strictly, kept read-only, handed to papermill as text.
PredecessorWeights = Annotated[
    Mapping[str, Decimal],
    BeforeValidator(_weights),
    AfterValidator(Weights),
    PlainSerializer(_weights_as_text),
]


def report_unit(
    project: Project,
    params_file: Path | None = None,
    unit: str = "",
    overrides: Mapping[str, Any] | None = None,
) -> str:
    """The unit whose folders a report reads and writes; "" for the single-unit layout.

    ``unit`` when given, else a ``unit`` override (the notebook's parameter), else the
    folder of a params file lying in ``params/<unit>/``. Refused (naming the file) when
    they disagree, and when the unit is no unit id, before any path is built from it.
    """
    override = (overrides or {}).get("unit")
    unit = unit or (override.strip() if isinstance(override, str) else "")
    if unit and not is_unit_id(unit):
        raise PeriodError.at(
            f"{unit!r} is not a unit id (letters, digits, '-', '_', '.'; see data/units.csv)",
            column="unit",
        )
    folder = _unit_folder(project, params_file)
    if unit and folder and folder != unit:
        assert params_file is not None
        raise PeriodError.at(
            f"lies in the folder of unit {folder}, but unit {unit} was asked for",
            project.shown(params_file),
            column="unit",
        )
    return unit or folder


def _unit_folder(project: Project, params_file: Path | None) -> str:
    """``<unit>`` when ``params_file`` is ``params/<unit>/<name>.yaml``, else ""."""
    if params_file is None:
        return ""
    here = Path(os.path.abspath(project.root / params_file))
    if here.parent.parent == Path(os.path.abspath(project.params_dir)):
        return here.parent.name
    return ""


def registry_problems(
    registry: Registry, params: ReportParams
) -> tuple[Unit | None, list[tuple[str, str]]]:
    """The unit ``params`` name, and what the registry says is wrong with them, as
    ``(key, problem)`` pairs: a unit it does not hold or not in force during the period,
    weights without a unit or for a unit that is not a predecessor."""
    unit = registry.find(params.unit) if params.unit else None
    problems: list[tuple[str, str]] = []
    if params.unit and unit is None:
        problems.append(("unit", f"unit {params.unit!r}: {registry.shown} "
                         + registry.unknown(params.unit)))  # fmt: skip
    elif unit is not None and not unit.overlaps(params.parsed_period):
        problems.append(("unit", _out_of_force(registry, unit, params.parsed_period)))
    if params.predecessor_weights:
        if not params.unit:
            problems.append(("predecessor_weights", "predecessor_weights need unit: the "
                             "merged unit whose predecessors they weigh"))  # fmt: skip
        elif unit is not None:
            own = [p.unit_id for p in registry.predecessors(unit.unit_id)]
            for name in params.predecessor_weights:
                if name not in own:
                    problems.append(("predecessor_weights", f"predecessor_weights: {name!r} is "
                                     f"not a predecessor of {unit.unit_id} (its predecessors: "
                                     f"{', '.join(own) or 'none'})"))  # fmt: skip
    return unit, problems


def _out_of_force(registry: Registry, unit: Unit, period: Period) -> str:
    """Why a unit cannot report for a period, and which unit to report for instead."""
    named = f"unit {unit.unit_id} ({unit.name_vi})"
    if unit.valid_to is not None and unit.valid_to < period.start:
        became = ", ".join(_named(registry, s) for s in unit.successors) or "no unit"
        return (
            f"{named} ended on {unit.valid_to.isoformat()}, before period {period.id} began; "
            f"it became part of {became}: report for that unit"
        )
    assert unit.valid_from is not None
    before = ", ".join(_named(registry, p.unit_id) for p in registry.predecessors(unit.unit_id))
    formed = f"; before that its area was reported by {before}" if before else ""
    return (
        f"{named} is in force from {unit.valid_from.isoformat()}, after period {period.id} "
        f"ended{formed}"
    )


def _named(registry: Registry, unit_id: str) -> str:
    unit = registry.find(unit_id)
    return f"{unit_id} ({unit.name_vi})" if unit is not None else unit_id
