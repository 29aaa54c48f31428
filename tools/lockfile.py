"""Keeping ``environment.yml`` (conda users) and the pip lock files the same set.

pip users get two environments: ``.venv`` from ``requirements.lock`` (the
report runtime and the dev tools) and ``.venv-lab`` from
``requirements-lab.lock`` (JupyterLab, whose dependencies slow every import of
papermill and Great Expectations by about a second). Conda users get one
environment holding both. ``python tools/lockfile.py requirements.lock
requirements-lab.lock environment.yml`` rewrites the conda file; a test checks
that it agrees with the locks.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["environment_yaml", "lock_pins"]

PYTHON_VERSION = "3.11"


def lock_pins(lock_text: str) -> list[str]:
    """The ``name==version`` lines of a lock file, without comments or blanks."""
    return [
        line.strip() for line in lock_text.splitlines() if line.strip() and not line.startswith("#")
    ]


def merged_pins(*lock_texts: str) -> list[str]:
    """The union of several locks' pins; a package pinned to two versions is an error."""
    versions: dict[str, str] = {}
    for text in lock_texts:
        for pin in lock_pins(text):
            name, _, version = pin.partition("==")
            key = name.lower().replace("_", "-")
            if versions.get(key, version) != version:
                raise ValueError(f"{name} is pinned to {versions[key]} and {version}")
            versions[key] = version
    return [f"{name}=={version}" for name, version in sorted(versions.items())]


def environment_yaml(lock_text: str, lab_lock_text: str = "") -> str:
    """The conda environment that installs exactly the locks' pins, then dtreport itself."""
    pins = "\n".join(f"      - {pin}" for pin in merged_pins(lock_text, lab_lock_text))
    return (
        "# Generated from requirements.lock and requirements-lab.lock by `make lock`;\n"
        "# a test keeps them in sync.\n"
        "name: dtreport\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        f"  - python={PYTHON_VERSION}\n"
        "  - pip\n"
        "  - pip:\n"
        f"{pins}\n"
        "      - -e .\n"
    )


def main(argv: list[str]) -> int:
    """Write the environment file from the lock files."""
    lock, lab, env = Path(argv[0]), Path(argv[1]), Path(argv[2])
    text = environment_yaml(lock.read_text(encoding="utf-8"), lab.read_text(encoding="utf-8"))
    env.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
