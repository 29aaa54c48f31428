"""One period end to end: notebook (papermill), HTML and PDF (nbconvert, WeasyPrint), publish.

Everything is written into a staging folder beside the period's output folder;
only when every stage succeeded is it swapped into place, in one atomic rename
under a per-period lock. A failed or interrupted run leaves the previous report
as it was, and records that it failed (``output/.runs/``) for the listing and the index.
A unit's reports (``--unit``) have a root of their own, ``output/<unit>/``: its periods,
its staging folders and its failure notes; ``output/index.html`` lists every root.
"""

from __future__ import annotations

import json
import os
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

from dtreport.checks.validation import ValidationReport
from dtreport.errors import (
    DtreportError,
    OutputError,
    PipelineError,
    exit_code,
)
from dtreport.findings import Finding, Severity, raise_for_critical
from dtreport.inputs.history import load_history
from dtreport.inputs.params import params_for, report_unit
from dtreport.inputs.period_data import PeriodInputs, load_period
from dtreport.lang import Lang
from dtreport.method.evaluation import PeriodResult, evaluate, withhold
from dtreport.outputs.executed import normalise_executed
from dtreport.outputs.index import RUNS_DIR, folder_name_parts, write_index
from dtreport.outputs.manifest import manifest_text
from dtreport.outputs.publish import atomic_write_text, claim_staging, publish, release_staging
from dtreport.paths import Project
from dtreport.report.appendix import build_appendix
from dtreport.report.rollup_place import placement_inputs
from dtreport.run.handoff import (
    EXECUTED_NOTEBOOK,
    EXPORT_FILES,
    MANIFEST_FILE,
    NOTEBOOK,
    PROGRESS_FILE,
    TIMINGS_FILE,
    VALIDATION_FILE,
    report_folder,
    validation_document,
    write_checks_failure,
)
from dtreport.run.kernel import OUTPUT_ERRNOS, critical_in, execute
from dtreport.stamp import document_time

__all__ = ["FORMATS", "PublishedReport", "build_report"]

FORMATS = ("html", "pdf", "xlsx", "docx")


@dataclass
class PublishedReport:
    """What a run published: its folder and files, its findings, and each stage's seconds."""

    period: str
    folder: Path
    lang: Lang
    draft: bool
    result: PeriodResult
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    # The unit whose root holds the folder (output/<unit>/); "" for the default unit.
    unit: str = ""

    @property
    def warnings(self) -> list[Finding]:
        """The warnings the report shows (a reader must hear of them too)."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def critical(self) -> list[Finding]:
        """Critical findings (only a draft is published with any)."""
        return [f for f in self.findings if f.severity is Severity.CRITICAL]


@contextmanager
def _stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = round(time.perf_counter() - start, 3)


def build_report(
    project: Project,
    period_id: str,
    *,
    unit: str = "",
    params_file: Path | None = None,
    lang: Lang | None = None,
    formats: Sequence[str] = FORMATS,
    draft: bool = False,
    output_dir: Path | None = None,
    timeout: int = 600,
    warm: bool = False,
    index: bool = True,
) -> PublishedReport:
    """Execute, render and publish one period's report.

    The report goes to ``<output>/<period>/``, or ``<output>/<period>.<lang>/`` when
    ``lang`` is not the params file's language; a unit's (``unit``, or a params file in
    ``params/<unit>/``) to ``<output>/<unit>/<period>/``. Inputs with critical findings are
    refused before anything is written, unless ``draft``.

    ``warm`` is for a process that builds many reports (:mod:`dtreport.run.batch`): its
    kernel is forked from a zygote that imported once, and the checks run in this process,
    which imports Great Expectations once, instead of in a new one per report. A batch
    passes ``index=False`` and writes ``output/index.html`` once, when every report is in.
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    index_root = output_dir or project.output_dir
    overrides: dict[str, Any] = {"lang": lang} if lang else {}
    layout = report_unit(project, params_file, unit)
    out_root = project.output_root(layout, output_dir)
    with _failures_recorded(out_root, project, period_id, lang, index_root) as run:
        with _stage(timings, "load"):
            inputs = load_period(project, period_id, params_file, overrides, unit=layout)
            result = evaluate(inputs)
        file_params = (
            params_for(project, period_id, params_file, unit=layout) if lang else inputs.params
        )
        language = inputs.params.lang
        final = out_root / report_folder(inputs.period.id, language, file_params)
        run.update(folder=final.name, lang=language)
        if not draft:
            raise_for_critical(result.findings, f"period {inputs.period.id}")
        staging, claim = claim_staging(final)
        checks: subprocess.Popen[str] | None = None
        try:
            if not warm:
                checks = _start_checks(inputs, staging / VALIDATION_FILE, overrides)
            files = _build(project, inputs, result, staging, final, checks, draft, formats,
                           timeout, timings, warm)  # fmt: skip
            report = ValidationReport.from_dict(
                json.loads((staging / VALIDATION_FILE).read_text(encoding="utf-8"))
            )
            if draft:
                result = withhold(result, report.critical)
            timings["total"] = round(time.perf_counter() - started, 3)
            manifest = manifest_text(
                project, inputs, result, draft, project.notebooks_dir / NOTEBOOK, final, timings,
                files, {str(k): v for k, v in report.to_dict()["counts"].items()},
                history_files=[*load_history(project, inputs.params).files,
                               *placement_inputs(project, inputs.unit, inputs.period.id)],
            )  # fmt: skip
            atomic_write_text(staging / MANIFEST_FILE, manifest)
            with _stage(timings, "publish"):
                publish(staging, final)
        except BaseException:
            if checks is not None and checks.poll() is None:
                checks.kill()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            release_staging(claim)
    _forget_failure(out_root, final.name)
    if index:
        write_index(index_root, project.root)
    return PublishedReport(
        inputs.period.id, final, language, draft, result, report.findings,
        [final / p.name for p in files], timings, inputs.unit,
    )  # fmt: skip


