"""What the commands share: argument types, the parsers every command takes, the params file."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from dtreport.errors import DtreportError, UsageError
from dtreport.inputs.unit_params import is_unit_id
from dtreport.lang import LANGS, Lang
from dtreport.paths import Project
from dtreport.period import Period, parse_period

__all__ = [
    "FORMATS",
    "Parents",
    "all_reports",
    "format_list",
    "formats",
    "known_periods",
    "locate_params",
    "overrides",
    "period",
    "positive",
    "unit",
]

FORMATS = ("html", "pdf", "xlsx", "docx")


def period(text: str) -> Period:
    """argparse type: a period id, refused at the command line (exit 2) when malformed."""
    try:
        return parse_period(text)
    except DtreportError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def unit(text: str) -> str:
    """argparse type: a unit id as data/units.csv writes it, refused (exit 2) when malformed.

    Checked before any path is built from it: the id names folders under params/, data/
    and output/. "" is the default unit (the single-unit layout), as without ``--unit``.
    """
    chosen = text.strip()
    if chosen and not is_unit_id(chosen):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a unit id (letters, digits, '-', '_', '.'; see data/units.csv)"
        )
    return chosen


def format_list(allowed: Sequence[str]) -> Callable[[str], list[str]]:
    """An argparse type: comma-separated output formats, each one of ``allowed``."""

    def parse(text: str) -> list[str]:
        chosen = [f.strip() for f in text.split(",") if f.strip()]
        unknown = sorted(set(chosen) - set(allowed))
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(
                f"unknown format(s) {', '.join(unknown) or '(none)'}; use {','.join(allowed)}"
            )
        return chosen

    return parse


# argparse type: comma-separated output formats, each one a report is written in.
formats = format_list(FORMATS)


def positive(text: str) -> int:
    """argparse type: a whole number above zero."""
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


class Parents:
    """The option groups commands share, each an argparse parent parser."""

    def __init__(self) -> None:
        self.root = argparse.ArgumentParser(add_help=False)
        self.root.add_argument(
            "--root", type=Path, help="project folder (default: found from here)"
        )
        self.period = argparse.ArgumentParser(add_help=False)
        self.period.add_argument(
            "period", type=period, help="period id: 2024, 2024-H1, 2024-Q3, 2024-06"
        )
        self.params = argparse.ArgumentParser(add_help=False)
        self.params.add_argument(
            "--params", type=Path, help="params file (default params/<period>.yaml)"
        )
        self.lang = argparse.ArgumentParser(add_help=False)
        self.lang.add_argument(
            "--lang", choices=LANGS, help="language (default: the params file's)"
        )
        self.unit = argparse.ArgumentParser(add_help=False)
        self.unit.add_argument(
            "--unit",
            type=unit,
            default="",
            help="unit id of data/units.csv: its params/<unit>/, data/<unit>/, output/<unit>/ "
            "(default: the single-unit layout)",
        )


def locate_params(project: Project, chosen: Period, given: Path | None, unit: str = "") -> Path:
    """The params file a command names, or exit 2 saying which periods there are.

    Without ``given``, the period's file of ``unit`` (``params/<unit>/<period>.yaml``, or
    ``params/<period>.yaml`` for the default unit).
    """
    path = given or project.params_file(chosen, unit)
    if not path.is_file():
        known = ", ".join(known_periods(project, unit)) or "none"
        whose = f" of unit {unit}" if unit else ""
        what = f"params file {project.shown(path)}" if given else f"period {chosen.id}{whose}"
        units = ""
        if unit and not given and unit not in project.report_units():
            units = f"; units with reports: {', '.join(project.report_units()) or 'none'}"
        raise UsageError(
            f"no {what}: {project.shown(path)} does not exist (periods{whose}: {known}{units})"
        )
    return path


def known_periods(project: Project, unit: str = "") -> list[str]:
    """The periods that have a params file: ``params/*.yaml``, or ``params/<unit>/*.yaml``."""
    return sorted(p.stem for p in project.unit_params_dir(unit).glob("*.yaml") if p.is_file())


def all_reports(project: Project, unit: str | None = None) -> list[tuple[str, str]]:
    """Every ``(unit, period)`` with a params file, the default unit ("") first.

    ``unit`` ``None``: both layouts (``params/*.yaml`` and ``params/*/*.yaml``); a unit id:
    only that unit's periods; "": only the default unit's.
    """
    units = ["", *project.report_units()] if unit is None else [unit]
    return [(name, period_id) for name in units for period_id in known_periods(project, name)]


def overrides(lang: Lang | None) -> dict[str, object]:
    """The params a command line overrides (only the language)."""
    return {"lang": lang} if lang else {}
