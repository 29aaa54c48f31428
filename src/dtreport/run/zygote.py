"""A warm process that forks report kernels: the imports are paid once, not once per report.

A report's kernel spends most of its start-up importing pandas, matplotlib, IPython and
dtreport. The zygote is a small single-threaded process that imports them once and then,
on each request, forks: the child is a fresh IPython kernel (ipykernel's own
``IPKernelApp``, started with the command line ``jupyter_client`` built for it) that
already has those modules loaded. Each report still runs every cell of its notebook in a
kernel of its own: nothing of one report's run is seen by the next, since each child is a
copy of the zygote, never of an earlier kernel.

The zygote talks to the process that started it over its stdin and stdout, one JSON
object a line. It exits when its stdin closes (the worker that started it has gone), and
takes its kernels with it; each kernel dies with the zygote (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import signal
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["PRELOAD", "KernelRequest", "serve"]

# What a report's kernel imports, in the order the notebook imports it. Not Great
# Expectations: a warm run hands the notebook its checks (``validation_file``), computed in
# the worker, so the kernel never imports it, and each zygote would pay seconds for nothing.
PRELOAD = (
    "pandas",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_svg",
    "matplotlib.backends.backend_agg",
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "matplotlib_inline.backend_inline",
    "dtreport.run.notebook",
    "dtreport.checks.period_checks",
)

# Linux: deliver this signal to the calling process when its parent dies.
_PR_SET_PDEATHSIG = 1

KernelRequest = dict[str, Any]


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the one that forked it ends (no-op elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _kernel_argv(cmd: Sequence[str]) -> list[str] | None:
    """ipykernel's arguments in a kernel command ``python -m ipykernel_launcher ...``.

    ``None`` for any other command: only a kernel the zygote can be is forked.
    """
    if len(cmd) >= 3 and list(cmd[1:3]) == ["-m", "ipykernel_launcher"]:
        return list(cmd[3:])
    return None


def _become_kernel(request: KernelRequest) -> None:
    """In the forked child: become the kernel the request describes, then exit."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's subprocesses are its own
        os.setsid()  # its own process group, as jupyter_client starts kernels
        _die_with_parent()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        argv = _kernel_argv(request["cmd"])
        assert argv is not None
        # The kernel watches the zygote, its real parent (ipykernel read JPY_PARENT_PID when
        # the zygote imported it, before any request: it is given here instead).
        argv.append(f"--IPKernelApp.parent_handle={os.getppid()}")
        sys.argv = [sys.argv[0], *argv]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(argv)  # type: ignore[no-untyped-call]
        app.start()  # type: ignore[no-untyped-call]
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # the child must never return into the zygote's loop
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _preload(modules: Sequence[str]) -> list[str]:
    """Import ``modules``; return the ones that could not be (the kernel imports them itself)."""
    missing = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            missing.append(name)
    return missing


def serve(modules: Sequence[str] = PRELOAD) -> None:
    """The zygote's loop: preload, say ready, then fork a kernel for each request line."""
    _die_with_parent()
    # Children are reaped by the system; the worker watches each one through a pidfd.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    requests, replies = sys.stdin, os.fdopen(os.dup(sys.stdout.fileno()), "w")
    # Nothing else may write into the reply channel: stray prints go to stderr.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    missing = _preload(modules)
    _reply(replies, {"ready": True, "pid": os.getpid(), "missing": missing})
    children: dict[int, int] = {}  # pid -> pidfd: a pid may be reused, its pidfd never is
    for line in requests:
        try:
            request = json.loads(line)
            if _kernel_argv(request["cmd"]) is None:
                raise ValueError("not an ipykernel command")
        except (ValueError, KeyError, TypeError) as exc:
            _reply(replies, {"error": f"bad request: {exc}"})
            continue
        pid = os.fork()
        if pid == 0:
            requests.close()
            replies.close()
            _become_kernel(request)
        _watch(children, pid)
        _reply(replies, {"pid": pid})
    # The worker has gone: so do the kernels it started.
    for pidfd in children.values():
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def _watch(children: dict[int, int], pid: int) -> None:
    """Keep a pidfd of each live kernel (and let go of those that have ended)."""
    for old, pidfd in list(children.items()):
        if _ended(pidfd):
            os.close(pidfd)
            del children[old]
    with contextlib.suppress(OSError):  # it may have ended already
        children[pid] = os.pidfd_open(pid)


def _ended(pidfd: int) -> bool:
    """A pidfd reads as ready once its process has ended."""
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    return bool(poller.poll(0))


def _reply(stream: Any, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


if __name__ == "__main__":
    serve()
