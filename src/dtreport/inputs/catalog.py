"""The indicator catalogue: which indicators a framework sets, by pillar, with which targets.

A catalogue is ``data/catalog/<id>.csv`` (one row per indicator, one
``target_<year>`` column per target year) plus ``<id>.yaml`` (its title).
Another framework, or a province's own targets, is another pair of files.

Optional columns:

- ``source_<year>`` and ``verified_<year>`` (``verified``, ``secondary`` or ``open``) cite
  each ``target_<year>`` and say how sure it is (docs/targets.md);
- ``valid_from`` and ``valid_to`` (``YYYY-MM-DD``) bound the time an indicator applies:
  a period it does not overlap does not report it (the district level, abolished on
  1 July 2025, has no work records after that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from dtreport.errors import CatalogError, InputError, Location
from dtreport.inputs.numbers import Unit
from dtreport.inputs.tables import read_table
from dtreport.inputs.target import CONFIDENCES, Direction, Target, parse_target
from dtreport.inputs.yamlfile import load_yaml
from dtreport.lang import Lang, pick
from dtreport.paths import shown_path
from dtreport.period import Period

__all__ = ["Catalog", "Indicator", "Measure", "load_catalog"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_TARGET_COLUMN = re.compile(r"^target_(\d{4})$")
# The columns that go with a target_<year>: its citation and how sure it is.
_TARGET_NOTE_COLUMN = re.compile(r"^(source|verified)_(\d{4})$")
# ASCII digits only, as period ids: a date is written one way, so two rows never disagree on it.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
VALIDITY_COLUMNS = ("valid_from", "valid_to")
REQUIRED_COLUMNS = (
    "indicator_id",
    "pillar",
    "pillar_name_vi",
    "pillar_name_en",
    "name_vi",
    "name_en",
    "unit",
    "measure",
    "direction",
    "source",
)
# A chart labels each bar with the indicator's short name; longer ones crowd out the bars.
SHORT_NAME_LIMIT = 40
SHORT_NAME_COLUMNS = ("short_vi", "short_en")
# What a figure measures decides its plausible range (see docs/methodology.md).
Measure = str
MEASURES = frozenset({"share", "growth", "level"})


@dataclass(frozen=True)
class Indicator:
    """One indicator of a catalogue.

    ``source`` says where the indicator itself (its name and definition) is taken from; each
    target cites its own (:attr:`Target.source`). ``valid_from`` and ``valid_to`` bound the
    days it applies to (``None``: unbounded on that side).
    """

    id: str
    pillar: str
    pillar_name_vi: str
    pillar_name_en: str
    name_vi: str
    name_en: str
    unit: Unit
    measure: Measure
    direction: Direction
    targets: tuple[Target, ...]
    source: str
    row: int
    short_vi: str = ""
    short_en: str = ""
    valid_from: date | None = None
    valid_to: date | None = None

    def applies_to(self, period: Period) -> bool:
        """True when the period overlaps the indicator's validity.

        It applies when the period starts on or before ``valid_to`` and ends on or after
        ``valid_from``: a period that straddles a bound still reports the part it covers.
        """
        starts_in_time = self.valid_to is None or period.start <= self.valid_to
        ends_in_time = self.valid_from is None or period.end >= self.valid_from
        return starts_in_time and ends_in_time

    def name(self, lang: Lang) -> str:
        """The indicator's name in ``lang``."""
        return pick(lang, self.name_vi, self.name_en)

    def short_name(self, lang: Lang) -> str:
        """The short name in ``lang`` (the optional ``short_<lang>`` column); else the id."""
        return (pick(lang, self.short_vi, self.short_en)) or self.id

    def pillar_name(self, lang: Lang) -> str:
        """The pillar's name in ``lang``."""
        return pick(lang, self.pillar_name_vi, self.pillar_name_en)

    def applicable_target(self, period_year: int) -> Target:
        """The earliest target whose year is at or after ``period_year``; else the latest."""
        later = [t for t in self.targets if t.year >= period_year]
        return (
            min(later, key=lambda t: t.year) if later else max(self.targets, key=lambda t: t.year)
        )


