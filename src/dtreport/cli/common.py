"""What the commands share: argument types, the parsers every command takes, the params file."""

from __future__ import annotations

import argparse
from pathlib import Path

from dtreport.errors import DtreportError, UsageError
from dtreport.lang import LANGS, Lang
from dtreport.paths import Project
from dtreport.period import Period, parse_period

__all__ = [
    "FORMATS",
    "Parents",
    "formats",
    "known_periods",
    "locate_params",
    "overrides",
    "period",
    "positive",
]

FORMATS = ("html", "pdf", "xlsx", "docx")


def period(text: str) -> Period:
    """argparse type: a period id, refused at the command line (exit 2) when malformed."""
    try:
        return parse_period(text)
    except DtreportError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def formats(text: str) -> list[str]:
    """argparse type: comma-separated output formats, each one dtreport writes."""
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; use {','.join(FORMATS)}"
        )
    return chosen


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


def locate_params(project: Project, chosen: Period, given: Path | None) -> Path:
    """The params file a command names, or exit 2 saying which periods there are."""
    path = given or project.params_file(chosen)
    if not path.is_file():
        known = ", ".join(known_periods(project)) or "none"
        what = f"params file {project.shown(path)}" if given else f"period {chosen.id}"
        raise UsageError(f"no {what}: {project.shown(path)} does not exist (periods: {known})")
    return path


def known_periods(project: Project) -> list[str]:
    """The periods that have a params file."""
    return sorted(p.stem for p in project.params_dir.glob("*.yaml"))


def overrides(lang: Lang | None) -> dict[str, object]:
    """The params a command line overrides (only the language)."""
    return {"lang": lang} if lang else {}
