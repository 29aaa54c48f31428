"""What passes between ``dtreport run`` and the report notebook: one agreement, kept here.

The run and the notebook (run by ``dtreport run``, by papermill ``-p``/``-f``, or top to
bottom in JupyterLab) share:

- the notebook's file name and the names of its run parameters;
- the names of the files in a report folder;
- the validation hand-off: the checks ``dtreport run`` computes beside the kernel are
  written with the fingerprint of the parameters they were computed for, and the notebook
  takes them only when that fingerprint is its own, so its data-quality section always
  describes the values it shows;
- the language, resolved once (an override, else the params file's).
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from dtreport.errors import DtreportError, Location
from dtreport.inputs.params import ReportParams
from dtreport.lang import Lang

__all__ = [
    "ATTAINMENT_FILE",
    "EXPORT_FILES",
    "MANIFEST_FILE",
    "NOTEBOOK",
    "PROGRESS_FILE",
    "RUN_PARAMETERS",
    "TIMINGS_FILE",
    "VALIDATION_FILE",
    "checks_failure_file",
    "params_fingerprint",
    "read_validation",
    "report_folder",
    "validation_document",
    "write_checks_failure",
]

NOTEBOOK = "01-period-report.ipynb"
# The notebook's parameters besides the params file's keys (each a params key is one too).
RUN_PARAMETERS = ("period", "params_file", "root", "output_dir", "draft", "validation_file")

ATTAINMENT_FILE = "attainment.csv"
PROGRESS_FILE = "progress.csv"
VALIDATION_FILE = "validation.json"
MANIFEST_FILE = "manifest.json"
EXECUTED_NOTEBOOK = "report.ipynb"
# Read and removed by the run, which puts the notebook's stage timings in manifest.json.
TIMINGS_FILE = ".timings.json"
# Exports of the appendix, by format.
EXPORT_FILES = {"xlsx": "appendix.xlsx", "docx": "appendix.docx"}


def report_folder(period_id: str, lang: Lang, params: ReportParams) -> str:
    """The report folder's name: the period, with ``.<lang>`` when not the params' language.

    A report rendered in another language (``--lang en``) sits beside the one in the
    params file's language instead of replacing it.
    """
    return period_id if lang == params.lang else f"{period_id}.{lang}"


def params_fingerprint(params: ReportParams) -> str:
    """SHA-256 of the parameters as the report uses them (after every override)."""
    canonical = json.dumps(params.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validation_document(report: dict[str, Any], params: ReportParams) -> str:
    """``validation.json``'s text: the checks' results and the parameters they were run on."""
    document = {**report, "parameters_sha256": params_fingerprint(params)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def checks_failure_file(path: Path) -> Path:
    """Where the run says why the checks for ``path`` could not run: ``<path>.error``."""
    return path.with_name(path.name + ".error")


def write_checks_failure(path: Path, reason: str) -> None:
    """Say where the notebook looks that the checks for ``path`` could not run, and why."""
    from dtreport.outputs.publish import atomic_write_text

    atomic_write_text(checks_failure_file(path), f"the checks failed: {reason}")


def read_validation(path: Path, params: ReportParams, timeout: float = 600.0) -> dict[str, Any]:
    """Wait for the checks ``dtreport run`` computes beside the notebook, and read them.

    The run writes ``<path>`` when they are done, or ``<path>.error`` with the reason
    they could not run. Results computed for other parameters are refused: a report must
    not show one set of values above checks made on another.
    """
    error = checks_failure_file(path)
    deadline = time.monotonic() + timeout
    while not path.exists():
        if error.exists():
            raise DtreportError(error.read_text(encoding="utf-8"))
        if time.monotonic() > deadline:
            raise DtreportError(
                f"the checks did not finish in {timeout:.0f} s", Location(path.name)
            )
        time.sleep(0.02)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("parameters_sha256") != params_fingerprint(params):
        raise DtreportError(
            "the checks in this file were computed for other parameters than the notebook's; "
            "run the notebook without validation_file to check its own",
            Location(path.name, column="validation_file"),
        )
    return data