@dataclass(frozen=True)
class Catalog:
    """An indicator catalogue, its title and where it was read from."""

    id: str
    path: Path
    indicators: tuple[Indicator, ...]
    title_vi: str = ""
    title_en: str = ""
    short_vi: str = ""
    short_en: str = ""
    # Whose targets the catalogue holds (the yaml's ``targets_of``); kept, not shown yet.
    targets_of: str = ""
    _by_id: dict[str, Indicator] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({i.id: i for i in self.indicators})

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or ``None``."""
        return self._by_id.get(indicator_id)

    def title(self, lang: Lang) -> str:
        """The framework's full title in ``lang``."""
        return pick(lang, self.title_vi, self.title_en)

    def applicable(self, period: Period) -> tuple[Indicator, ...]:
        """The indicators that apply to ``period``, in catalogue order."""
        return tuple(i for i in self.indicators if i.applies_to(period))

    @property
    def pillars(self) -> list[tuple[str, str, str]]:
        """``(code, name_vi, name_en)`` of each pillar, in catalogue order."""
        seen: dict[str, tuple[str, str, str]] = {}
        for i in self.indicators:
            seen.setdefault(i.pillar, (i.pillar, i.pillar_name_vi, i.pillar_name_en))
        return list(seen.values())


def catalog_path(catalog_dir: Path, catalog_id: str) -> Path:
    """``<catalog_dir>/<id>.csv``, refusing ids that are not plain names."""
    if not _ID.match(catalog_id):
        raise CatalogError(f"{catalog_id!r} is not a catalogue id (letters, digits, '-', '_')")
    return catalog_dir / f"{catalog_id}.csv"