@contextmanager
def _failures_recorded(
    out_root: Path, project: Project, period_id: str, lang: Lang | None, index_root: Path
) -> Iterator[dict[str, str]]:
    """Turn a failure into the error the user hears of, and note it for the listing and index.

    The body fills in the report folder's name once the params are read; until then the
    note is filed under the period id.
    """
    run = {"folder": period_id.strip(), "lang": lang or ""}
    try:
        yield run
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        error = _classify(exc, project)
        _record_failure(out_root, run, error, project, index_root)
        if error is exc:
            raise
        raise error from None


def _build(
    project: Project,
    inputs: PeriodInputs,
    result: PeriodResult,
    staging: Path,
    final: Path,
    checks: subprocess.Popen[str] | None,
    draft: bool,
    formats: Sequence[str],
    timeout: int,
    timings: dict[str, float],
    warm: bool = False,
) -> list[Path]:
    """Run the notebook and render every output into ``staging``; return the files written.

    The checks run beside the kernel: in ``checks``, a process of their own, or (``warm``,
    when ``checks`` is ``None``) in a thread of this process.
    """
    language = inputs.params.lang
    parameters: dict[str, Any] = {
        "period": inputs.period.id,
        "params_file": _for_kernel(inputs.params_file, project),
        "root": ".",
        "output_dir": _for_kernel(staging, project),
        "draft": draft,
        "validation_file": _for_kernel(staging / VALIDATION_FILE, project),
        "lang": language,
    }
    if inputs.unit:
        # The notebook reads the unit's folders; the default unit's notebook is as before.
        parameters["unit"] = inputs.unit
    # The checks run in a process of their own and the exports and the PDF engine's
    # start-up in a thread here, while the kernel starts and runs the notebook.
    exports = [f for f in formats if f in EXPORT_FILES]
    waiter = threading.Thread(
        target=_await_checks if checks is not None else _check_here,
        args=(checks if checks is not None else inputs, staging / VALIDATION_FILE, timings),
        daemon=True,
    )
    failures: list[BaseException] = []
    # A draft's exports wait for the checks: they withhold the status of a value that failed.
    helper = threading.Thread(
        target=_prepare_alongside,
        args=(result, timings, [] if draft else exports, language, staging, failures),
        daemon=True,
    )
    waiter.start()
    helper.start()
    try:
        with _stage(timings, "notebook"):
            executed = execute(
                project.notebooks_dir / NOTEBOOK, staging / EXECUTED_NOTEBOOK, parameters,
                project.root, timeout, staging / VALIDATION_FILE, project, warm,
            )  # fmt: skip
    finally:
        # Whatever ended the notebook, the threads writing into the staging folder finish
        # before anyone removes it; a write after that would bring the folder back.
        if sys.exc_info()[0] is not None and checks is not None and checks.poll() is None:
            checks.kill()
        helper.join()
        waiter.join()
    if failures:
        raise failures[0]
    if draft and exports:
        shown = withhold(result, critical_in(staging / VALIDATION_FILE))
        _write_exports(shown, timings, exports, language, True, staging)
    timings.update(_inner_timings(staging))
    # Longer paths are replaced first, so the staging folder goes before the project root.
    replacements = {
        os.path.abspath(staging): project.shown(final),
        _for_kernel(staging, project): project.shown(final),
        os.path.abspath(inputs.params_file): project.shown(inputs.params_file),
        os.path.abspath(project.notebooks_dir / NOTEBOOK): f"notebooks/{NOTEBOOK}",
        os.path.abspath(project.root): ".",
    }
    normalise_executed(executed, replacements)
    import nbformat

    text = nbformat.writes(executed)  # type: ignore[no-untyped-call]
    atomic_write_text(staging / EXECUTED_NOTEBOOK, text + "\n")
    files = [staging / EXECUTED_NOTEBOOK, staging / "attainment.csv", staging / VALIDATION_FILE]
    files.append(staging / PROGRESS_FILE)
    files += [staging / EXPORT_FILES[f] for f in exports]
    if "html" in formats or "pdf" in formats:
        files += _render(executed, inputs, draft, formats, staging, timings)
    return files


