"""``dtreport rollup``: the roll-up of many units' reports for one period, ranked."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from dtreport.cli.common import Parents, format_list, unit
from dtreport.errors import EXIT_OK
from dtreport.paths import Project

if TYPE_CHECKING:
    from dtreport.run.rollup import PublishedRollup

__all__ = ["add", "formats", "headline", "units"]

FORMATS = ("html", "pdf")


def units(text: str) -> list[str]:
    """argparse type: comma-separated unit ids, each checked before any path is built."""
    chosen = [unit(part) for part in text.split(",") if part.strip()]
    if not chosen:
        raise argparse.ArgumentTypeError("give at least one unit id (e.g. P24-bac-ninh-2025)")
    return chosen


# argparse type: the roll-up's formats, comma-separated (rollup.csv is always written).
formats = format_list(FORMATS)


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``rollup``."""
    rollup = sub.add_parser(
        "rollup",
        parents=[parents.period, parents.root],
        help="rank many units' results for one period in one report",
    )
    rollup.add_argument(
        "--units",
        type=units,
        help="comma-separated unit ids (default: every unit of --level in force at the "
        "period's end)",
    )
    rollup.add_argument("--level", help="registry level of the units (default: province)")
    rollup.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of the roll-up (default vi; en goes to output/rollup/<period>.en/)",
    )
    rollup.add_argument(
        "--formats",
        type=formats,
        default=list(FORMATS),
        help="comma-separated: html,pdf (rollup.csv and manifest.json are always written)",
    )
    rollup.add_argument("--output", type=Path, help="output folder (default output/)")
    rollup.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Build and publish the roll-up; print each unit not counted and the headline."""
    from dtreport.run.rollup import build_rollup

    project = Project.find(args.root)
    published = build_rollup(
        project, args.period.id, unit_ids=args.units, level=args.level, lang=args.lang,
        formats=args.formats, output_dir=args.output,
    )  # fmt: skip
    for path in published.files:
        print(f"written: {project.shown(path)}")
    missing = published.rollup.not_counted
    if missing:
        print(f"{len(missing)} unit(s) not counted:")
        for standing in missing:
            print(f"  - {standing.unit_id}: {standing.reason}")
    print(headline(project, published))
    return EXIT_OK


def headline(project: Project, published: PublishedRollup) -> str:
    """The last line: the period, how many units were counted and ranked, where to look."""
    rollup = published.rollup
    page = published.folder / ("report.html" if (published.folder / "report.html").exists()
                               else "rollup.csv")  # fmt: skip
    return (
        f"{published.period} roll-up: {len(rollup.counted)} of {len(rollup.standings)} units "
        f"counted, {len(rollup.ranked)} ranked; {project.shown(page)}"
    )
