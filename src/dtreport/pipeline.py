"""One period end to end: notebook (papermill), HTML and PDF (nbconvert, WeasyPrint), publish.

Everything is written into a staging folder beside the period's output folder;
only when every stage succeeded is it swapped into place, in one atomic rename
under a per-period lock. A failed or interrupted run leaves the previous report
as it was.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtreport.appendix import build_appendix
from dtreport.errors import NotebookCellError, ValidationFailed
from dtreport.index import write_index
from dtreport.inputs import PeriodInputs, PeriodResult, evaluate, load_period
from dtreport.params import ReportParams
from dtreport.paths import Project
from dtreport.provenance import file_checksums, git_commit, package_versions
from dtreport.publish import atomic_write_text, claim_staging, publish, release_staging

__all__ = ["FORMATS", "NOTEBOOK", "RunResult", "run_period"]

NOTEBOOK = "01-period-report.ipynb"
FORMATS = ("html", "pdf", "xlsx", "docx")
TIMINGS_FILE = ".timings.json"
# Exports of the appendix, by format, and the file each is written to.
EXPORTS = {"xlsx": "appendix.xlsx", "docx": "appendix.docx"}


@dataclass
class RunResult:
    """What a run published and how long each stage took (seconds)."""

    period: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def _stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(time.perf_counter() - start, 3)


def _execute(
    notebook: Path, executed: Path, parameters: dict[str, Any], cwd: Path, timeout: int
) -> Any:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(notebook), str(executed), parameters=parameters, kernel_name="python3",
            progress_bar=False, log_output=False, cwd=str(cwd), execution_timeout=timeout,
            # Every output is collected by then; a graceful shutdown only adds a wait at exit.
            shutdown_kernel="immediate",
            # The kernel warns on every start that its local TCP sockets are unencrypted;
            # it talks only to this process, so only its errors are worth showing.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )  # fmt: skip
    except PapermillExecutionError as exc:
        if exc.ename == "ValidationFailed":
            raise ValidationFailed(exc.evalue) from None
        index, cell_id = _running_cell(notebook, executed)
        raise NotebookCellError(
            f"cell {index} (id {cell_id!r}) of {notebook.name} raised {exc.ename}: {exc.evalue}",
            cell_index=index,
            ename=exc.ename,
        ) from None
    except TimeoutError as exc:  # nbclient's CellTimeoutError
        index, cell_id = _running_cell(notebook, executed)
        raise NotebookCellError(
            f"cell {index} (id {cell_id!r}) of {notebook.name} timed out after {timeout} s: "
            f"{str(exc).splitlines()[0]}",
            cell_index=index,
            ename="CellTimeoutError",
        ) from None
    except RuntimeError as exc:  # DeadKernelError and kernel start failures
        index, cell_id = _running_cell(notebook, executed)
        where = f"cell {index} (id {cell_id!r}) of " if index >= 0 else ""
        raise NotebookCellError(
            f"{where}{notebook.name}: the kernel died: {exc}",
            cell_index=index,
            ename=type(exc).__name__,
        ) from None


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


def _manifest(
    project: Project,
    params: ReportParams,
    inputs_files: Sequence[Path],
    parameters: dict[str, Any],
    timings: dict[str, float],
) -> dict[str, Any]:
    notebook = project.notebooks_dir / NOTEBOOK
    expectations = sorted(project.expectations_dir.glob("*.yaml"))
    return {
        "period": params.period,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "inputs": file_checksums([*inputs_files, *expectations, notebook], project.root),
        "parameters": parameters,
        "versions": package_versions(),
        "git_commit": git_commit(project.root),
        "timings": timings,
    }


def run_period(
    project: Project,
    period_id: str,
    *,
    params_file: Path | None = None,
    lang: str | None = None,
    formats: Sequence[str] = FORMATS,
    draft: bool = False,
    output_dir: Path | None = None,
    timeout: int = 600,
) -> RunResult:
    """Execute, render and publish one period's report to ``<output>/<period>/``."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with _stage(timings, "load"):
        inputs = load_period(project, period_id, params_file)
        result = evaluate(inputs)
    params = inputs.params
    language = lang or params.lang
    final = project.period_output_dir(inputs.period, output_dir)
    staging, claim = claim_staging(final)
    checks: subprocess.Popen[str] | None = None
    try:
        validation_file = staging / "validation.json"
        parameters: dict[str, Any] = {
            "period": inputs.period.id,
            "params_file": str(inputs.params_file.resolve()),
            "root": str(project.root),
            "output_dir": str(staging),
            "draft": draft,
            "lang": language,
            "validation_file": str(validation_file),
        }
        # The checks run in a process of their own and the exports and the PDF engine's
        # start-up in a thread here, while the kernel starts and runs the notebook.
        exports = [f for f in formats if f in EXPORTS]
        checks = _start_checks(inputs, validation_file)
        waiter = threading.Thread(
            target=_await_checks, args=(checks, validation_file, timings), daemon=True
        )
        helper = threading.Thread(
            target=_prepare_alongside,
            args=(result, timings, exports, language, staging),
            daemon=True,
        )
        waiter.start()
        helper.start()
        with _stage(timings, "notebook"):
            executed = _execute(
                project.notebooks_dir / NOTEBOOK, staging / "report.ipynb", parameters,
                project.root, timeout,
            )  # fmt: skip
        helper.join()
        waiter.join()
        timings.update(_inner_timings(staging))
        files = [staging / "report.ipynb", staging / "attainment.csv", staging / "validation.json"]
        files += [staging / EXPORTS[f] for f in exports]
        if "html" in formats or "pdf" in formats:
            from dtreport.render import embed_fonts, html_to_pdf, notebook_to_html

            title = (params.title_vi if language == "vi" else params.title_en) or params.period
            with _stage(timings, "html"):
                printable = notebook_to_html(
                    executed, title=title, lang=language, draft=draft, embed_fonts=False
                )
                if "html" in formats:
                    atomic_write_text(staging / "report.html", embed_fonts(printable))
                    files.append(staging / "report.html")
            if "pdf" in formats:
                with _stage(timings, "pdf"):
                    (staging / "report.pdf").write_bytes(html_to_pdf(printable))
                files.append(staging / "report.pdf")
        timings["total"] = round(time.perf_counter() - started, 3)
        manifest = _manifest(project, params, inputs.input_files, parameters, timings)
        manifest["parameters"] = {**parameters, "output_dir": str(final)}
        manifest["outputs"] = sorted(p.name for p in files)
        manifest.update(_headline(result, language))
        atomic_write_text(
            staging / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2)
        )
        with _stage(timings, "publish"):
            publish(staging, final)
            write_index(final.parent)
    except BaseException:
        if checks is not None and checks.poll() is None:
            checks.kill()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        release_staging(claim)
    return RunResult(inputs.period.id, final, [final / p.name for p in files], timings)


