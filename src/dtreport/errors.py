"""The one exception tree of dtreport.

::

    DtreportError                 anything dtreport reports to a user
    ├── InputError                a file, row or column of the inputs is wrong
    │   ├── AmbiguousValueError   a value has two plausible readings
    │   └── PeriodError           a period id or a params file is wrong
    ├── CatalogError              the indicator catalogue is wrong
    ├── ValidationFailed          the checks found critical findings
    └── PipelineError             executing or rendering the report failed
        └── NotebookCellError     a notebook cell raised or timed out

Every error carries the place it is about (file, row, column) so that the
message tells the user exactly which cell of which file to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

__all__ = [
    "AmbiguousValueError",
    "CatalogError",
    "DtreportError",
    "InputError",
    "Location",
    "NotebookCellError",
    "PeriodError",
    "PipelineError",
    "ValidationFailed",
]


@dataclass(frozen=True)
class Location:
    """Where in the inputs something is: file, 1-based row as a spreadsheet shows it, column."""

    file: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


@dataclass
class DtreportError(Exception):
    """Base of every error dtreport reports to a user."""

    message: str
    location: Location = field(default_factory=Location)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    @classmethod
    def at(
        cls,
        message: str,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> Self:
        """Build the error with its location in one call."""
        return cls(message, Location(str(file) if file is not None else None, row, column))


class InputError(DtreportError):
    """A period's input (data file, params file) is wrong."""


class AmbiguousValueError(InputError):
    """A reported value reads as two different numbers; dtreport never guesses which."""


class PeriodError(InputError):
    """A period id or params file is not usable."""


class CatalogError(DtreportError):
    """The indicator catalogue is wrong."""


class ValidationFailed(DtreportError):
    """The data checks found critical findings; nothing was published."""


class PipelineError(DtreportError):
    """Executing or rendering the report failed."""


@dataclass
class NotebookCellError(PipelineError):
    """A notebook cell raised an error or timed out."""

    cell_index: int = -1
    ename: str = ""
