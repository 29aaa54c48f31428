"""``dtreport list``: every report, current or outdated, draft, and failed latest runs.

The default unit's reports first, then each unit's (``output/<unit>/``) under its name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dtreport.cli.common import Parents
from dtreport.paths import Project

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``list``."""
    listing = sub.add_parser(
        "list", parents=[parents.root], help="list reports: current, outdated, draft, failed runs"
    )
    listing.add_argument("--output", type=Path, help="output folder (default output/)")
    listing.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the listing and refresh the index."""
    from dtreport.outputs.index import format_listing, report_states, write_index

    project = Project.find(args.root)
    output = args.output or project.output_dir
    states = report_states(output, project.root)
    print(format_listing(states))
    if output.is_dir():
        write_index(output, project.root)  # the index says what the listing says
    return 0
