"""A period's parameters: ``params/<period>.yaml``, and every override of them, checked alike.

The file and the overrides (``dtreport run --lang``, papermill ``-p``/``-f``, the
notebook's parameters cell in JupyterLab) meet in one typed model, so a value is
refused with the same message whichever way it came in. Every key here is also a
parameter of the report notebook (a test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from dtreport.errors import Location, PeriodError
from dtreport.findings import Finding, Severity, raise_for_critical
from dtreport.inputs.unit_params import (
    PredecessorWeights,
    Weights,
    is_unit_id,
    registry_problems,
    report_unit,
)
from dtreport.inputs.units import load_registry
from dtreport.inputs.yamlfile import load_yaml
from dtreport.lang import LANGS, Lang
from dtreport.paths import Project, shown_path
from dtreport.period import Period, parse_period

__all__ = [
    "ReportParams",
    "Weights",
    "key_line",
    "load_params",
    "param_names",
    "params_for",
    "report_unit",
]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_CATALOG_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*", re.ASCII)


def _text(value: object) -> str:
    """Text as written; a YAML number, boolean, list or mapping is refused, never converted."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise ValueError(f"must be text, not {_kind(value)}; put the value in quotes")


def _kind(value: object) -> str:
    """What a YAML value is, in the words of a message to the person who wrote it."""
    kinds = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    if isinstance(value, str):
        return "one text"
    return kinds.get(type(value), "a mapping" if isinstance(value, dict) else type(value).__name__)


def _required_text(value: object) -> str:
    text = _text(value)
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def _text_list(value: object) -> tuple[str, ...]:
    """A YAML list of text, one item a line; each item is text as written and not empty.

    A single string is refused rather than split: where one list item ends is the writer's
    choice, and a recipient's name may itself hold a comma or a semicolon.
    """
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise ValueError(
            f"must be a list of text, not {_kind(value)}; write each item on a line of its own "
            "starting with '- '"
        )
    items = []
    for number, item in enumerate(value, start=1):
        try:
            text = _required_text(item)
        except ValueError as exc:
            raise ValueError(f"item {number} {exc}") from None
        items.append(" ".join(text.split()))
    return tuple(items)


def _date(value: object) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None


def _optional_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    return _date(value)


def _period(value: object) -> str:
    text = _required_text(value)
    try:
        return parse_period(text).id
    except PeriodError as exc:
        raise ValueError(exc.message) from None


def _lang(value: object) -> Lang:
    if value is None or value == "":
        return "vi"
    if value not in LANGS:
        raise ValueError(f"{value!r} is not one of {', '.join(LANGS)}")
    return value


