"""A run's work folder, and publishing the report it holds in one step.

The tasks of a report write into a work folder of their own run; only when the notebook
ran and the report rendered does ``publish`` swap the work folder's ``report/`` into the
report's folder, so a reader never sees a half-made report and a failed run leaves the
previous one exactly as it was. The swap takes the lock ``dtreport run`` takes for the
same folder (``.locks/<period>.lock`` beside it), so the two never publish one report at
the same time.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import uuid
from pathlib import Path

from dtreport_airflow.plan import EXECUTED_NOTEBOOK, REPORT_FOLDER

__all__ = ["REQUIRED_FILES", "PublishError", "prepare_work", "publish_report"]

# What makes a report, as `dtreport run` publishes it: without these the folder is not
# published. The manifest is how `dtreport list` and output/index.html know the report.
REQUIRED_FILES = ("report.html", "report.pdf", "report.ipynb", "manifest.json", "validation.json")
# dtreport run's lock folder beside each report folder (dtreport.outputs.publish).
LOCKS = ".locks"


class PublishError(RuntimeError):
    """The work folder holds no complete report; the message names what is missing."""


def prepare_work(work: str) -> str:
    """Make an empty work folder with its ``report/`` subfolder; return its path.

    Whatever an earlier try of the same run left there is removed first, so nothing of it
    can be published with this try's report.
    """
    folder = Path(work)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / REPORT_FOLDER).mkdir(parents=True)
    return str(folder)


def publish_report(work: str, final: str) -> list[str]:
    """Swap ``work``'s ``report/`` into ``final``, replacing the previous report at once.

    Hidden files the notebook hands to ``dtreport run`` (its ``.timings.json``, which
    ``dtreport render`` reads into the manifest) are not part of the report and are left
    out. The work folders of this and of earlier runs of the same report are removed after:
    the task logs keep their history, and a failed run's folder (with the executed notebook
    that shows where it stopped) stays until the report is published again.

    Returns:
        The names of the files published, sorted.

    Raises:
        PublishError: ``report/`` is missing a file of ``REQUIRED_FILES``, or the executed
            notebook is missing: the earlier tasks did not finish.
    """
    folder, target = Path(work), Path(final)
    report = folder / REPORT_FOLDER
    missing = [name for name in REQUIRED_FILES if not (report / name).is_file()]
    if not (folder / EXECUTED_NOTEBOOK).is_file():
        missing.append(f"../{EXECUTED_NOTEBOOK}")
    if missing:
        raise PublishError(f"{report} holds no complete report: missing {', '.join(missing)}")
    for hidden in report.glob(".*"):
        if hidden.is_file():
            hidden.unlink()
    published = sorted(path.name for path in report.iterdir())
    _swap(report, target)
    shutil.rmtree(folder.parent, ignore_errors=True)
    return published


def _swap(staging: Path, final: Path) -> None:
    """Move ``staging`` to ``final`` under the report's lock; the old folder goes after."""
    locks = final.parent / LOCKS
    locks.mkdir(parents=True, exist_ok=True)
    with (locks / f"{final.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not final.exists():
            os.rename(staging, final)
            return
        if not _exchange(staging, final):
            retired = final.parent / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
            os.rename(final, retired)
            os.rename(staging, final)
            staging = retired
        shutil.rmtree(staging, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, bytes(first), at_fdcwd, bytes(second), rename_exchange)
    return bool(result == 0)
