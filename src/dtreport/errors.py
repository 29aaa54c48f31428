"""The one exception tree of dtreport.

::

    DtreportError                 anything dtreport reports to a user          exit
    ├── UsageError                the command line is wrong                      2
    ├── InputError                a file, row or column of the inputs is wrong   1
    │   ├── AmbiguousValueError   a value has two plausible readings             1
    │   └── PeriodError           a period id or a params file is wrong          1
    ├── CatalogError              the indicator catalogue is wrong               1
    ├── ValidationFailed          the checks found critical findings             1
    ├── OutputError               an output cannot be written (disk, rights)     4
    └── PipelineError             executing or rendering the report failed       3
        └── NotebookCellError     a notebook cell raised or timed out            3

A report published as a draft exits 5, an interrupted run 130 (see :func:`exit_code`).

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
    "EXIT_DRAFT",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_PIPELINE",
    "EXIT_USAGE",
    "AmbiguousValueError",
    "CatalogError",
    "DtreportError",
    "InputError",
    "Location",
    "NotebookCellError",
    "OutputError",
    "PeriodError",
    "PipelineError",
    "UsageError",
    "ValidationFailed",
    "exit_code",
]

# What the command line's exit code says (the README's table lists the same).
EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_PIPELINE = 3
EXIT_OUTPUT = 4
EXIT_DRAFT = 5
EXIT_INTERRUPTED = 130


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

    def _render_traceback_(self) -> list[str]:
        """What JupyterLab and papermill show for this error: the message, not a traceback.

        IPython calls this hook of an exception instead of formatting its stack.
        """
        return [f"{type(self).__name__}: {self}"]

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


class UsageError(DtreportError):
    """The command line asks for something that cannot be (an unknown period or format)."""


class OutputError(DtreportError):
    """An output cannot be written: the disk is full, the folder read-only, access denied."""


class PipelineError(DtreportError):
    """Executing or rendering the report failed."""


@dataclass
class NotebookCellError(PipelineError):
    """A notebook cell raised an error or timed out."""

    cell_index: int = -1
    ename: str = ""


def exit_code(error: BaseException) -> int:
    """The exit code that tells a scheduler what went wrong (README, "Exit codes")."""
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(error, UsageError):
        return EXIT_USAGE
    if isinstance(error, OutputError | OSError):
        return EXIT_OUTPUT
    if isinstance(error, PipelineError):
        return EXIT_PIPELINE
    return EXIT_INPUT