def _flag(value: object) -> bool:
    """``true`` or ``false`` as YAML writes them; ``yes``, 1 or text is refused, not converted."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_kind(value)}")
    return value


def _unit_id(value: object) -> str:
    """A unit id of the registry (folder names: ASCII), or "" for a report that names none."""
    text = _text(value).strip()
    if text and not is_unit_id(text):
        raise ValueError(
            f"{text!r} is not a unit id of data/units.csv (letters, digits, '-', '_', '.')"
        )
    return text


def _catalog(value: object) -> str:
    text = _required_text(value).strip()
    if not _CATALOG_ID.fullmatch(text):
        raise ValueError(f"{text!r} is not a catalogue id (letters, digits, '-', '_', '.')")
    return text


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]
IsoDate = Annotated[date, BeforeValidator(_date)]
OptionalDate = Annotated[date | None, BeforeValidator(_optional_date)]
PeriodId = Annotated[str, BeforeValidator(_period)]
LangCode = Annotated[Lang, BeforeValidator(_lang)]
CatalogId = Annotated[str, BeforeValidator(_catalog)]
TextList = Annotated[tuple[str, ...], BeforeValidator(_text_list)]
Flag = Annotated[bool, BeforeValidator(_flag)]
UnitId = Annotated[str, BeforeValidator(_unit_id)]


class ReportParams(BaseModel):
    """What a period's report is about and how it is labelled."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    period: PeriodId
    as_of: IsoDate
    # Required unless ``unit`` names a unit of the registry (see load_params).
    reporting_unit: Text = ""
    catalog: CatalogId = "qd749"
    lang: LangCode = "vi"
    province: Text = ""
    province_en: Text = ""
    reporting_unit_en: Text = ""
    document_number: Text = ""
    place: Text = ""
    report_date: OptionalDate = None
    title_vi: Text = ""
    title_en: Text = ""
    reference_vi: Text = ""
    reference_en: Text = ""
    signer_title_vi: Text = ""
    signer_title_en: Text = ""
    signer_name: Text = ""
    # "Nơi nhận:" under the report, one recipient an item, the archive line ("Lưu: VT.") last.
    recipients_vi: TextList = ()
    recipients_en: TextList = ()
    # Made-up figures for demonstration: the report is marked so on every page and in the index.
    illustrative: Flag = False
    # The unit of data/units.csv the report is for; "" names none (the single-unit layout).
    unit: UnitId = ""
    # A merged unit's predecessors weighted (population, households) for its history.
    predecessor_weights: PredecessorWeights = Field(default_factory=Weights)
    weights_basis: Text = ""

    @property
    def parsed_period(self) -> Period:
        """The period, parsed."""
        return parse_period(self.period)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as papermill takes them (dates as ``YYYY-MM-DD``, no date as "",
        weights as digits)."""
        return {
            key: "" if value is None else value.isoformat() if isinstance(value, date) else value
            for key, value in self.model_dump().items()
        }


def param_names() -> list[str]:
    """Every key a params file may carry."""
    return list(ReportParams.model_fields)


def key_line(path: Path, key: str) -> int | None:
    """The line of ``path`` where the top-level ``key`` is set, if it is."""
    return _key_lines(path).get(key)


def _key_lines(path: Path) -> dict[str, int]:
    """The line each top-level key starts on, so a message can point at it."""
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*:", line)
        if match:
            lines.setdefault(match[1], number)
    return lines


def load_params(
    path: Path, root: Path | None = None, overrides: Mapping[str, Any] | None = None
) -> ReportParams:
    """Read a params file, apply ``overrides`` (``None`` values keep the file's), and check all.

    Every problem is a critical finding naming the params file, the line and the key; an
    overridden key is named as a parameter given to the notebook or command. Raises
    :class:`ValidationFailed` listing them all. What needs the unit registry (does the unit
    exist, do the weights name its predecessors) is checked by :func:`params_for`.
    """
    shown = shown_path(path, root)
    data = load_yaml(path, shown)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PeriodError.at("must be a mapping of key: value", shown)
    given = _given(overrides)
    merged = {**data, **given}
    lines = _key_lines(path)
    findings: list[Finding] = []
    known = set(param_names())
    for key in merged:
        if key not in known:
            findings.append(_problem(shown, lines, key, given, f"unknown key {key!r}; known: "
                                     + ", ".join(param_names())))  # fmt: skip
    if not findings:
        flagged: set[str] = set()
        try:
            params = ReportParams(**merged)
        except ValidationError as exc:
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                message = str(error["msg"]).removeprefix("Value error, ")
                if error["type"] == "missing":
                    message = "is missing"
                findings.append(_problem(shown, lines, key, given, f"{key} {message}"))
                flagged.add(key)
        for key, message in _together(merged):
            if key not in flagged:
                findings.append(_problem(shown, lines, key, given, f"{key} {message}"))
        if not findings:
            return params
    raise_for_critical(findings, shown)
    raise AssertionError("unreachable")  # pragma: no cover


def _given(overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """The overrides that override: ``None`` keeps the file's value, and so does a ``unit``
    of "" (the notebook's default, which picks no unit folder)."""
    return {
        key: value
        for key, value in (overrides or {}).items()
        if value is not None and not (key == "unit" and value == "")
    }


def _together(merged: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rules that tie keys together, as (key, problem) pairs."""
    problems: list[tuple[str, str]] = []
    # Any unit written counts: a bad one is refused on its own key, not as a missing office.
    unit = merged.get("unit")
    names_unit = unit is not None and not (isinstance(unit, str) and not unit.strip())
    reporting_unit = merged.get("reporting_unit")
    if not names_unit:
        # The registry names the unit where the params name one; otherwise the params must.
        if "reporting_unit" not in merged:
            problems.append(("reporting_unit", "is missing (or name the unit with unit:)"))
        elif reporting_unit is None or (
            isinstance(reporting_unit, str) and not reporting_unit.strip()
        ):
            problems.append(("reporting_unit", "must not be empty"))
    weights = merged.get("predecessor_weights")
    basis = merged.get("weights_basis")
    if weights and (basis is None or (isinstance(basis, str) and not basis.strip())):
        problems.append(
            (
                "weights_basis",
                "is missing: say what predecessor_weights count (dân số / population, "
                "số hộ / households)",
            )
        )
    return problems


def _problem(
    shown: str, lines: Mapping[str, int], key: str, given: Mapping[str, Any], message: str
) -> Finding:
    if key in given:
        message += " (given as a parameter, overriding the file)"
        row = None
    else:
        row = lines.get(key)
    return Finding(Severity.CRITICAL, "params", message, Location(shown, row, key or None))


def params_for(
    project: Project,
    period_id: str,
    params_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    unit: str = "",
) -> ReportParams:
    """The params of ``period_id``: from ``params_file`` if given, else the period's file.

    The period's file is ``params/<period>.yaml``, or ``params/<unit>/<period>.yaml`` for a
    unit (``unit``, else a ``unit`` override, as the notebook's parameter gives it). A file in
    a unit's folder must say ``unit: <unit>``; a unit named must be in the registry and in
    force during the period; ``predecessor_weights`` must name its predecessors. Where the
    params leave ``province``/``province_en`` out, the registry's names fill them.
    """
    period = parse_period(period_id)
    layout = report_unit(project, params_file, unit, _given(overrides))
    path = params_file or project.params_file(period, layout)
    if not path.exists():
        whose = f" of unit {layout}" if layout else ""
        raise PeriodError.at(
            f"no params file for period {period.id}{whose}; create it from another period's",
            project.shown(path),
        )
    params = load_params(path, project.root, overrides)
    if params.period != period.id:
        raise PeriodError.at(
            f"says period {params.period!r} but {period.id!r} was asked for",
            project.shown(path),
            row=key_line(path, "period"),
            column="period",
        )
    if layout and params.unit != layout:
        said = f"says unit {params.unit!r}" if params.unit else "does not say unit"
        raise PeriodError.at(
            f"{said}, but it is read for unit {layout}: a params file of params/{layout}/ "
            f"says unit: {layout}",
            project.shown(path),
            row=key_line(path, "unit"),
            column="unit",
        )
    return _with_registry(project, params, path, _given(overrides))


def _with_registry(
    project: Project, params: ReportParams, path: Path, given: Mapping[str, Any]
) -> ReportParams:
    """Check the unit and the weights against the registry; fill in the unit's names."""
    if not params.unit and not params.predecessor_weights:
        return params
    registry = load_registry(project)
    shown, lines = project.shown(path), _key_lines(path)
    unit, problems = registry_problems(registry, params)
    raise_for_critical(
        [_problem(shown, lines, key, given, message) for key, message in problems], shown
    )
    if unit is None:
        return params
    return params.model_copy(
        update={
            "province": params.province or unit.name_vi,
            "province_en": params.province_en or unit.name_en,
        }
    )
