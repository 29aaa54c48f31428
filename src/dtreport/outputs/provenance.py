"""Provenance: checksums of the inputs, package versions and the code's git commit."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from dtreport.paths import shown_path

__all__ = ["PACKAGES", "file_checksums", "git_commit", "package_versions", "sha256_file"]

# The packages whose versions decide what a report shows.
PACKAGES = (
    "dtreport", "pandas", "great_expectations", "papermill", "nbconvert", "matplotlib",
    "weasyprint", "babel", "openpyxl", "python-docx",
)  # fmt: skip


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def file_checksums(files: Iterable[Path], root: Path) -> dict[str, str]:
    """``{path as the project names it: sha256}`` of each file (see ``paths.shown_path``)."""
    return {shown_path(path, root): sha256_file(path) for path in files}


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` (``"not installed"`` where absent)."""
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(root: Path) -> str:
    """The commit the project is at, with ``+dirty`` when files differ; ``unknown`` outside git."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")
