"""The unit registry: every reporting unit a report may name, and when it was in force.

``data/units.csv`` (described in ``data/units.md``) lists the province-level units before
and after the arrangement of 1 July 2025, with the units each old one was merged into.
A unit's periods live in ``params/<unit_id>/`` and ``data/<unit_id>/``, so an id is a
folder name: ASCII, never ``rollup`` (the folder of the roll-up reports).

The registry is read strictly and every rule is checked before any of it is used; all
problems are reported at once, each naming the file, the row, the column and the unit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dtreport.errors import InputError, Location
from dtreport.findings import Finding, Severity, raise_for_critical
from dtreport.inputs.tables import Table, TableRow, read_table
from dtreport.lang import Lang, pick
from dtreport.paths import Project
from dtreport.period import Period

__all__ = [
    "REGISTRY_COLUMNS",
    "REGISTRY_FILE",
    "ROLLUP_FOLDER",
    "UNIT_ID",
    "Registry",
    "Unit",
    "load_registry",
]

REGISTRY_FILE = "units.csv"
# output/rollup/<period>/ holds the roll-up reports, so no unit may take that folder's name.
ROLLUP_FOLDER = "rollup"
REGISTRY_COLUMNS = (
    "unit_id",
    "name_vi",
    "name_en",
    "level",
    "parent_id",
    "valid_from",
    "valid_to",
    "successors",
)
# A unit id names folders under params/, data/ and output/: ASCII only, no separator, no
# leading dot, so it never escapes them or hides in a listing.
UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*", re.ASCII)
# ASCII digits only, as period ids: one way of writing a date, so two rows never disagree.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CHECK = "units"
_CLOSE_IDS = 3


@dataclass(frozen=True)
class Unit:
    """One reporting unit of the registry and the days it is in force.

    ``valid_from`` ``None`` means in force since before the registry begins; ``valid_to``
    ``None``, still in force. ``successors`` are the units it became part of; ``row`` is its
    row in ``data/units.csv`` (header = row 1).
    """

    unit_id: str
    name_vi: str
    name_en: str
    level: str
    parent_id: str
    valid_from: date | None
    valid_to: date | None
    successors: tuple[str, ...]
    row: int

    def name(self, lang: Lang) -> str:
        """The unit's name in ``lang`` (``tỉnh Bắc Ninh``, ``Bắc Ninh province``)."""
        return pick(lang, self.name_vi, self.name_en)

    def in_force_on(self, day: date) -> bool:
        """True when the unit exists on ``day`` (both bounds included)."""
        after_start = self.valid_from is None or day >= self.valid_from
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end

    def overlaps(self, period: Period) -> bool:
        """True when the unit is in force on at least one day of ``period``."""
        starts_in_time = self.valid_to is None or period.start <= self.valid_to
        ends_in_time = self.valid_from is None or period.end >= self.valid_from
        return starts_in_time and ends_in_time


