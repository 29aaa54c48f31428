"""Many reports at once, on warm workers: in this process, a local Dask cluster, or a remote one.

Each report is one job, run by :func:`run_job` with warm kernels (:mod:`dtreport.run.warm`):
a worker pays the imports of pandas, matplotlib, Great Expectations, nbconvert and
WeasyPrint once, not once per report. Where the jobs run:

- one at a time in this process (``--jobs 1``, the default);
- on a Dask ``LocalCluster`` of N single-threaded worker processes (``--jobs N``);
- on a running Dask cluster (``--scheduler tcp://host:8786``) whose workers see the
  project folder at the same path (a shared filesystem) and have the same environment.

A job publishes its report as a single run does (staging folder, atomic swap), so a job
cut short, its worker killed, leaves no half-written folder: Dask gives the job to
another worker, whose run sweeps the dead staging folder and publishes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtreport.errors import EXIT_DRAFT, EXIT_OK, DtreportError, PipelineError, exit_code
from dtreport.lang import Lang

__all__ = ["JobOutcome", "ReportJob", "run_batch", "run_job"]

# Variables a report's bytes or limits depend on: a job carries the caller's values to
# whichever worker runs it, so a remote worker renders what a local run would.
_CARRIED_ENV = ("SOURCE_DATE_EPOCH",)
_CARRIED_PREFIX = "DTREPORT_MAX_"


@dataclass(frozen=True)
class ReportJob:
    """One report to build: the unit ("" for the default unit), the period, the options."""

    root: str
    unit: str
    period: str
    lang: Lang | None = None
    formats: tuple[str, ...] = ("html", "pdf", "xlsx", "docx")
    draft: bool = False
    output_dir: str | None = None
    timeout: int = 600
    env: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        """How messages name the job: ``<unit>/<period>``, or the period for the default unit."""
        return f"{self.unit}/{self.period}" if self.unit else self.period


@dataclass(frozen=True)
class JobOutcome:
    """How a job ended: its exit code, seconds, where it ran, and the lines to print."""

    job: ReportJob
    code: int
    seconds: float
    lines: tuple[str, ...] = ()
    worker: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.code not in (EXIT_OK, EXIT_DRAFT)


def carried_env() -> tuple[tuple[str, str], ...]:
    """This process's values of the variables a job carries to its worker."""
    return tuple(
        sorted(
            (k, v)
            for k, v in os.environ.items()
            if k in _CARRIED_ENV or k.startswith(_CARRIED_PREFIX)
        )
    )


@contextlib.contextmanager
def _job_env(pairs: Sequence[tuple[str, str]]) -> Iterator[None]:
    """The job's carried variables, in force for its run only."""
    names = {*_CARRIED_ENV, *(k for k in os.environ if k.startswith(_CARRIED_PREFIX))}
    names |= {k for k, _ in pairs}
    saved = {k: os.environ.get(k) for k in names}
    for k in names:
        os.environ.pop(k, None)
    os.environ.update(dict(pairs))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_job(job: ReportJob) -> JobOutcome:
    """Build one report with warm kernels; never raises for a report's own failure."""
    from dtreport.paths import Project
    from dtreport.run.outcome import report_lines
    from dtreport.run.pipeline import build_report

    started = time.perf_counter()
    project = Project.find(Path(job.root))
    worker = f"{os.uname().nodename}:{os.getpid()}"
    with _job_env(job.env):
        try:
            result = build_report(
                project, job.period, unit=job.unit, lang=job.lang, formats=job.formats,
                draft=job.draft, output_dir=Path(job.output_dir) if job.output_dir else None,
                timeout=job.timeout, warm=True, index=False,
            )  # fmt: skip
        except DtreportError as exc:
            seconds = time.perf_counter() - started
            return JobOutcome(job, exit_code(exc), seconds, (str(exc),), worker)
        except Exception as exc:  # one report's failure must not end the batch
            seconds = time.perf_counter() - started
            message = f"{type(exc).__name__}: {exc}"
            return JobOutcome(job, exit_code(exc), seconds, (message,), worker)
    code = EXIT_DRAFT if result.draft else EXIT_OK
    seconds = time.perf_counter() - started
    return JobOutcome(
        job, code, seconds, tuple(report_lines(project, result)), worker, dict(result.timings)
    )


Progress = Callable[[JobOutcome, int, int], None]


def run_batch(
    jobs: Sequence[ReportJob],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[JobOutcome]:
    """Run every job; return their outcomes in the order given.

    ``scheduler`` sends them to a running Dask cluster; otherwise ``workers`` > 1 starts a
    local one, and 1 runs them here, one after another. The index of each output folder
    is written once, at the end (a job leaves it alone).
    """
    if scheduler is None and workers == 1:
        outcomes = []
        for count, job in enumerate(jobs, start=1):
            outcome = run_job(job)
            outcomes.append(outcome)
            if progress:
                progress(outcome, count, len(jobs))
    else:
        outcomes = _on_dask(jobs, workers, scheduler, progress)
    _write_indexes(jobs)
    return outcomes


def _write_indexes(jobs: Sequence[ReportJob]) -> None:
    """``index.html`` of every output folder the jobs published into."""
    from dtreport.outputs.index import write_index
    from dtreport.paths import Project

    for root, output in sorted({(job.root, job.output_dir) for job in jobs}, key=str):
        project = Project.find(Path(root))
        with contextlib.suppress(OSError):  # an unwritable folder: each job said so already
            write_index(Path(output) if output else project.output_dir, project.root)


def _on_dask(
    jobs: Sequence[ReportJob], workers: int, scheduler: str | None, progress: Progress | None
) -> list[JobOutcome]:
    from distributed import as_completed

    with _client(workers, scheduler) as client:
        # pure=False: a job is an action (it publishes), never a cached value.
        futures = [
            client.submit(run_job, job, key=f"dtreport-{i}-{job.name}", pure=False)
            for i, job in enumerate(jobs)
        ]
        index = {future.key: i for i, future in enumerate(futures)}
        outcomes: list[JobOutcome | None] = [None] * len(jobs)
        for count, future in enumerate(as_completed(futures), start=1):  # type: ignore[no-untyped-call]
            outcome = future.result()
            outcomes[index[future.key]] = outcome
            if progress:
                progress(outcome, count, len(jobs))
    return [o for o in outcomes if o is not None]


@contextlib.contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client: of the scheduler given, or of a local cluster of ``workers`` processes."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        except (OSError, ValueError, TypeError) as exc:
            raise PipelineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    # Each worker a process of its own with one thread: a report's run is CPU-bound, and
    # its warm kernels belong to the process. No dashboard; the scheduler's HTTP routes take
    # any free local port (a fixed one may be taken by another cluster).
    with (
        dask.config.set({"distributed.worker.daemon": False, "distributed.admin.tick.limit": "1h"}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
            silence_logs=logging.ERROR, scheduler_port=0,
        ) as cluster,  # type: ignore[no-untyped-call]
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):  # fmt: skip
        yield client
