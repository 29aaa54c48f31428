"""``dtreport template``: a pre-filled indicators.xlsx for a unit to fill in."""

from __future__ import annotations

import argparse

from dtreport.cli.common import Parents
from dtreport.paths import Project

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``template``."""
    template = sub.add_parser(
        "template", parents=[parents.period, parents.root],
        help="write a pre-filled indicators.xlsx to fill in",
    )  # fmt: skip
    template.add_argument("--catalog", default="qd749", help="catalogue id (default qd749)")
    template.add_argument("--force", action="store_true", help="replace an existing template")
    template.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Write the template, never over a filled-in file."""
    from dtreport.inputs.catalog import load_catalog
    from dtreport.outputs.template import write_template

    project = Project.find(args.root)
    catalog = load_catalog(project.catalog_dir, args.catalog, project.root)
    path = write_template(
        project.period_data_dir(args.period) / "indicators.xlsx",
        catalog,
        args.period,
        args.force,
        project.root,
    )
    print(f"written: {project.shown(path)}")
    return 0
