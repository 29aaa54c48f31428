"""``dtreport render``: an executed notebook (plain papermill, an Airflow task) as the report.

It writes what ``dtreport run`` publishes from the notebook: ``report.html``, ``report.pdf``,
``report.ipynb`` without the machine's folders, and ``manifest.json``, through which
``dtreport list`` and ``output/index.html`` know the report.
"""

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
        help="render a notebook executed by papermill as a report folder: report.html, "
        "report.pdf, report.ipynb, manifest.json",
    )  # fmt: skip
    render.add_argument("notebook", type=Path, help="the executed notebook (.ipynb)")
    render.add_argument("--output", type=Path, help="folder to write to (default: the notebook's)")
    render.add_argument(
        "--final", type=Path,
        help="the folder the report is moved to after (a scheduler's publish step), as "
        "report.ipynb and manifest.json name it (default: --output)",
    )  # fmt: skip
    render.add_argument("--draft", action="store_true", help="mark the report as a draft (exit 5)")
    render.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Render the notebook with the project's template; a draft exits 5 as ``run`` does.

    A notebook whose parameters do not say what it ran on is refused (exit 1) rather than
    given a manifest that would vouch for the wrong inputs.
    """
    from dtreport.outputs.notebook_render import render_executed

    # Without --root, the project is the one the notebook ran in (its root parameter).
    written = render_executed(
        args.notebook, args.output, lang=args.lang, draft=args.draft, root=args.root,
        final=args.final,
    )  # fmt: skip
    project = Project.find(args.root)
    for path in written:
        print(f"written: {project.shown(path)}")
    return EXIT_DRAFT if args.draft else EXIT_OK
