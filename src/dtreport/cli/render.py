"""``dtreport render``: an executed notebook (plain papermill, an Airflow task) as the report."""

from __future__ import annotations

import argparse
from pathlib import Path

from dtreport.cli.common import Parents
from dtreport.errors import EXIT_DRAFT, EXIT_OK
from dtreport.paths import Project

__all__ = ["add"]


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: Parents) -> None:
    """Register ``render``."""
    render = sub.add_parser(
        "render", parents=[parents.lang, parents.root],
        help="render a notebook executed by papermill as report.html and report.pdf",
    )  # fmt: skip
    render.add_argument("notebook", type=Path, help="the executed notebook (.ipynb)")
    render.add_argument("--output", type=Path, help="folder to write to (default: the notebook's)")
    render.add_argument("--draft", action="store_true", help="mark the report as a draft (exit 5)")
    render.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Render the notebook with the project's template; a draft exits 5 as ``run`` does."""
    from dtreport.outputs.notebook_render import render_executed

    project = Project.find(args.root)
    written = render_executed(
        args.notebook, args.output, lang=args.lang, draft=args.draft, root=project.root
    )
    for path in written:
        print(f"written: {project.shown(path)}")
    return EXIT_DRAFT if args.draft else EXIT_OK
