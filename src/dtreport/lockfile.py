"""Keeping ``environment.yml`` (conda users) and ``requirements.lock`` (pip) the same set.

``python -m dtreport.lockfile requirements.lock environment.yml`` rewrites the
conda file from the lock; a test checks they agree.
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


def environment_yaml(lock_text: str) -> str:
    """The conda environment that installs exactly the lock's pins, then dtreport itself."""
    pins = "\n".join(f"      - {pin}" for pin in lock_pins(lock_text))
    return (
        "# Generated from requirements.lock by `make lock`; a test keeps the two in sync.\n"
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
    """Write the environment file from the lock file."""
    lock, env = Path(argv[0]), Path(argv[1])
    env.write_text(environment_yaml(lock.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