@dataclass(frozen=True)
class Registry:
    """The units of ``data/units.csv``, in file order, looked up by id."""

    path: Path
    units: tuple[Unit, ...]
    # How messages name the registry file (relative to the project).
    shown: str = REGISTRY_FILE
    _by_id: dict[str, Unit] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({unit.unit_id: unit for unit in self.units})

    def find(self, unit_id: str) -> Unit | None:
        """The unit with this id, or ``None``."""
        return self._by_id.get(unit_id)

    def get(self, unit_id: str) -> Unit:
        """The unit with this id; an :class:`InputError` naming the registry and close ids."""
        unit = self.find(unit_id)
        if unit is None:
            raise InputError.at(self.unknown(unit_id), self.shown)
        return unit

    def unknown(self, unit_id: str) -> str:
        """The message for an id the registry does not hold, with the ids closest to it."""
        close = difflib.get_close_matches(unit_id, list(self._by_id), n=_CLOSE_IDS, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"has no unit {unit_id!r}{hint}"

    def in_force(self, on: date, level: str | None = None) -> list[Unit]:
        """The units in force on ``on`` (of ``level`` when given), in file order."""
        return [
            unit
            for unit in self.units
            if unit.in_force_on(on) and (level is None or unit.level == level)
        ]

    def predecessors(self, unit_id: str) -> list[Unit]:
        """The units whose successors name ``unit_id``, in file order."""
        return [unit for unit in self.units if unit_id in unit.successors]


def load_registry(project: Project) -> Registry:
    """Read ``data/units.csv`` and check every rule of it.

    Raises :class:`ValidationFailed` listing every problem (file, row, column, unit id):
    a missing column, a unit id that is empty, not ASCII, ``rollup`` or given twice, a date
    not written ``YYYY-MM-DD`` or ``valid_from`` after ``valid_to``, a ``parent_id`` that
    names no unit, a successor that names no unit or does not start the day after its
    predecessor ends (a unit with successors must end).
    """
    path = project.data_dir / REGISTRY_FILE
    table = read_table(path, project.root)
    missing = [column for column in REGISTRY_COLUMNS if column not in table.columns]
    if missing:
        found = ", ".join(table.columns) or "none"
        raise_for_critical(
            [
                _problem(table, None, column, f"missing column {column!r} (columns found: {found})")
                for column in missing
            ],
            table.name,
        )
    table.require_rows()
    findings: list[Finding] = []
    units = [_unit(table, row, findings) for row in table.rows]
    _check_ids(table, units, findings)
    _check_links(table, units, findings)
    # One row's problems together, rows in file order, whichever rule found them.
    findings.sort(key=lambda finding: finding.location.row or 0)
    raise_for_critical(findings, table.name)
    return Registry(path, tuple(units), table.name)


def _problem(table: Table, unit: Unit | None, column: str, message: str) -> Finding:
    row = unit.row if unit is not None else 1
    unit_id = unit.unit_id if unit is not None and unit.unit_id else None
    return Finding(Severity.CRITICAL, _CHECK, message, Location(table.name, row, column, unit_id))


def _unit(table: Table, row: TableRow, findings: list[Finding]) -> Unit:
    """The row as a unit; each cell that breaks a rule of its own adds a finding."""
    unit_id = row.get("unit_id")
    dates: dict[str, date | None] = {}
    problems: list[tuple[str, str]] = []
    for column in ("valid_from", "valid_to"):
        dates[column], problem = _date(row.get(column))
        if problem:
            problems.append((column, problem))
    successors = tuple(item.strip() for item in row.get("successors").split(";"))
    if successors == ("",):
        successors = ()
    unit = Unit(
        unit_id=unit_id,
        name_vi=row.get("name_vi"),
        name_en=row.get("name_en"),
        level=row.get("level"),
        parent_id=row.get("parent_id"),
        valid_from=dates["valid_from"],
        valid_to=dates["valid_to"],
        successors=successors,
        row=row.number,
    )
    for column in ("unit_id", "name_vi", "name_en", "level"):
        if not row.get(column):
            problems.append((column, f"{column} is empty"))
    if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
        problems.append(
            (
                "valid_to",
                f"valid_to {unit.valid_to.isoformat()} is before valid_from "
                f"{unit.valid_from.isoformat()}",
            )
        )
    if "" in successors:
        problems.append(("successors", "has an empty item; separate unit ids by a single ';'"))
    if unit.successors and not row.get("valid_to"):
        problems.append(
            ("valid_to", "is empty, but the unit has successors: it must end the day before")
        )
    findings += [_problem(table, unit, column, message) for column, message in problems]
    return unit


def _date(text: str) -> tuple[date | None, str]:
    """The date written ``YYYY-MM-DD`` (empty: ``None``), and what is wrong with it if it is not."""
    if not text:
        return None, ""
    if not _ISO_DATE.fullmatch(text):
        return None, f"{text!r} is not a date written YYYY-MM-DD"
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"{text!r} is not a real date"


def _check_ids(table: Table, units: list[Unit], findings: list[Finding]) -> None:
    """Ids are folder names: ASCII, not the roll-up folder's name, and each one once."""
    first_row: dict[str, int] = {}
    for unit in units:
        if not unit.unit_id:
            continue
        if not UNIT_ID.fullmatch(unit.unit_id):
            findings.append(
                _problem(
                    table,
                    unit,
                    "unit_id",
                    f"{unit.unit_id!r} is not a unit id (ASCII letters and digits, then "
                    "also '-', '_', '.')",
                )
            )
        # Compared without case: on a case-insensitive disk "Rollup" is the same folder.
        if unit.unit_id.casefold() == ROLLUP_FOLDER:
            findings.append(
                _problem(
                    table,
                    unit,
                    "unit_id",
                    f"{unit.unit_id!r} is reserved: output/{ROLLUP_FOLDER}/ holds the "
                    "roll-up reports",
                )
            )
        key = unit.unit_id.casefold()
        if key in first_row:
            findings.append(
                _problem(
                    table,
                    unit,
                    "unit_id",
                    f"{unit.unit_id!r} is already the id of row {first_row[key]}",
                )
            )
        else:
            first_row[key] = unit.row


def _check_links(table: Table, units: list[Unit], findings: list[Finding]) -> None:
    """Parents and successors name units; a successor starts the day its predecessor ends."""
    by_id: dict[str, Unit] = {}
    for unit in units:
        by_id.setdefault(unit.unit_id, unit)
    for unit in units:
        if unit.parent_id and unit.parent_id not in by_id:
            findings.append(_problem(table, unit, "parent_id", f"{unit.parent_id!r} names no unit"))
        elif unit.parent_id == unit.unit_id and unit.unit_id:
            findings.append(_problem(table, unit, "parent_id", "a unit is not its own parent"))
        seen: set[str] = set()
        for successor_id in unit.successors:
            if not successor_id:
                continue
            if successor_id in seen:
                findings.append(
                    _problem(table, unit, "successors", f"{successor_id!r} is named twice")
                )
                continue
            seen.add(successor_id)
            successor = by_id.get(successor_id)
            if successor is None:
                findings.append(
                    _problem(table, unit, "successors", f"{successor_id!r} names no unit")
                )
                continue
            if unit.valid_to is None:
                continue  # already reported: a unit with successors must end
            day_after = unit.valid_to + timedelta(days=1)
            if successor.valid_from != day_after:
                starts = (
                    successor.valid_from.isoformat()
                    if successor.valid_from
                    else "before the registry begins"
                )
                findings.append(
                    _problem(
                        table,
                        unit,
                        "successors",
                        f"successor {successor_id!r} (row {successor.row}) is valid from "
                        f"{starts}, not from {day_after.isoformat()}, the day after this "
                        f"unit's valid_to",
                    )
                )
    _check_parent_cycles(table, units, by_id, findings)


def _check_parent_cycles(
    table: Table, units: list[Unit], by_id: dict[str, Unit], findings: list[Finding]
) -> None:
    """A unit is never its own ancestor: a loop of parents has no top to report to."""
    for unit in units:
        seen = {unit.unit_id}
        parent = by_id.get(unit.parent_id) if unit.parent_id != unit.unit_id else None
        while parent is not None:
            if parent.unit_id in seen:
                findings.append(
                    _problem(
                        table,
                        unit,
                        "parent_id",
                        f"the parents of {unit.unit_id!r} loop back to {parent.unit_id!r}",
                    )
                )
                break
            seen.add(parent.unit_id)
            parent = by_id.get(parent.parent_id) if parent.parent_id else None
