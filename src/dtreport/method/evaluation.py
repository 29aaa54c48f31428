"""A period evaluated: every indicator assessed against its target, the summary, the findings.

And what a draft shows instead (``withhold``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from dtreport.findings import Finding, Severity
from dtreport.inputs.period_data import PeriodInputs
from dtreport.lang import Lang
from dtreport.method.attainment import Assessment, assess_all
from dtreport.method.summary import Summary, summarise, summary_sentence
from dtreport.status import Status

__all__ = ["PeriodResult", "evaluate", "withhold"]


@dataclass(frozen=True)
class PeriodResult:
    """A period's attainment: each indicator's assessment, the summary and all findings."""

    inputs: PeriodInputs
    assessments: list[Assessment]
    summary: Summary
    findings: list[Finding]

    def sentence(self, lang: Lang) -> str:
        """The summary sentence in ``lang``."""
        params, catalog = self.inputs.params, self.inputs.catalog
        if lang == "vi":
            subject = params.province or params.reporting_unit
        else:
            subject = params.province_en or params.reporting_unit_en or params.reporting_unit
        return summary_sentence(self.summary, catalog.title(lang) or catalog.id, subject, lang)


def withhold(result: PeriodResult, findings: Iterable[Finding]) -> PeriodResult:
    """The result a draft shows: an indicator with a critical finding gets no status.

    A draft is rendered despite critical findings; its counts, charts and appendix must
    not present a value that failed a check (175% for a share) as achieved.
    """
    failed = {f.indicator_id for f in findings if f.severity is Severity.CRITICAL}
    # An indicator that no longer applies has no status to withhold: it stays not applicable.
    withheld = failed & {
        a.indicator.id for a in result.assessments if a.status is not Status.NOT_APPLICABLE
    }
    if not withheld:
        return result
    assessments = [
        replace(a, status=Status.NOT_ASSESSED, assessed_by_unit=False, withheld=True)
        if a.indicator.id in withheld
        else a
        for a in result.assessments
    ]
    summary = summarise(a.status for a in assessments)
    return replace(result, assessments=assessments, summary=summary)


def evaluate(inputs: PeriodInputs) -> PeriodResult:
    """Assess every indicator of a period and summarise."""
    assessments, findings = assess_all(inputs.catalog, inputs.reported, inputs.period)
    summary = summarise(a.status for a in assessments)
    return PeriodResult(inputs, assessments, summary, [*inputs.findings, *findings])