def load_catalog(catalog_dir: Path, catalog_id: str = "qd749", root: Path | None = None) -> Catalog:
    """Read and check a catalogue, or raise :class:`CatalogError` naming the row and column.

    ``root`` is the project folder, so messages name the file relative to it.
    """
    path = catalog_path(catalog_dir, catalog_id)
    shown = shown_path(path, root)
    if not path.exists():
        raise CatalogError(f"catalogue {catalog_id!r} not found", Location(shown))
    table = read_table(path, root)
    table.require_columns(*REQUIRED_COLUMNS)
    target_columns = [(c, int(m[1])) for c in table.columns if (m := _TARGET_COLUMN.match(c))]
    if not target_columns:
        raise CatalogError("no target_<year> column", Location(shown, 1))
    target_years = {year for _, year in target_columns}
    for column in table.columns:
        note = _TARGET_NOTE_COLUMN.match(column)
        if note and int(note[2]) not in target_years:
            raise CatalogError(
                f"{column} has no target_{note[2]} column to go with", Location(shown, 1, column)
            )
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for row in table.rows:

        def where(
            column: str, row_number: int = row.number, row_id: str = row.get("indicator_id")
        ) -> Location:
            return Location(shown, row_number, column, row_id or None)

        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                raise CatalogError("is empty", where(column))
        indicator_id = row.get("indicator_id")
        if not _ID.match(indicator_id):
            raise CatalogError(f"{indicator_id!r} is not an indicator id", where("indicator_id"))
        if indicator_id in seen:
            raise CatalogError(f"duplicate indicator id {indicator_id!r}", where("indicator_id"))
        seen.add(indicator_id)
        try:
            unit = Unit(row.get("unit"))
        except ValueError:
            raise CatalogError(
                f"unknown unit {row.get('unit')!r} (use {', '.join(Unit)})", where("unit")
            ) from None
        try:
            direction = Direction(row.get("direction"))
        except ValueError:
            raise CatalogError(
                f"unknown direction {row.get('direction')!r} (use higher or lower)",
                where("direction"),
            ) from None
        measure = row.get("measure")
        if measure not in MEASURES:
            raise CatalogError(
                f"unknown measure {measure!r} (use {', '.join(sorted(MEASURES))})", where("measure")
            )
        confidences = {
            year: _confidence(row.get(f"verified_{year}"), where(f"verified_{year}"))
            for _, year in target_columns
        }
        targets = tuple(
            _cited(
                parse_target(row.get(column), year, direction, unit, where(column)),
                row.get(f"source_{year}"),
                confidences[year],
                where,
            )
            for column, year in target_columns
            if row.get(column)
        )
        for column, year in target_columns:
            confidence = confidences[year]
            if not row.get(column) and confidence not in ("", "open"):
                raise CatalogError(
                    f"says {confidence!r} but {column} is empty: there is no target to be sure "
                    "of (write open when nothing citable was found)",
                    where(f"verified_{year}"),
                )
        valid_from = _date(row.get("valid_from"), where("valid_from"))
        valid_to = _date(row.get("valid_to"), where("valid_to"))
        if valid_from is not None and valid_to is not None and valid_to < valid_from:
            raise CatalogError(
                f"{valid_to.isoformat()} is before valid_from {valid_from.isoformat()}",
                where("valid_to"),
            )
        if not targets:
            raise CatalogError("has no target in any target_<year> column", where("target_"))
        for column in SHORT_NAME_COLUMNS:
            if len(row.get(column)) > SHORT_NAME_LIMIT:
                raise CatalogError(
                    f"short name is longer than {SHORT_NAME_LIMIT} characters", where(column)
                )
        indicators.append(
            Indicator(
                id=indicator_id,
                pillar=row.get("pillar"),
                pillar_name_vi=row.get("pillar_name_vi"),
                pillar_name_en=row.get("pillar_name_en"),
                name_vi=row.get("name_vi"),
                name_en=row.get("name_en"),
                unit=unit,
                measure=measure,
                direction=direction,
                targets=targets,
                source=row.get("source"),
                row=row.number,
                short_vi=row.get("short_vi"),
                short_en=row.get("short_en"),
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
    if not indicators:
        raise CatalogError("catalogue has no indicators", Location(shown))
    meta = _load_meta(path.with_suffix(".yaml"), shown_path(path.with_suffix(".yaml"), root))
    return Catalog(
        catalog_id,
        path,
        tuple(indicators),
        title_vi=meta.get("title_vi", ""),
        title_en=meta.get("title_en", ""),
        short_vi=meta.get("short_vi", ""),
        short_en=meta.get("short_en", ""),
        targets_of=meta.get("targets_of", ""),
    )


def _confidence(text: str, where: Location) -> str:
    """A ``verified_<year>`` cell: empty, or one of :data:`CONFIDENCES` (any case)."""
    word = text.strip().casefold()
    if word and word not in CONFIDENCES:
        raise CatalogError(f"unknown confidence {text!r} (use {', '.join(CONFIDENCES)})", where)
    return word


def _cited(
    target: Target, source: str, confidence: str, where: Callable[[str], Location]
) -> Target:
    """``target`` with its source and confidence; a sure target must say where it comes from.

    A target without a source does not go into a catalogue as if it were verified (or
    secondary): those need a ``source_<year>``; ``open`` and unsaid ones are shown as
    unverified (docs/targets.md).
    """
    if confidence not in ("", "open") and not source:
        raise CatalogError(
            f"target_{target.year} {target.text!r} is marked {confidence!r} but cites no "
            "source: fill it in, or mark the target open",
            where(f"source_{target.year}"),
        )
    return replace(target, source=" ".join(source.split()), confidence=confidence)


def _date(text: str, where: Location) -> date | None:
    """A ``valid_from``/``valid_to`` cell: empty (unbounded) or a real ``YYYY-MM-DD`` date."""
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise CatalogError(
            f"{text!r} is not a date; write YYYY-MM-DD (2025-06-30)", where
        ) from None


def _load_meta(path: Path, shown: str) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = load_yaml(path, shown) or {}
    except InputError as exc:
        raise CatalogError(exc.message, exc.location) from None
    if not isinstance(data, dict):
        raise CatalogError("must be a mapping of key: value", Location(shown))
    # Other keys (source, missing, not_provincial, …) record the catalogue's research and are
    # left to readers of the file.
    keys = ("title_vi", "title_en", "short_vi", "short_en")
    for key in keys:
        if key in data and not isinstance(data[key], str):
            raise CatalogError("must be text", Location(shown, None, key))
    meta = {k: " ".join(str(data[k]).split()) for k in keys if k in data}
    if "targets_of" in data:
        meta["targets_of"] = _targets_of(data["targets_of"], Location(shown, None, "targets_of"))
    return meta


def _targets_of(value: object, where: Location) -> str:
    """Whose targets the catalogue holds: a text, or one text per target year (``2025: …``)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict) and all(
        isinstance(v, str | int) and not isinstance(v, bool) for v in value.values()
    ):
        return "; ".join(f"{k}: {' '.join(str(v).split())}" for k, v in value.items())
    raise CatalogError("must be text, or a mapping of target year: text", where)
