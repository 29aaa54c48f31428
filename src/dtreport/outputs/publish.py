"""Writing outputs so that a reader never sees a half-written file or report.

Single files are written beside their target and renamed into place; a
period's report is built in a staging folder and swapped in whole.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import IO

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "claim_staging",
    "publish",
    "release_staging",
]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: the old file stays until the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates files private to the owner; a report is for reading.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"))


def _exchange(staging: Path, final: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, bytes(staging), at_fdcwd, bytes(final), rename_exchange)
    return bool(result == 0)


def publish(staging: Path, final: Path) -> None:
    """Move a complete staging folder to ``final``, replacing any previous report at once."""
    locks = final.parent / ".locks"
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


def claim_staging(final: Path) -> tuple[Path, IO[str]]:
    """A new staging folder for ``final``, held by a lock for as long as this run lives.

    Folders left by runs that died without cleaning up (killed, machine restarted)
    are removed first: their locks are free.
    """
    root = final.parent / ".staging"
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    folder = root / f"{final.name}-{uuid.uuid4().hex[:12]}"
    claim = (root / f"{folder.name}.lock").open("w")
    fcntl.flock(claim, fcntl.LOCK_EX)
    folder.mkdir()
    return folder, claim


def release_staging(claim: IO[str]) -> None:
    """Give up a staging folder's lock (the folder itself was published or removed)."""
    path = Path(claim.name)
    path.unlink(missing_ok=True)
    claim.close()


def _sweep(root: Path) -> None:
    for lock_path in root.glob("*.lock"):
        with lock_path.open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run holds it
            shutil.rmtree(root / lock_path.stem, ignore_errors=True)
            lock_path.unlink(missing_ok=True)
