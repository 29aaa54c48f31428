"""Executing the report notebook in a kernel (papermill), and what its failures mean.

A cell that raised or timed out is named by its index and id; an error about the
inputs raised inside the notebook is reported as one; a write that failed for lack of
room or rights is an output error.
"""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path
from typing import Any

from dtreport.checks.validation import ValidationReport
from dtreport.errors import DtreportError, NotebookCellError, OutputError, ValidationFailed
from dtreport.findings import Finding
from dtreport.paths import Project

__all__ = ["OUTPUT_ERRNOS", "critical_in", "execute"]

# Write errors that mean the disk or the folder, not the report, is at fault.
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


def execute(
    notebook: Path,
    executed: Path,
    parameters: dict[str, Any],
    cwd: Path,
    timeout: int,
    validation_file: Path,
    project: Project,
    warm: bool = False,
) -> Any:
    """Run ``notebook`` with ``parameters`` into ``executed``; return the executed notebook.

    Raises :class:`ValidationFailed` (with the findings saved in ``validation_file``) when
    the notebook stopped on critical findings, :class:`NotebookCellError` naming the cell
    that raised or timed out, :class:`OutputError` when the notebook could not write.
    ``warm`` forks the kernel from this process's zygote (:mod:`dtreport.run.warm`)
    instead of starting a new interpreter: the same notebook run, without paying the
    imports again.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    engine: dict[str, Any] = {}
    if warm:
        from dtreport.run.warm import ForkKernelManager

        engine["kernel_manager_class"] = ForkKernelManager
    try:
        return papermill.execute_notebook(
            str(notebook), str(executed), parameters=parameters, kernel_name="python3",
            progress_bar=False, log_output=False, cwd=str(cwd), execution_timeout=timeout,
            # Every output is collected by then; a graceful shutdown only adds a wait at exit.
            shutdown_kernel="immediate",
            # The kernel warns on every start that its local TCP sockets are unencrypted;
            # it talks only to this process, so only its errors are worth showing.
            extra_arguments=["--IPKernelApp.log_level=ERROR", *_NO_HISTORY], **engine,
        )  # fmt: skip
    except PapermillExecutionError as exc:
        if exc.ename == "ValidationFailed":
            raise ValidationFailed(exc.evalue, findings=critical_in(validation_file)) from None
        if exc.ename in _NOTEBOOK_INPUT_ERRORS:
            raise DtreportError(exc.evalue) from None
        if exc.ename in _OS_ERRORS and _errno_of(exc.evalue) in OUTPUT_ERRNOS:
            raise OutputError(f"the notebook could not write its outputs: {exc.evalue}") from None
        index, cell_id = _running_cell(notebook, executed)
        raise NotebookCellError(
            f"cell {index} (id {cell_id!r}) of {project.shown(notebook)} raised {exc.ename}: "
            f"{exc.evalue}",
            cell_index=index,
            ename=exc.ename,
        ) from None
    except TimeoutError as exc:  # nbclient's CellTimeoutError
        index, cell_id = _running_cell(notebook, executed)
        raise NotebookCellError(
            f"cell {index} (id {cell_id!r}) of {project.shown(notebook)} timed out after "
            f"{timeout} s: {str(exc).splitlines()[0]}",
            cell_index=index,
            ename="CellTimeoutError",
        ) from None
    except RuntimeError as exc:  # DeadKernelError and kernel start failures
        index, cell_id = _running_cell(notebook, executed)
        where = f"cell {index} (id {cell_id!r}) of " if index >= 0 else ""
        raise NotebookCellError(
            f"{where}{project.shown(notebook)}: the kernel died: {exc}",
            cell_index=index,
            ename=type(exc).__name__,
        ) from None


# A report's kernel keeps no command history: nobody reads it, and each kernel would open
# and write IPython's history database in the user's home.
_NO_HISTORY = ("--HistoryManager.enabled=False",)


# Errors the notebook raises about the inputs, not about itself: reported as such.
_NOTEBOOK_INPUT_ERRORS = frozenset(
    {"DtreportError", "InputError", "PeriodError", "CatalogError", "AmbiguousValueError"}
)


_OS_ERRORS = frozenset({"OSError", "PermissionError", "IsADirectoryError", "NotADirectoryError"})


def _errno_of(evalue: str) -> int | None:
    """The errno an OSError's text starts with ("[Errno 28] No space left on device")."""
    match = re.match(r"\[Errno (\d+)\]", evalue)
    return int(match[1]) if match else None


def critical_in(validation_file: Path) -> tuple[Finding, ...]:
    """The critical findings of a saved validation report (none if it cannot be read)."""
    try:
        data = json.loads(validation_file.read_text(encoding="utf-8"))
        return tuple(ValidationReport.from_dict(data).critical)
    except (OSError, ValueError, KeyError, TypeError):
        return ()


def _running_cell(notebook: Path, executed: Path) -> tuple[int, str]:
    """The cell that was executing: the last one papermill recorded a start for.

    Returns its index in ``notebook`` as written (papermill adds cells of its own
    to the executed copy) and its id.
    """
    try:
        cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
        ids = [c.get("id") for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    except (OSError, ValueError, KeyError):
        return -1, "unknown"
    started = [c for c in cells if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    if not started or started[-1].get("id") not in ids:
        return -1, "unknown"
    cell_id = started[-1]["id"]
    return ids.index(cell_id), str(cell_id)
