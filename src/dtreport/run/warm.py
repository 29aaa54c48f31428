"""Warm kernels for many reports: each kernel is forked from a zygote that imported once.

``ForkKernelManager`` is a ``jupyter_client`` kernel manager papermill (through nbclient)
uses like its default one; only the launch differs. Instead of starting
``python -m ipykernel_launcher`` as a new process, which imports pandas, matplotlib and
IPython again, it asks this process's :class:`Zygote` (:mod:`dtreport.run.zygote`) to
fork a kernel from its warm state, with the very command line, connection file,
environment and folder the default launch would use. The kernel is then watched and
signalled like any other (interrupt, shutdown, kill), through a pidfd, so an ended
kernel is never confused with a later process given the same pid.

One zygote serves a process (a Dask worker, a batch): it starts with the first kernel and
ends with the process.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from typing import Any, ClassVar

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from dtreport.errors import PipelineError

__all__ = ["ForkKernelManager", "ForkedKernel", "Zygote"]


class Zygote:
    """The warm process kernels are forked from (one per process, started when first asked)."""

    _shared: ClassVar[Zygote | None] = None
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "dtreport.run.zygote"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )  # fmt: skip
        hello = self._read()
        if not hello.get("ready"):
            raise PipelineError(f"the kernel zygote did not start: {hello}")
        self.pid = int(hello["pid"])

    @classmethod
    def shared(cls) -> Zygote:
        """This process's zygote, started on first use and again if it died."""
        with cls._shared_lock:
            if cls._shared is None or not cls._shared.alive:
                cls._shared = cls()
                # Ended with the process, its pipes closed, rather than left to the system.
                atexit.register(cls._shared.close)
            return cls._shared

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """Fork a kernel that runs ``cmd`` (an ipykernel command line); return its pid."""
        request = {"cmd": cmd, "env": env, "cwd": cwd}
        with self._lock:
            assert self._process.stdin is not None
            try:
                self._process.stdin.write(json.dumps(request) + "\n")
                self._process.stdin.flush()
            except OSError as exc:
                raise PipelineError(f"the kernel zygote has gone: {exc}") from None
            reply = self._read()
        if "pid" not in reply:
            raise PipelineError(f"the kernel zygote could not fork a kernel: {reply}")
        return int(reply["pid"])

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise PipelineError(f"the kernel zygote ended (exit {self._process.wait()})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        """End the zygote (and, with it, any kernel still running)."""
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=5)
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


class ForkedKernel:
    """A forked kernel, seen through the part of ``subprocess.Popen`` jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # it ended already
            self._pidfd = None
            self.returncode = 0

    def poll(self) -> int | None:
        """``None`` while the kernel runs, then 0 (its exit status belongs to the zygote)."""
        if self.returncode is None and self._pidfd is not None:
            poller = select.poll()
            poller.register(self._pidfd, select.POLLIN)
            if poller.poll(0):
                self._close()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel has ended."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0.0)
            time.sleep(0.02)
        return 0

    def send_signal(self, signum: int) -> None:
        """Signal the kernel, unless it has ended."""
        if self.poll() is None and self._pidfd is not None:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def _close(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        self.returncode = 0

    def __del__(self) -> None:
        if self._pidfd is not None:
            os.close(self._pidfd)


class ForkProvisioner(LocalProvisioner):
    """Launches the kernel by forking the zygote instead of starting a new interpreter."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Fork the kernel ``cmd`` describes; any other command starts the usual way."""
        from dtreport.run.zygote import _kernel_argv

        if _kernel_argv(cmd) is None or os.path.realpath(cmd[0]) != os.path.realpath(
            sys.executable
        ):
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        # What jupyter_client's launcher adds for a kernel it starts itself.
        env.setdefault("JPY_PARENT_PID", str(os.getpid()))
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = Zygote.shared().fork(cmd, env, cwd)
        # It stands in for the Popen object: poll, wait, send_signal, kill, terminate.
        self.process = ForkedKernel(pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = pid  # the kernel leads a process group of its own (setsid)
        self.cwd = cwd
        return self.connection_info


class ForkKernelManager(AsyncKernelManager):
    """An ``AsyncKernelManager`` whose kernels are forked from the zygote."""

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        result: tuple[list[str], dict[str, Any]] = await super()._async_pre_start_kernel(**kw)
        return result