def _render(
    executed: Any,
    inputs: PeriodInputs,
    draft: bool,
    formats: Sequence[str],
    staging: Path,
    timings: dict[str, float],
) -> list[Path]:
    from dtreport.outputs.render import embed_fonts, html_to_pdf, notebook_to_html

    params, language = inputs.params, inputs.params.lang
    title = (params.title_vi if language == "vi" else params.title_en) or params.period
    files: list[Path] = []
    with _stage(timings, "html"):
        try:
            printable = notebook_to_html(
                executed, title=title, lang=language, draft=draft, embed_fonts=False,
                illustrative=params.illustrative,
            )  # fmt: skip
            page = embed_fonts(printable)
        except Exception as exc:
            raise _render_error("HTML", exc) from None
    if "html" in formats:
        atomic_write_text(staging / "report.html", page)
        files.append(staging / "report.html")
    if "pdf" in formats:
        with _stage(timings, "pdf"):
            try:
                pdf = html_to_pdf(printable, when=document_time(params.as_of))
            except Exception as exc:
                raise _render_error("PDF", exc) from None
            (staging / "report.pdf").write_bytes(pdf)
        files.append(staging / "report.pdf")
    return files


def _render_error(what: str, exc: Exception) -> Exception:
    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRNOS:
        return exc
    return PipelineError(f"rendering the {what} failed: {type(exc).__name__}: {exc}")


def _for_kernel(path: Path, project: Project) -> str:
    """A path as the kernel, working in the project folder, is given it: relative if inside."""
    return project.shown(path) if _inside(path, project) else os.path.abspath(path)


def _inside(path: Path, project: Project) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(project.root))
    except ValueError:
        return False
    return True


def _start_checks(
    inputs: PeriodInputs, target: Path, overrides: dict[str, Any]
) -> subprocess.Popen[str]:
    """``dtreport validate --json`` in its own process: Great Expectations' import alone
    takes seconds of CPU, which a second core absorbs while the kernel starts."""
    command = [
        sys.executable, "-m", "dtreport.cli", "validate", inputs.period.id,
        "--params", str(inputs.params_file), "--root", str(inputs.project.root),
        "--json", str(target),
    ]  # fmt: skip
    if "lang" in overrides:
        command += ["--lang", str(overrides["lang"])]
    if inputs.unit:
        command += ["--unit", inputs.unit]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _await_checks(checks: subprocess.Popen[str], target: Path, timings: dict[str, float]) -> None:
    """Wait for the checks; if they died without results, say why where the notebook looks."""
    start = time.perf_counter()
    _, err = checks.communicate()
    timings["checks"] = round(time.perf_counter() - start, 3)
    if not target.exists():
        reason = err.strip().splitlines()[-1] if err.strip() else f"exit {checks.returncode}"
        write_checks_failure(target, reason)


