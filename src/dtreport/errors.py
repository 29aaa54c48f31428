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
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from dtreport.findings import Finding

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
    """Where in the inputs something is.

    ``file`` is the file as a user names it: relative to the project root, or its bare
    name when it lies outside (see :func:`dtreport.paths.shown_path`); ``row`` is the
    1-based row a spreadsheet shows (for a params file: the line); ``column`` the column
    (for a params file: the key); ``indicator_id`` the indicator the row is about.
    Printed: ``data/2024-H1/indicators.csv, row 4 (QD749-03), column value``.
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    indicator_id: str | None = None

    def __str__(self) -> str:
        # A YAML file (params, suites) has lines and keys where a table has rows and columns.
        yaml_file = bool(self.file) and str(self.file).endswith((".yaml", ".yml"))
        row_word, column_word = ("line", "key") if yaml_file else ("row", "column")
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"{row_word} {self.row}")
            if self.indicator_id:
                parts[-1] += f" ({self.indicator_id})"
        elif self.indicator_id:
            parts.append(f"indicator {self.indicator_id}")
        if self.column:
            parts.append(f"{column_word} {self.column}")
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
        indicator_id: str | None = None,
    ) -> Self:
        """Build the error with its location in one call (``file`` as a user names it)."""
        shown = str(file) if file is not None else None
        return cls(message, Location(shown, row, column, indicator_id))


class InputError(DtreportError):
    """A period's input (data file, params file) is wrong."""


class AmbiguousValueError(InputError):
    """A reported value reads as two different numbers; dtreport never guesses which."""


class PeriodError(InputError):
    """A period id or params file is not usable."""


class CatalogError(DtreportError):
    """The indicator catalogue is wrong."""


@dataclass
class ValidationFailed(DtreportError):
    """The data checks found critical findings; nothing was published.

    ``findings`` are the findings themselves (:class:`dtreport.findings.Finding`), for a
    caller that lists, counts or saves them; the message lists the first ones.
    """

    findings: tuple[Finding, ...] = ()


class PipelineError(DtreportError):
    """Executing or rendering the report failed."""


@dataclass
class NotebookCellError(PipelineError):
    """A notebook cell raised an error or timed out."""

    cell_index: int = -1
    ename: str = ""
