"""Warm kernels: forked from a zygote that imported once, each report's run still its own."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest

from dtreport.run.warm import ForkedKernel, ForkKernelManager, Zygote
from dtreport.run.zygote import _kernel_argv


def _notebook(path: Path) -> Path:
    """A notebook that reports what its kernel had loaded before its first cell, and its pid."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("marker = 'none'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import sys, os, json\n"
            "seen = {'pandas_loaded': 'pandas' in sys.modules, 'pid': os.getpid(),\n"
            "        'cwd': os.getcwd(), 'leftover': 'earlier' in globals(),\n"
            "        'env': os.environ.get('DTREPORT_TEST_MARK', '')}\n"
            "earlier = marker\n"
            "print(json.dumps(seen))"
        ),
    ]
    nbformat.write(nb, path)
    return path


def _run(notebook: Path, out: Path, cwd: Path, warm: bool, marker: str = "x") -> dict[str, object]:
    extra = {"kernel_manager_class": ForkKernelManager} if warm else {}
    papermill.execute_notebook(
        str(notebook), str(out), parameters={"marker": marker}, kernel_name="python3",
        progress_bar=False, log_output=False, cwd=str(cwd), shutdown_kernel="immediate",
        extra_arguments=["--IPKernelApp.log_level=ERROR"], **extra,
    )  # fmt: skip
    executed = nbformat.read(out, as_version=4)
    text = executed.cells[-1].outputs[0]["text"]
    result: dict[str, object] = json.loads(text)
    return result


def test_a_forked_kernel_starts_with_the_imports_done_and_nothing_of_the_last_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = _notebook(tmp_path / "probe.ipynb")
    monkeypatch.setenv("DTREPORT_TEST_MARK", "given")
    cold = _run(notebook, tmp_path / "cold.ipynb", tmp_path, warm=False)
    first = _run(notebook, tmp_path / "warm1.ipynb", tmp_path, warm=True, marker="one")
    second = _run(notebook, tmp_path / "warm2.ipynb", tmp_path, warm=True, marker="two")
    # A new interpreter imports pandas itself; a forked one has it already.
    assert cold["pandas_loaded"] is False
    assert first["pandas_loaded"] is True and second["pandas_loaded"] is True
    # Each run is a kernel of its own: another process, no variable of the run before.
    assert first["pid"] != second["pid"]
    assert first["leftover"] is False and second["leftover"] is False
    # The kernel works where papermill was told, with the environment of this process.
    assert first["cwd"] == second["cwd"] == str(tmp_path)
    assert first["env"] == "given"


def _kernel_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "ipykernel_launcher", *args]


def test_a_forked_kernel_is_watched_and_ends_with_its_zygote(tmp_path: Path) -> None:
    zygote = Zygote()
    try:
        # A kernel asked for its help ends at once: the pidfd sees it, signals are harmless.
        brief = ForkedKernel(zygote.fork(_kernel_cmd("--help"), dict(os.environ), str(tmp_path)))
        assert brief.wait(timeout=60) == 0
        brief.kill()  # no error, and no later process given the same pid is touched
        assert brief.poll() == 0
        # A kernel waiting for its client keeps running...
        cmd = _kernel_cmd("-f", str(tmp_path / "kernel.json"))
        waiting = ForkedKernel(zygote.fork(cmd, dict(os.environ), str(tmp_path)))
        time.sleep(1)
        assert waiting.poll() is None
    finally:
        zygote.close()
    # ...until its zygote ends: no kernel outlives the worker that started it.
    assert waiting.wait(timeout=30) == 0


def test_the_zygote_refuses_what_is_not_a_kernel_command() -> None:
    assert _kernel_argv(["python", "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    assert _kernel_argv(["python", "-c", "print(1)"]) is None
    zygote = Zygote()
    try:
        with pytest.raises(Exception, match="could not fork"):
            zygote.fork(["sh", "-c", "true"], {}, "/")
        assert zygote.alive  # a bad request does not end it
    finally:
        zygote.close()
    deadline = time.monotonic() + 10
    while zygote.alive and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not zygote.alive
