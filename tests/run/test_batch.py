"""Many reports on Dask: a real scheduler and two workers on localhost, started as a user would.

The reports a cluster publishes are the bytes a local run publishes, and a worker killed in
the middle of a run loses no report and leaves no half-written folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dtreport.paths import Project

# Four reports of provinces in force since 1 July 2025 (data/units.csv).
REPORTS = (
    ("P24-bac-ninh-2025", "2025-H2"),
    ("P01-ha-noi-2025", "2025-H2"),
    ("P04-cao-bang-2025", "2025-H2"),
    ("P08-tuyen-quang-2025", "2025-H2"),
)
# Fields of manifest.json that say when and how fast, not what (README: "varying").
VARYING = ("created", "timings")
BIN = Path(sys.executable).parent


def _cli(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dtreport.cli", *args, "--root", str(project.root)],
        capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip


def _published(out: Path) -> dict[str, bytes]:
    """Every published file under ``out`` (manifests without their varying fields)."""
    files: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith(".") or "/." in rel or rel == "index.html":
            continue
        data = path.read_bytes()
        if path.name == "manifest.json":
            manifest = json.loads(data)
            for key in VARYING:
                manifest.pop(key, None)
            data = json.dumps(manifest, sort_keys=True).encode()
        files[rel] = data
    return files


class Cluster:
    """``dask scheduler`` and two ``dask worker`` processes, each worker without a nanny."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.file = folder / "scheduler.json"
        self.logs = []
        self.scheduler = self._start(
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(self.file),
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.address = json.loads(self.file.read_text())["address"]
        worker = ["worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
        self.workers = [self._start(*worker, "--name", f"w{i}") for i in range(2)]
        self._wait_for_workers(2)

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{args[0]}-{len(self.logs)}.log").open("wb")
        self.logs.append(log)
        return subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=log)

    def _wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=120)

    def close(self) -> None:
        # Workers first, while their scheduler can still see them leave; then the scheduler.
        for group in (self.workers, [self.scheduler]):
            for process in group:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in group:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for log in self.logs:
            log.close()


@pytest.fixture(scope="module")
def unit_project(make_module_unit_project: Callable[..., Project]) -> Project:
    """A project of the four unit reports only (the single-unit periods removed)."""
    project = make_module_unit_project(*REPORTS)
    for params in project.params_dir.glob("*.yaml"):
        params.unlink()
    return project


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    running = Cluster(tmp_path)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def local_reports(unit_project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four reports as one machine renders them: ``run --all`` on warm kernels here."""
    out = tmp_path_factory.mktemp("local")
    done = _cli(unit_project, "run", "--all", "--quiet", "--output", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_warm_runs_publish_the_bytes_of_a_cold_single_run(
    unit_project: Project, local_reports: Path, tmp_path: Path
) -> None:
    unit, period = REPORTS[0]
    done = _cli(unit_project, "run", period, "--unit", unit, "--output", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    cold = _published(tmp_path / unit)
    warm = _published(local_reports / unit)
    assert cold.keys() == warm.keys()
    assert {name for name in cold if cold[name] != warm[name]} == set()


def test_a_cluster_publishes_the_bytes_of_a_local_run(
    unit_project: Project, local_reports: Path, cluster: Cluster, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    done = _cli(unit_project, "run", "--all", "--scheduler", cluster.address, "--output", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 report(s): 4 published" in done.stdout
    local, remote = _published(local_reports), _published(out)
    assert len(remote) >= 4 * 8
    assert local.keys() == remote.keys()
    assert {name for name in local if local[name] != remote[name]} == set()


def test_a_worker_killed_mid_run_loses_no_report(
    unit_project: Project, local_reports: Path, cluster: Cluster, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "dtreport.cli", "run", "--all", "--root",
               str(unit_project.root), "--scheduler", cluster.address, "--output", str(out)]  # fmt: skip
    batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Kill the first worker once both are building reports (their staging folders exist).
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        staging = [p for p in out.glob("*/.staging/*") if p.is_dir()]
        if len(staging) >= 2:
            break
        time.sleep(0.05)
    else:
        batch.kill()
        pytest.fail("the workers never started building")
    victim = cluster.workers[0]
    os.kill(victim.pid, signal.SIGKILL)
    stdout, stderr = batch.communicate(timeout=900)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert batch.returncode == 0, stdout + stderr
    # Every report is there, whole, and equal to the local one...
    local, remote = _published(local_reports), _published(out)
    assert local.keys() == remote.keys()
    assert {name for name in local if local[name] != remote[name]} == set()
    # ...and nothing half-written is left: no staging folder, no stray folder beside reports.
    assert [p for p in out.glob("*/.staging/*") if p.is_dir()] == []
    for unit, period in REPORTS:
        folders = sorted(p.name for p in (out / unit).iterdir() if not p.name.startswith("."))
        assert folders == [period]
