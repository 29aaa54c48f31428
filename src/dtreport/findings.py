"""Findings: every problem a check finds in the inputs, with its severity and place.

Checks collect all findings of an input rather than stopping at the first,
so a unit fixes its file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from dtreport.errors import Location, ValidationFailed

__all__ = ["SHOWN_FINDINGS", "Finding", "Severity", "listing", "raise_for_critical"]


class Severity(StrEnum):
    """How bad a finding is: critical stops publication, warning is shown in the report."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One problem (or note) about one place in the inputs."""

    severity: Severity
    check: str
    message: str
    location: Location = field(default_factory=Location)
    indicator_id: str | None = None
    # The message in Vietnamese, for the findings a published report shows (warnings);
    # analysts read the English one on the command line.
    message_vi: str = ""

    def text(self, lang: str) -> str:
        """The message in ``lang`` (English where no Vietnamese one was written)."""
        return self.message_vi if lang == "vi" and self.message_vi else self.message

    @property
    def place(self) -> Location:
        """Where the finding is, naming its indicator: ``…, row 4 (QD749-03), column value``."""
        if self.indicator_id and not self.location.indicator_id:
            return replace(self.location, indicator_id=self.indicator_id)
        return self.location

    def __str__(self) -> str:
        where = str(self.place)
        prefix = f"[{self.severity}] {where}: " if where else f"[{self.severity}] "
        return prefix + self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as saved in ``validation.json``."""
        return {
            "severity": str(self.severity),
            "check": self.check,
            "message": self.message,
            "file": self.location.file,
            "row": self.location.row,
            "column": self.location.column,
            "indicator_id": self.indicator_id,
            "message_vi": self.message_vi,
        }


# A file with thousands of bad rows is listed by its first problems and a count, so a
# terminal or a log is not flooded; validation.json keeps every finding.
SHOWN_FINDINGS = 20


def listing(findings: Sequence[Finding], limit: int = SHOWN_FINDINGS) -> str:
    """One line per finding, the first ``limit`` of them, then how many more there are."""
    lines = [f"  - {f}" for f in findings[:limit]]
    if len(findings) > limit:
        more = len(findings) - limit
        lines.append(f"  … and {more} more (every finding: dtreport validate --json)")
    return "\n".join(lines)


def raise_for_critical(findings: Iterable[Finding], what: str = "the inputs") -> None:
    """Raise :class:`ValidationFailed` carrying every critical finding, if there is one."""
    critical = [f for f in findings if f.severity is Severity.CRITICAL]
    if critical:
        message = f"{len(critical)} critical finding(s) in {what}:\n{listing(critical)}"
        raise ValidationFailed(message, findings=tuple(critical))
