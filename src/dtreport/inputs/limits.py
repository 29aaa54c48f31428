"""How much work one input may cause: bounds on file size, rows, cells and YAML aliases.

A unit's file is read whole before anything is checked, so an oversized or crafted
file (a small XLSX that unzips to gigabytes, a YAML alias bomb) must be refused before
it is expanded. Each bound has a default and an environment variable that raises it.

==========================  ===========  ===============================
bound                        default      environment variable
==========================  ===========  ===============================
file size                    20 MB        ``DTREPORT_MAX_FILE_MB``
XLSX uncompressed size       100 MB       ``DTREPORT_MAX_XLSX_MB``
data rows per table          10 000       ``DTREPORT_MAX_ROWS``
characters per cell          4 000        ``DTREPORT_MAX_CELL_CHARS``
YAML aliases per file        50           ``DTREPORT_MAX_YAML_ALIASES``
==========================  ===========  ===============================
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dtreport.errors import InputError

__all__ = ["Limits", "current_limits"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds in force (bytes, rows, characters, aliases)."""

    file_bytes: int = 20 * _MB
    xlsx_bytes: int = 100 * _MB
    rows: int = 10_000
    cell_chars: int = 4_000
    yaml_aliases: int = 50


# Environment variable, field, and the factor from the variable's unit to the field's.
_VARIABLES = (
    ("DTREPORT_MAX_FILE_MB", "file_bytes", _MB),
    ("DTREPORT_MAX_XLSX_MB", "xlsx_bytes", _MB),
    ("DTREPORT_MAX_ROWS", "rows", 1),
    ("DTREPORT_MAX_CELL_CHARS", "cell_chars", 1),
    ("DTREPORT_MAX_YAML_ALIASES", "yaml_aliases", 1),
)


def current_limits() -> Limits:
    """The defaults, raised (or lowered) by the environment variables that are set."""
    values: dict[str, int] = {}
    for variable, name, factor in _VARIABLES:
        raw = os.environ.get(variable, "").strip()
        if not raw:
            continue
        if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise InputError(f"environment variable {variable}={raw!r} is not a positive number")
        values[name] = int(raw) * factor
    return Limits(**values)


def describe(variable: str) -> str:
    """How a message tells the user to raise a bound."""
    return f"raise it with the environment variable {variable} if the file is right"