def _check_here(inputs: PeriodInputs, target: Path, timings: dict[str, float]) -> None:
    """The checks in this process, as ``dtreport validate --json`` writes them in its own."""
    from dtreport.checks.period_checks import validate_inputs

    start = time.perf_counter()
    try:
        report = validate_inputs(inputs)
        atomic_write_text(target, validation_document(report.to_dict(), inputs.params))
    except Exception as exc:  # said where the notebook looks, as a dead checks process is
        reason = exc.message if isinstance(exc, DtreportError) else f"{type(exc).__name__}: {exc}"
        write_checks_failure(target, reason)
    finally:
        timings["checks"] = round(time.perf_counter() - start, 3)


def _prepare_alongside(
    result: PeriodResult,
    timings: dict[str, float],
    exports: Sequence[str],
    lang: Lang,
    staging: Path,
    failures: list[BaseException],
) -> None:
    """While the kernel runs: the exports, then the PDF engine's start-up."""
    try:
        _write_exports(result, timings, exports, lang, False, staging)
        _warm_renderer()
    except BaseException as exc:  # handed to the run, which reports it after the notebook
        failures.append(exc)


def _write_exports(
    result: PeriodResult,
    timings: dict[str, float],
    exports: Sequence[str],
    lang: Lang,
    draft: bool,
    staging: Path,
) -> None:
    """Appendix I as XLSX and DOCX, each rendering failure reported as one."""
    if not exports:
        return
    from dtreport.outputs.exports import appendix_docx, appendix_xlsx

    appendix = build_appendix(result, lang, draft=draft)
    writers = {"xlsx": appendix_xlsx, "docx": appendix_docx}
    with _stage(timings, "exports"):
        for name in exports:
            try:
                data = writers[name](appendix)
            except Exception as exc:
                raise _render_error(name.upper(), exc) from None
            (staging / EXPORT_FILES[name]).write_bytes(data)


_renderer_warm = threading.Event()


def _warm_renderer() -> None:
    """Load nbconvert and WeasyPrint (Pango, fonts) before they are needed, once a process."""
    if _renderer_warm.is_set():
        return
    from dtreport.outputs.render import html_to_pdf

    html_to_pdf("<html><body><p>Đạt chỉ tiêu</p></body></html>")
    _renderer_warm.set()


def _inner_timings(staging: Path) -> dict[str, float]:
    path = staging / TIMINGS_FILE
    if not path.exists():
        return {}
    data: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    return data


def _output_error(exc: OSError, project: Project) -> OutputError:
    where = project.shown(exc.filename) if exc.filename else ""
    reason = exc.strerror or str(exc)
    return OutputError(f"cannot read or write {where or 'a file'}: {reason}")


def _classify(exc: BaseException, project: Project) -> BaseException:
    """An error as the user hears of it: a write failure is about the disk, not the report."""
    if isinstance(exc, OSError) and not isinstance(exc, DtreportError):
        return _output_error(exc, project)
    return exc


def _record_failure(
    out_root: Path, run: dict[str, str], exc: BaseException, project: Project, index_root: Path
) -> None:
    """Leave a note that this folder's latest run failed; the listing and the index show it."""
    parts = folder_name_parts(run["folder"])
    if parts is None:
        return  # only a report folder's own name may name a note
    period = parts[0]
    record = {
        "folder": run["folder"],
        "period": period,
        "lang": run["lang"],
        "exit_code": exit_code(exc),
        "error": str(exc),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    try:
        atomic_write_text(
            out_root / RUNS_DIR / f"{run['folder']}.json",
            json.dumps(record, ensure_ascii=False) + "\n",
        )
        write_index(index_root, project.root)
    except OSError:
        pass  # the output folder itself is unwritable: the exit code says it all


def _forget_failure(out_root: Path, folder: str) -> None:
    (out_root / RUNS_DIR / f"{folder}.json").unlink(missing_ok=True)
