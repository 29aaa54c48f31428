"""The report from a notebook executed elsewhere: ``report.html`` and ``report.pdf``.

A scheduler may run the report notebook with plain papermill (an Airflow task, say) rather
than ``dtreport run``; :func:`render_executed` turns the notebook it wrote into the same
two files ``dtreport run`` renders, with the same template, stylesheet and fonts. The
title, the language and the PDF's timestamp come from the parameters the notebook ran
with (papermill records them) and the params file they name, read as the notebook read
it. A notebook that was not executed, or whose execution failed, is refused: its outputs
are not a report.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from dtreport.errors import (
    InputError,
    Location,
    NotebookCellError,
    OutputError,
    PipelineError,
    UsageError,
)
from dtreport.inputs.params import ReportParams, param_names, params_for
from dtreport.lang import Lang, pick
from dtreport.outputs.publish import atomic_write_bytes, atomic_write_text
from dtreport.paths import Project
from dtreport.stamp import document_time

__all__ = ["REPORT_HTML", "REPORT_PDF", "notebook_parameters", "render_executed"]

REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
FORMATS = ("html", "pdf")
# The cell papermill reads the defaults from and inserts the run's values after.
_PARAMETERS_TAG = "parameters"


def render_executed(
    notebook: Path,
    output_dir: Path | None = None,
    *,
    lang: Lang | None = None,
    draft: bool = False,
    root: Path | None = None,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Render an executed report notebook as ``report.html`` and ``report.pdf``.

    Args:
        notebook: The notebook papermill wrote (``papermill notebooks/01-period-report.ipynb
            out.ipynb -p period 2024-H1``).
        output_dir: Where the files go (created if missing); default: the notebook's folder.
            Each file is written beside its final name and renamed into place, so a reader
            never opens a half-written one.
        lang: The language the caller expects. The content was written when the notebook
            ran, so a different one is refused rather than mislabelled; default: the
            notebook's own (its ``lang`` parameter, else its params file's).
        draft: Mark the report as a draft. A notebook run with ``draft`` set is marked
            whatever this says: its statuses may be withheld.
        root: The project folder the params file is read in; default: the notebook's
            ``root`` parameter, else the project found from the working directory.
        formats: Which of ``html`` and ``pdf`` to write.

    Returns:
        The files written.

    Raises:
        InputError: The file is not a notebook, or was not executed to its end.
        NotebookCellError: A cell of the notebook raised: its execution failed.
        UsageError: ``lang`` is not the language the notebook was executed in, or a
            format is unknown.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (render writes {', '.join(FORMATS)})")
    shown = str(notebook)
    executed = _read(notebook, shown)
    _refuse_unfinished(executed, shown)
    parameters = notebook_parameters(executed)
    params = _params(parameters, root)
    if lang is not None and lang != params.lang:
        raise UsageError(
            f"{shown} was executed in {params.lang!r}, not {lang!r}; execute it with "
            f"-p lang {lang} for a report in that language"
        )
    draft = draft or parameters.get("draft") is True
    title = pick(params.lang, params.title_vi, params.title_en) or params.period
    return _write(executed, params, title, draft, output_dir or notebook.parent, formats)


def notebook_parameters(executed: Any) -> dict[str, Any]:
    """The parameters an executed notebook ran with: its parameters cell's defaults, then the
    values papermill injected over them (``metadata.papermill.parameters``)."""
    values: dict[str, Any] = {}
    for cell in executed.cells:
        if cell.get("cell_type") == "code" and _PARAMETERS_TAG in cell.metadata.get("tags", []):
            values.update(_defaults(cell.source))
    values.update(executed.metadata.get("papermill", {}).get("parameters", {}))
    return values


def _defaults(source: str) -> dict[str, Any]:
    """The ``name = value`` and ``name: type = value`` lines of a parameters cell, as values."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (a magic): papermill's own values still count
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                continue  # computed from something else: not a value papermill sets
    return found


def _read(notebook: Path, shown: str) -> Any:
    try:
        return nbformat.read(notebook, as_version=4)  # type: ignore[no-untyped-call]
    except FileNotFoundError:
        raise InputError("does not exist", Location(shown)) from None
    except (ValueError, TypeError, KeyError, nbformat.ValidationError) as exc:
        # Not JSON, or JSON of another shape: nbformat fails in each of these ways.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"is not a notebook: {reason}", Location(shown)) from None


def _refuse_unfinished(executed: Any, shown: str) -> None:
    """Raise unless every code cell ran and none raised."""
    code = [(i, c) for i, c in enumerate(executed.cells) if c.get("cell_type") == "code"]
    for index, cell in code:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                ename, evalue = output.get("ename", ""), output.get("evalue", "")
                raise NotebookCellError(
                    f"cell {index} (id {cell.get('id')!r}) of {shown} raised {ename}: {evalue}; "
                    "its execution failed, so it holds no report",
                    cell_index=index,
                    ename=ename,
                )
    if executed.metadata.get("papermill", {}).get("exception"):
        raise NotebookCellError(f"papermill recorded that the execution of {shown} failed")
    pending = [(i, c) for i, c in code if c.source.strip() and c.get("execution_count") is None]
    if len(pending) == len([c for _, c in code if c.source.strip()]):
        raise InputError(
            "was not executed; execute it first (papermill <notebook> <executed.ipynb> "
            "-p period <period>) and render what that writes",
            Location(shown),
        )
    if pending:
        index, cell = pending[0]
        raise InputError(
            f"was not executed to its end: cell {index} (id {cell.get('id')!r}) did not run",
            Location(shown),
        )


def _params(parameters: Mapping[str, Any], root: Path | None) -> ReportParams:
    """The params as the notebook read them: its params file, with its parameters over it."""
    given_root = parameters.get("root") or ""
    project = Project.find(root if root is not None else Path(given_root) if given_root else None)
    period = parameters.get("period")
    if not isinstance(period, str) or not period:
        raise InputError("the notebook has no period parameter: it is not a report notebook")
    params_file = parameters.get("params_file") or ""
    # dtreport run and a scheduler alike run the notebook in the project folder.
    path = project.root / params_file if params_file else None
    overrides = {k: parameters[k] for k in param_names() if k in parameters and k != "period"}
    return params_for(project, period, path, overrides)


def _write(
    executed: Any,
    params: ReportParams,
    title: str,
    draft: bool,
    folder: Path,
    formats: Sequence[str],
) -> list[Path]:
    """Render once, print from the file-font variant, publish the self-contained one."""
    from dtreport.outputs.render import embed_fonts, html_to_pdf, notebook_to_html

    try:
        printable = notebook_to_html(
            executed, title=title, lang=params.lang, draft=draft, embed_fonts=False,
            illustrative=params.illustrative,
        )  # fmt: skip
        pdf = html_to_pdf(printable, when=document_time(params.as_of)) if "pdf" in formats else b""
    except OSError:
        raise
    except Exception as exc:
        raise PipelineError(f"rendering the report failed: {type(exc).__name__}: {exc}") from None
    written: list[Path] = []
    try:
        if "html" in formats:
            atomic_write_text(folder / REPORT_HTML, embed_fonts(printable))
            written.append(folder / REPORT_HTML)
        if "pdf" in formats:
            atomic_write_bytes(folder / REPORT_PDF, pdf)
            written.append(folder / REPORT_PDF)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the report into {folder}: {reason}") from None
    return written
