"""The checks results of a period as one report: every finding and every expectation outcome.

Saved as ``validation.json`` and read back from it (the run hands it to the notebook).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dtreport.errors import Location
from dtreport.findings import Finding, Severity

__all__ = ["Outcome", "ValidationReport"]


@dataclass(frozen=True)
class Outcome:
    """One expectation's result: which check, how severe, and whether it held."""

    suite: str
    check: str
    severity: Severity
    expectation: str
    column: str
    success: bool
    unexpected: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "suite": self.suite,
            "check": self.check,
            "severity": str(self.severity),
            "expectation": self.expectation,
            "column": self.column,
            "success": self.success,
            "unexpected": self.unexpected,
        }


@dataclass
class ValidationReport:
    """All findings of a run and the outcome of every expectation."""

    findings: list[Finding] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def critical(self) -> list[Finding]:
        """The findings that stop publication."""
        return [f for f in self.findings if f.severity is Severity.CRITICAL]

    def merge(self, findings: Sequence[Finding]) -> None:
        """Add findings, skipping any that one already present says (same check and place)."""
        seen = {_key(f) for f in self.findings}
        for finding in findings:
            if _key(finding) not in seen:
                self.findings.append(finding)
                seen.add(_key(finding))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationReport:
        """Read back the form :meth:`to_dict` writes."""
        findings = [
            Finding(
                Severity(f["severity"]),
                f["check"],
                f["message"],
                Location(f["file"], f["row"], f["column"]),
                f["indicator_id"],
                f.get("message_vi", ""),
            )
            for f in data["findings"]
        ]
        outcomes = [
            Outcome(
                o["suite"],
                o["check"],
                Severity(o["severity"]),
                o["expectation"],
                o["column"],
                o["success"],
                o["unexpected"],
            )
            for o in data["expectations"]
        ]
        return cls(findings, outcomes)

    def to_dict(self) -> dict[str, Any]:
        """The form saved as ``validation.json``."""
        counts = {str(s): sum(f.severity is s for f in self.findings) for s in Severity}
        return {
            "success": not self.critical,
            "counts": counts,
            "findings": [f.to_dict() for f in self.findings],
            "expectations": [o.to_dict() for o in self.outcomes],
        }


def _key(finding: Finding) -> tuple[object, ...]:
    loc = finding.location
    return (finding.check, loc.file, loc.row, loc.column)
