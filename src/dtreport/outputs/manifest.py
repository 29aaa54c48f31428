"""``manifest.json``: what a report was made from and of, and how long each stage took.

Every field is the same for the same inputs except the times, which the manifest names
under ``varying``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from dtreport.inputs.period_data import PeriodInputs
from dtreport.method.evaluation import PeriodResult
from dtreport.outputs.provenance import file_checksums, git_commit, package_versions
from dtreport.paths import Project

__all__ = ["manifest_text"]


def manifest_text(
    project: Project,
    inputs: PeriodInputs,
    result: PeriodResult,
    draft: bool,
    notebook: Path,
    final: Path,
    timings: dict[str, float],
    files: Sequence[Path],
    finding_counts: dict[str, int],
    history_files: Sequence[Path] = (),
) -> str:
    """``manifest.json``'s text: what the report was made from and of; times in named fields.

    ``notebook`` is the report notebook run, ``final`` the folder the report is published
    to, ``files`` what it holds, ``finding_counts`` the checks' findings by severity,
    ``history_files`` the earlier periods' files its changes and Appendix II were computed
    from (a change to one of them outdates the report as a change to its own inputs does).
    """
    params, language = inputs.params, inputs.params.lang
    expectations = sorted(project.expectations_dir.glob("*.yaml"))
    parameters = {
        **params.to_dict(),
        "params_file": project.shown(inputs.params_file),
        "output_dir": project.shown(final),
        "draft": draft,
    }
    manifest = {
        "period": params.period,
        "lang": language,
        "draft": draft,
        "illustrative": params.illustrative,
        # These two differ from run to run; every other field is the same for the same inputs.
        "varying": ["created", "timings"],
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "timings": timings,
        "title": (params.title_vi if language == "vi" else params.title_en) or params.period,
        "reporting_unit": params.reporting_unit
        if language == "vi"
        else params.reporting_unit_en or params.reporting_unit,
        "summary": {
            "total": result.summary.total,
            "achieved": result.summary.achieved,
            "counts": {str(k): v for k, v in result.summary.counts.items()},
            "sentence": result.sentence(language),
        },
        "findings": finding_counts,
        "inputs": file_checksums(
            [*inputs.input_files, *history_files, *expectations, notebook], project.root
        ),
        "parameters": parameters,
        "versions": package_versions(),
        "git_commit": git_commit(project.root),
        "outputs": sorted(p.name for p in files),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
