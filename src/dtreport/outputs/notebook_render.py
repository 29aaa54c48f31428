"""The report from a notebook executed elsewhere: the folder ``dtreport run`` publishes.

A scheduler may run the report notebook with plain papermill (an Airflow task, say) rather
than ``dtreport run``; :func:`render_executed` turns the notebook it wrote into the files
``dtreport run`` publishes: ``report.html`` and ``report.pdf`` (the same template,
stylesheet and fonts), the executed notebook kept as ``report.ipynb`` with the machine's
folders named as the project names them, and ``manifest.json``, through which
``dtreport list`` and ``output/index.html`` know the report.

All of it comes from the parameters the notebook ran with (papermill records them): the
period is loaded and assessed as the notebook loaded it, and the checks are the
``validation.json`` the notebook wrote into its ``output_dir`` (run again here when it
wrote none). The manifest's checksums are of the inputs as they are when this runs, so a
scheduler renders right after the notebook ran. A notebook that was not executed, whose
execution failed, or whose parameters do not say what it ran on, is refused: its outputs
are not a report, and a manifest of it would vouch for inputs it may not have read.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
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
from dtreport.findings import raise_for_critical
from dtreport.inputs.params import ReportParams
from dtreport.lang import Lang, pick
from dtreport.method.evaluation import evaluate, withhold
from dtreport.outputs.executed import normalise_executed
from dtreport.outputs.manifest import manifest_text
from dtreport.outputs.notebook_execution import (
    MANIFEST_FILE,
    REPORT_NOTEBOOK,
    notebook_parameters,
    read_execution,
)
from dtreport.outputs.publish import atomic_write_bytes
from dtreport.stamp import document_time

__all__ = [
    "MANIFEST_FILE",
    "REPORT_HTML",
    "REPORT_NOTEBOOK",
    "REPORT_PDF",
    "notebook_parameters",
    "render_executed",
]

REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
FORMATS = ("html", "pdf")


def render_executed(
    notebook: Path,
    output_dir: Path | None = None,
    *,
    lang: Lang | None = None,
    draft: bool = False,
    root: Path | None = None,
    formats: Sequence[str] = FORMATS,
    final: Path | None = None,
) -> list[Path]:
    """Render an executed report notebook as a report folder's files.

    Writes ``report.ipynb`` (the notebook without run times or machine paths), then
    ``report.html`` and ``report.pdf``, then ``manifest.json``: the one ``dtreport run``
    writes, for the period, params file and unit the notebook's parameters name. The
    manifest lists among the folder's files the notebook's own tables when its
    ``output_dir`` is ``output_dir``. Every input is read, and the report rendered, before
    the first file is written.

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
        root: The project folder the inputs are read in; default: the notebook's ``root``
            parameter, else the project found from the working directory.
        formats: Which of ``html`` and ``pdf`` to write.
        final: The folder the report is published to once written (a scheduler moves
            ``output_dir`` there): how ``report.ipynb`` and the manifest name the report's
            folder. Default: ``output_dir``.

    Returns:
        The files written, ``manifest.json`` last.

    Raises:
        InputError: The file is not a notebook, was not executed to its end, or holds no
            parameters papermill recorded; an input its parameters name cannot be read.
        ValidationFailed: The checks find a critical finding in a report that is no draft
            (its inputs changed since the notebook ran).
        NotebookCellError: A cell of the notebook raised: its execution failed.
        UsageError: ``lang`` is not the language the notebook was executed in, or a
            format is unknown.
        OutputError: A file cannot be written.
    """
    started = time.perf_counter()
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r} (render writes {', '.join(FORMATS)})")
    shown = str(notebook)
    executed = _read(notebook, shown)
    _refuse_unfinished(executed, shown)
    timings: dict[str, float] = {}
    run = read_execution(executed, root, shown)
    params = run.inputs.params
    if lang is not None and lang != params.lang:
        raise UsageError(
            f"{shown} was executed in {params.lang!r}, not {lang!r}; execute it with "
            f"-p lang {lang} for a report in that language"
        )
    draft = draft or run.draft
    result = evaluate(run.inputs)
    timings["load"] = round(time.perf_counter() - started, 3)
    checks = run.checks(timings)
    if draft:
        result = withhold(result, checks.critical)
    else:
        raise_for_critical(checks.findings, f"period {run.inputs.period.id}")
    history = run.history_files()
    folder = output_dir or notebook.parent
    final = final or folder
    normalise_executed(executed, run.replacements(notebook, folder, final))
    title = pick(params.lang, params.title_vi, params.title_en) or params.period
    written = _write(executed, params, title, draft, folder, formats, timings)
    timings = {**run.timings(folder), **timings}
    timings["total"] = round(timings.get("notebook", 0.0) + time.perf_counter() - started, 3)
    counts = {str(k): v for k, v in checks.to_dict()["counts"].items()}
    manifest = manifest_text(
        run.project, run.inputs, result, draft, run.source, final, timings,
        [*written, *run.tables_in(folder, notebook, written)], counts, history_files=history,
    )  # fmt: skip
    _save(folder, [(MANIFEST_FILE, manifest.encode("utf-8"))])
    return [*written, folder / MANIFEST_FILE]


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


def _write(
    executed: Any,
    params: ReportParams,
    title: str,
    draft: bool,
    folder: Path,
    formats: Sequence[str],
    timings: dict[str, float],
) -> list[Path]:
    """Render once, print from the file-font variant, publish the self-contained one;
    the notebook they were rendered from is kept beside them."""
    from dtreport.outputs.render import embed_fonts, html_to_pdf, notebook_to_html

    files: list[tuple[str, bytes]] = [(REPORT_NOTEBOOK, _notebook_bytes(executed))]
    try:
        started = time.perf_counter()
        printable = notebook_to_html(
            executed, title=title, lang=params.lang, draft=draft, embed_fonts=False,
            illustrative=params.illustrative,
        )  # fmt: skip
        if "html" in formats:
            files.append((REPORT_HTML, embed_fonts(printable).encode("utf-8")))
        timings["html"] = round(time.perf_counter() - started, 3)
        if "pdf" in formats:
            started = time.perf_counter()
            files.append((REPORT_PDF, html_to_pdf(printable, when=document_time(params.as_of))))
            timings["pdf"] = round(time.perf_counter() - started, 3)
    except OSError:
        raise
    except Exception as exc:
        raise PipelineError(f"rendering the report failed: {type(exc).__name__}: {exc}") from None
    return _save(folder, files)


def _notebook_bytes(executed: Any) -> bytes:
    text: str = nbformat.writes(executed)  # type: ignore[no-untyped-call]
    return (text + "\n").encode("utf-8")


def _save(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each ``(name, bytes)`` into ``folder``, a write failure said as one."""
    written: list[Path] = []
    try:
        for name, data in files:
            atomic_write_bytes(folder / name, data)
            written.append(folder / name)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write the report into {folder}: {reason}") from None
    return written