def _start_checks(inputs: PeriodInputs, target: Path) -> subprocess.Popen[str]:
    """``dtreport validate --json`` in its own process: Great Expectations' import alone
    takes seconds of CPU, which a second core absorbs while the kernel starts."""
    command = [
        sys.executable, "-m", "dtreport.cli", "validate", inputs.period.id,
        "--params", str(inputs.params_file), "--root", str(inputs.project.root),
        "--json", str(target),
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _await_checks(checks: subprocess.Popen[str], target: Path, timings: dict[str, float]) -> None:
    """Wait for the checks; if they died without results, say why where the notebook looks."""
    start = time.perf_counter()
    _, err = checks.communicate()
    timings["checks"] = round(time.perf_counter() - start, 3)
    if not target.exists():
        reason = err.strip().splitlines()[-1] if err.strip() else f"exit {checks.returncode}"
        atomic_write_text(target.with_name(target.name + ".error"), f"the checks failed: {reason}")


def _prepare_alongside(
    result: PeriodResult,
    timings: dict[str, float],
    exports: Sequence[str],
    lang: str,
    staging: Path,
) -> None:
    """While the kernel runs: the exports, then the PDF engine's start-up."""
    if exports:
        from dtreport.exports import appendix_docx, appendix_xlsx

        appendix = build_appendix(result, lang)
        writers = {"xlsx": appendix_xlsx, "docx": appendix_docx}
        with _stage(timings, "exports"):
            for name in exports:
                (staging / EXPORTS[name]).write_bytes(writers[name](appendix))
    _warm_renderer()


def _headline(result: PeriodResult, lang: str) -> dict[str, Any]:
    """What the index of reports shows of a period: title, unit, counts, sentence."""
    params = result.inputs.params
    return {
        "title": (params.title_vi if lang == "vi" else params.title_en) or params.period,
        "reporting_unit": params.reporting_unit
        if lang == "vi"
        else params.reporting_unit_en or params.reporting_unit,
        "summary": {
            "total": result.summary.total,
            "achieved": result.summary.achieved,
            "counts": {str(k): v for k, v in result.summary.counts.items()},
            "sentence": result.sentence(lang),
        },
    }


def _warm_renderer() -> None:
    """Load nbconvert and WeasyPrint (Pango, fonts) before they are needed."""
    from dtreport.render import html_to_pdf

    html_to_pdf("<html><body><p>Đạt chỉ tiêu</p></body></html>")


def _inner_timings(staging: Path) -> dict[str, float]:
    path = staging / TIMINGS_FILE
    if not path.exists():
        return {}
    data: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    return data
