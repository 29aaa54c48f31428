"""``dtreport template``: a pre-filled indicators.xlsx for a unit to fill in."""

from __future__ import annotations

import argparse

from dtreport.cli.common import Parents
from dtreport.errors import UsageError
from dtreport.paths import Project
from dtreport.period import Period

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``template``."""
    template = sub.add_parser(
        "template", parents=[parents.period, parents.unit, parents.root],
        help="write a pre-filled indicators.xlsx to fill in",
    )  # fmt: skip
    template.add_argument("--catalog", default="qd749", help="catalogue id (default qd749)")
    template.add_argument("--force", action="store_true", help="replace an existing template")
    template.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Write the template, never over a filled-in file (for ``--unit``: in its data folder)."""
    from dtreport.inputs.catalog import load_catalog
    from dtreport.outputs.template import write_template

    project = Project.find(args.root)
    if args.unit:
        _check_unit(project, args.unit, args.period)
    catalog = load_catalog(project.catalog_dir, args.catalog, project.root)
    path = write_template(
        project.period_data_dir(args.period, args.unit) / "indicators.xlsx",
        catalog,
        args.period,
        args.force,
        project.root,
    )
    print(f"written: {project.shown(path)}")
    return 0


def _check_unit(project: Project, unit: str, period: Period) -> None:
    """A unit's template only for a unit of the registry in force during the period."""
    from dtreport.inputs.units import load_registry

    registry = load_registry(project)
    found = registry.find(unit)
    if found is None:
        raise UsageError(f"--unit {unit}: {registry.shown} {registry.unknown(unit)}")
    if not found.overlaps(period):
        became = ", ".join(found.successors)
        instead = f"; it became part of {became}" if became else ""
        raise UsageError(
            f"--unit {unit}: {found.name_en} is not in force during period {period.id} "
            f"({registry.shown}, row {found.row}){instead}"
        )
