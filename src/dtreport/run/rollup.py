"""``dtreport rollup``: many units' results for one period, ranked, published as one report.

Each unit is read as its own report reads it (``params/<unit>/<period>.yaml``,
``data/<unit>/<period>/``), evaluated, and put through the same checks
(:func:`dtreport.checks.period_checks.validate_inputs`). A unit that sent nothing, whose
inputs cannot be read, or whose checks find anything critical is listed as not reported,
with the reason, and never ranked. The roll-up is built in a staging folder and swapped
into ``output/rollup/<period>/`` (``<period>.en`` in English) only when every file is
written, so a failed run leaves the previous roll-up as it was.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dtreport.checks.period_checks import validate_inputs
from dtreport.errors import DtreportError, PipelineError, UsageError, ValidationFailed
from dtreport.findings import Finding
from dtreport.i18n import describe_location, text
from dtreport.inputs.period_data import PeriodInputs, load_period
from dtreport.inputs.units import REGISTRY_FILE, ROLLUP_FOLDER, Registry, Unit, load_registry
from dtreport.lang import Lang
from dtreport.method.evaluation import evaluate
from dtreport.method.rollup import (
    ROLLUP_FILE,
    UnitEntry,
    entry_from_result,
    not_reported,
    rollup_table,
    standings,
)
from dtreport.outputs.exports import csv_bytes
from dtreport.outputs.provenance import file_checksums, git_commit, package_versions
from dtreport.outputs.publish import atomic_write_bytes, claim_staging, publish, release_staging
from dtreport.paths import Project
from dtreport.period import Period, parse_period
from dtreport.report.rollup import Rollup, rollup_page
from dtreport.stamp import document_time

__all__ = [
    "DEFAULT_LEVEL",
    "FORMATS",
    "PublishedRollup",
    "UnitRead",
    "build_rollup",
    "read_unit",
    "rollup_folder",
    "select_units",
]

DEFAULT_LEVEL = "province"
FORMATS = ("html", "pdf")
MANIFEST_FILE = "manifest.json"
# The roll-up's own stylesheet, after the report's (assets/).
STYLESHEET = "rollup.css"


@dataclass(frozen=True)
class UnitRead:
    """One unit as the roll-up read it: its entry, and its inputs when they were read whole."""

    entry: UnitEntry
    inputs: PeriodInputs | None = None
    # Files the entry was decided from (a params file that could not be read included).
    files: tuple[Path, ...] = ()


@dataclass
class PublishedRollup:
    """What a roll-up run published: its folder and files, and the report it shows."""

    period: str
    folder: Path
    rollup: Rollup
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def rollup_folder(period: Period, lang: Lang, output_dir: Path) -> Path:
    """``<output>/rollup/<period>/``; ``<period>.en/`` for the roll-up in English."""
    name = period.id if lang == "vi" else f"{period.id}.{lang}"
    return output_dir / ROLLUP_FOLDER / name


def select_units(
    registry: Registry, period: Period, unit_ids: Sequence[str] | None, level: str | None
) -> list[Unit]:
    """The units of the roll-up: exactly ``unit_ids`` (in that order) when given, else the
    registry's units of ``level`` (default ``province``) in force on the period's last day.

    An unknown id, an id given twice or a level with no unit in force is a
    :class:`UsageError` naming the registry and the ids or levels it holds.
    """
    if unit_ids:
        if level:
            raise UsageError("--units names the units of the roll-up: give no --level with it")
        repeated = sorted(i for i, n in Counter(unit_ids).items() if n > 1)
        if repeated:
            raise UsageError(f"--units names {', '.join(repeated)} more than once")
        unknown = [i for i in unit_ids if registry.find(i) is None]
        if unknown:
            problems = "; ".join(f"{registry.shown} {registry.unknown(i)}" for i in unknown)
            raise UsageError(problems)
        return [registry.get(i) for i in unit_ids]
    chosen = level or DEFAULT_LEVEL
    found = registry.in_force(period.end, chosen)
    if not found:
        levels = sorted({u.level for u in registry.units})
        raise UsageError(
            f"{registry.shown} has no unit of level {chosen!r} in force on "
            f"{period.end.isoformat()} (levels: {', '.join(levels) or 'none'})"
        )
    return found


def _finding_reason(findings: Sequence[Finding], lang: Lang) -> str:
    first = findings[0]
    reason = text(
        "rollup_failed_checks", lang, where=describe_location(first.place, lang),
        message=first.text(lang),
    )  # fmt: skip
    if len(findings) > 1:
        reason += text("rollup_more_findings", lang, n=len(findings) - 1)
    return reason


def read_unit(project: Project, unit: Unit, period: Period, lang: Lang) -> UnitRead:
    """Read, check and evaluate one unit's period, as its own report would.

    Not reported (with the reason, in ``lang``): no params file; inputs that cannot be
    read; a critical finding of the checks.
    """
    name = unit.name(lang)
    params_file = project.params_file(period, unit.unit_id)
    if not params_file.is_file():
        reason = text("rollup_no_report", lang, file=project.shown(params_file))
        return UnitRead(not_reported(unit.unit_id, name, reason))
    try:
        inputs = load_period(project, period.id, unit=unit.unit_id)
    except ValidationFailed as exc:
        reason = _finding_reason(exc.findings, lang) if exc.findings else exc.message
        return UnitRead(not_reported(unit.unit_id, name, reason), files=(params_file,))
    except DtreportError as exc:
        where = describe_location(exc.location, lang)
        message = f"{where}: {exc.message}" if where else exc.message
        reason = text("rollup_unreadable", lang, message=message)
        return UnitRead(not_reported(unit.unit_id, name, reason), files=(params_file,))
    files = tuple(inputs.input_files)
    critical = validate_inputs(inputs).critical
    if critical:
        return UnitRead(not_reported(unit.unit_id, name, _finding_reason(critical, lang)),
                        inputs, files)  # fmt: skip
    return UnitRead(entry_from_result(unit.unit_id, name, evaluate(inputs)), inputs, files)


def _compared(reads: list[UnitRead], lang: Lang) -> tuple[list[UnitEntry], str | None]:
    """The entries, and the catalogue they are compared on: the one most units report
    against (the first unit's on a tie); a unit of another catalogue is not counted."""
    catalogs = [r.inputs.params.catalog for r in reads if r.entry.reported and r.inputs]
    if not catalogs:
        return [r.entry for r in reads], None
    used = Counter(catalogs).most_common(1)[0][0]
    entries = []
    for r in reads:
        found = r.inputs.params.catalog if r.inputs is not None else used
        if r.entry.reported and found != used:
            reason = text("rollup_other_catalog", lang, found=found, used=used)
            entries.append(not_reported(r.entry.unit_id, r.entry.name, reason))
        else:
            entries.append(r.entry)
    return entries, used


def _manifest(
    project: Project,
    rollup: Rollup,
    reads: Sequence[UnitRead],
    request: dict[str, object],
    final: Path,
    files: Sequence[Path],
    timings: dict[str, float],
) -> str:
    """``manifest.json``: what the roll-up was made from (every input with its SHA-256) and of.

    ``request`` is what the command asked for (the units or the level, the formats);
    ``files`` what the roll-up's folder holds.
    """
    registry = project.data_dir / REGISTRY_FILE
    inputs = {registry, *project.expectations_dir.glob("*.yaml")}
    for read in reads:
        inputs.update(read.files)
    manifest = {
        "kind": "rollup",
        "period": rollup.period.id,
        "lang": rollup.lang,
        "catalog": rollup.catalog.id if rollup.catalog is not None else None,
        "illustrative": _illustrative(rollup, reads),
        # These two differ from run to run; every other field is the same for the same inputs.
        "varying": ["created", "timings"],
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "timings": timings,
        "summary": {
            "units": len(rollup.standings),
            "reported": len(rollup.counted),
            "ranked": len(rollup.ranked),
        },
        "units": [
            {"unit_id": s.unit_id, "reported": s.reported, "rank": s.rank, "reason": s.reason}
            for s in rollup.standings
        ],
        "inputs": dict(sorted(file_checksums(inputs, project.root).items())),
        "parameters": {**request, "output_dir": project.shown(final)},
        "versions": package_versions(),
        "git_commit": git_commit(project.root),
        "outputs": sorted(p.name for p in files),
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _illustrative(rollup: Rollup, reads: Sequence[UnitRead]) -> bool:
    """True when a unit counted reports made-up figures: the roll-up is marked like its report."""
    counted = {s.unit_id for s in rollup.counted}
    return any(
        r.inputs.params.illustrative
        for r in reads
        if r.inputs is not None and r.entry.unit_id in counted
    )


def _stamp_day(rollup: Rollup, reads: Sequence[UnitRead]) -> date:
    """The day the documents are stamped with: the latest ``as_of`` among the units counted,
    else the period's last day (never the clock)."""
    counted = {s.unit_id for s in rollup.counted}
    days = [r.inputs.params.as_of for r in reads if r.inputs and r.entry.unit_id in counted]
    return max(days, default=rollup.period.end)


def build_rollup(
    project: Project,
    period_id: str,
    *,
    unit_ids: Sequence[str] | None = None,
    level: str | None = None,
    lang: Lang = "vi",
    formats: Sequence[str] = FORMATS,
    output_dir: Path | None = None,
) -> PublishedRollup:
    """Read every unit, rank them, render the roll-up and publish it atomically.

    ``unit_ids`` exactly, else the units of ``level`` in force at the period's end (see
    :func:`select_units`). ``rollup.csv`` and ``manifest.json`` are always written,
    ``report.html`` and ``report.pdf`` as ``formats`` ask.
    """
    # Imported here: nbconvert and WeasyPrint are only needed once the units are read.
    from dtreport.outputs.render import (
        ILLUSTRATIVE_MARK,
        embed_fonts,
        html_to_pdf,
        page_stylesheet,
    )

    timings: dict[str, float] = {}
    started = time.perf_counter()
    period = parse_period(period_id)
    registry = load_registry(project)
    units = select_units(registry, period, unit_ids, level)
    reads = [read_unit(project, unit, period, lang) for unit in units]
    entries, catalog_id = _compared(reads, lang)
    catalog = next(
        (r.inputs.catalog for r in reads if r.inputs and r.inputs.params.catalog == catalog_id),
        None,
    )
    rollup = Rollup(period, lang, tuple(standings(entries)), catalog)
    timings["read"] = round(time.perf_counter() - started, 3)
    illustrative = _illustrative(rollup, reads)
    final = rollup_folder(period, lang, output_dir or project.output_dir)
    staging, claim = claim_staging(final)
    try:
        files = [staging / ROLLUP_FILE]
        atomic_write_bytes(files[0], csv_bytes(rollup_table(rollup.standings)))
        css = page_stylesheet(STYLESHEET, illustrative=illustrative)
        page = rollup_page(rollup, css, ILLUSTRATIVE_MARK if illustrative else "")
        if "html" in formats:
            try:
                shared = embed_fonts(page)
            except Exception as exc:
                raise _render_error("HTML", exc) from None
            files.append(staging / "report.html")
            atomic_write_bytes(files[-1], shared.encode("utf-8"))
        if "pdf" in formats:
            try:
                pdf = html_to_pdf(page, when=document_time(_stamp_day(rollup, reads)))
            except Exception as exc:
                raise _render_error("PDF", exc) from None
            files.append(staging / "report.pdf")
            atomic_write_bytes(files[-1], pdf)
        timings["total"] = round(time.perf_counter() - started, 3)
        request: dict[str, object] = {
            "units": list(unit_ids or []), "level": level or ("" if unit_ids else DEFAULT_LEVEL),
            "formats": list(formats),
        }  # fmt: skip
        files.append(staging / MANIFEST_FILE)
        manifest = _manifest(project, rollup, reads, request, final, files, timings)
        atomic_write_bytes(files[-1], manifest.encode("utf-8"))
        publish(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        release_staging(claim)
    return PublishedRollup(period.id, final, rollup, [final / p.name for p in files], timings)


def _render_error(what: str, exc: Exception) -> Exception:
    """A rendering failure as the user hears of it; a failed write stays a write failure."""
    if isinstance(exc, OSError):
        return exc
    return PipelineError(f"rendering the roll-up {what} failed: {type(exc).__name__}: {exc}")
