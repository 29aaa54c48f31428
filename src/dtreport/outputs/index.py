"""The published reports and their state: ``output/index.html`` and what ``dtreport list`` prints.

A report is published to ``output/<period>/`` in the params file's language, or to
``output/<period>.<lang>/`` when rendered in another one (``--lang en``); each holds a
``manifest.json`` naming its inputs with their SHA-256. A run that failed is noted in
``output/.runs/<folder>.json`` until that folder next publishes, so a reader of either the
page or the listing sees that the report shown is not the latest attempt. A unit's reports
(``dtreport run --unit``) are under ``output/<unit>/`` by the same rules; both pages list
them grouped by unit, named as the registry (``data/units.csv``) names it. The roll-up
reports' folder, ``output/rollup/``, is no unit and is left out.

The page is opened straight from disk or a shared drive, often offline: it links only to
files beside it, carries its own CSS, and runs no script.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from markupsafe import Markup

from dtreport.errors import DtreportError, PeriodError
from dtreport.inputs.units import ROLLUP_FOLDER, UNIT_ID, load_registry
from dtreport.lang import LANGS, is_lang
from dtreport.outputs.provenance import sha256_file
from dtreport.outputs.publish import atomic_write_text
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.report.html import render
from dtreport.status import ACHIEVED, Status

__all__ = [
    "LINKED_FILES",
    "RUNS_DIR",
    "FailedRun",
    "ReportState",
    "ReportSummary",
    "UnitGroup",
    "folder_name_parts",
    "format_listing",
    "index_html",
    "report_states",
    "unit_groups",
    "write_index",
]

RUNS_DIR = ".runs"
MANIFEST = "manifest.json"
# The files a reader opens, in the order the page offers them, with a bilingual label.
LINKED_FILES = {
    "report.html": "Báo cáo / Report (HTML)",
    "report.pdf": "Báo cáo / Report (PDF)",
    "appendix.xlsx": "Phụ lục / Appendix (Excel)",
    "appendix.docx": "Phụ lục / Appendix (Word)",
    "attainment.csv": "Số liệu / Data (CSV)",
}
_LANG_NAMES = {"vi": "Tiếng Việt / Vietnamese", "en": "Tiếng Anh / English"}
_STATUS_NAMES = {s.value: f"{s.label('vi')} / {s.label('en')}" for s in Status}
# An error message can run to pages (a traceback); the listing keeps a line of it.
_ERROR_CHARS = 160

State = Literal["current", "outdated", "none"]


@dataclass(frozen=True)
class FailedRun:
    """The latest run of a report folder, which failed: its exit code, error and end time."""

    exit_code: int | None
    error: str
    finished: str


@dataclass(frozen=True)
class ReportSummary:
    """What the manifest says the report found: counts per status and the summary sentence."""

    total: int | None = None
    achieved: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sentence: str = ""


@dataclass(frozen=True)
class ReportState:
    """One report folder: whether a report is there and still matches its inputs.

    ``state`` is ``"current"`` when every input the manifest lists is under the project
    with the same SHA-256, ``"outdated"`` when one changed or went missing (or the
    manifest cannot be read, so nothing vouches for it), ``"none"`` when the folder holds
    no report (only a failed run names it). ``changed_inputs`` are the inputs that differ.
    """

    folder: str
    period: str
    lang: str
    state: State
    draft: bool = False
    failed_run: FailedRun | None = None
    # Made-up figures for demonstration (params ``illustrative: true``).
    illustrative: bool = False
    files: tuple[str, ...] = ()
    summary: ReportSummary = field(default_factory=ReportSummary)
    title: str = ""
    reporting_unit: str = ""
    created: str = ""
    changed_inputs: tuple[str, ...] = ()
    manifest_readable: bool = True
    # The unit whose root (output/<unit>/) holds the folder; "" for the default unit.
    unit: str = ""
    unit_name: str = ""

    @property
    def path(self) -> str:
        """The folder relative to the output folder: ``<unit>/<folder>`` for a unit's report."""
        return f"{self.unit}/{self.folder}" if self.unit else self.folder

    @property
    def lang_name(self) -> str:
        """The language as the page names it, in both languages."""
        return _LANG_NAMES.get(self.lang, self.lang or "?")

    @property
    def links(self) -> list[tuple[str, str]]:
        """``(href, label)`` of each file a reader opens, relative to the index page."""
        folder = "/".join(quote(part) for part in self.path.split("/"))
        return [(f"{folder}/{quote(name)}", LINKED_FILES[name]) for name in self.files]

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        """``(bilingual status label, count)`` per status the manifest counts."""
        return [(_STATUS_NAMES.get(code, code), n) for code, n in self.summary.counts.items()]


@dataclass(frozen=True)
class UnitGroup:
    """The reports of one unit ("" the default unit), as the page and the listing group them."""

    unit: str
    name: str
    states: tuple[ReportState, ...]


def folder_name_parts(name: str) -> tuple[str, str] | None:
    """``(period, lang)`` of a report folder's name (lang "" for the params' language)."""
    period, dot, lang = name.partition(".")
    try:
        if parse_period(period).id != period:
            return None  # " 2024" parses, but is not a folder the pipeline writes
    except PeriodError:
        return None
    if not dot:
        return period, ""
    return (period, lang) if is_lang(lang) else None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _count(value: object) -> int | None:
    # bool is an int subclass; a manifest saying "total": true is not a count.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    # A hand-edited or older manifest may hold anything, or nothing, under a key.
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _summary(manifest: dict[str, Any]) -> ReportSummary:
    summary = _mapping(manifest, "summary")
    counts = {
        str(code): n
        for code, value in _mapping(summary, "counts").items()
        if (n := _count(value)) is not None
    }
    achieved = _count(summary.get("achieved"))
    if achieved is None and counts:
        achieved = sum(n for code, n in counts.items() if code in ACHIEVED)
    return ReportSummary(_count(summary.get("total")), achieved, counts, _text(summary, "sentence"))


class _Checksums:
    """SHA-256 of project files, each read once however many reports list it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))
        self._known: dict[Path, str | None] = {}

    def matches(self, name: str, digest: object) -> bool:
        """Whether ``name`` (relative to the project) exists with SHA-256 ``digest``."""
        # A manifest names files of the project; a path leading out of it ("../", absolute)
        # vouches for nothing. The test is on the name as written, as the manifest wrote it:
        # a project may link its data folder from elsewhere.
        path = Path(os.path.abspath(self.root / name))
        if not path.is_relative_to(self.root):
            return False
        if path not in self._known:
            try:
                self._known[path] = sha256_file(path) if path.is_file() else None
            except (OSError, ValueError):  # unreadable, or a name with a NUL byte
                self._known[path] = None
        known = self._known[path]
        return known is not None and known == digest


def _published(folder: Path, manifest: dict[str, Any] | None, checksums: _Checksums) -> ReportState:
    period, lang = folder_name_parts(folder.name) or (folder.name, "")
    data = manifest or {}
    if not lang:
        stated = data.get("lang", _mapping(data, "parameters").get("lang"))
        lang = stated if is_lang(stated) else ""
    inputs = _mapping(data, "inputs")
    changed = tuple(name for name, digest in inputs.items() if not checksums.matches(name, digest))
    current = manifest is not None and bool(inputs) and not changed
    draft = data.get("draft", _mapping(data, "parameters").get("draft"))
    illustrative = data.get("illustrative", _mapping(data, "parameters").get("illustrative"))
    return ReportState(
        folder=folder.name,
        period=period,
        lang=lang,
        state="current" if current else "outdated",
        draft=draft is True,
        illustrative=illustrative is True,
        files=tuple(name for name in LINKED_FILES if (folder / name).is_file()),
        summary=_summary(data),
        title=_text(data, "title"),
        reporting_unit=_text(data, "reporting_unit"),
        created=_text(data, "created"),
        changed_inputs=changed,
        manifest_readable=manifest is not None,
        unit_name=_unit_name(_mapping(data, "parameters")),
    )


def _unit_name(parameters: dict[str, Any]) -> str:
    """The unit's names as the report's params had them, for a unit the registry lost."""
    if not _text(parameters, "unit"):
        return ""
    names = [_text(parameters, "province"), _text(parameters, "province_en")]
    return " / ".join(name for name in names if name)


def _failed_run(record: dict[str, Any]) -> FailedRun:
    # An error may carry a traceback and a terminal's colour codes; a line of its words is kept.
    lines = (_printable(line).strip() for line in _text(record, "error").splitlines())
    error = next((line for line in lines if line), "")
    return FailedRun(_count(record.get("exit_code")), error, _printable(_text(record, "finished")))


def _failed_runs(output_dir: Path) -> dict[str, tuple[FailedRun, str]]:
    """Each folder whose latest run failed: the failure, and the language the run was for."""
    failed = {}
    for path in sorted((output_dir / RUNS_DIR).glob("*.json")):
        # The file's name is the folder it is about: the pipeline removes it by that name.
        if folder_name_parts(path.stem) is None:
            continue
        record = _read_json(path)
        if record is not None:
            failed[path.stem] = (_failed_run(record), _text(record, "lang"))
    return failed


def _order(state: ReportState) -> tuple[int, str]:
    return LANGS.index(state.lang) if is_lang(state.lang) else len(LANGS), state.folder


def report_states(output_dir: Path, root: Path) -> list[ReportState]:
    """Every report folder below ``output_dir`` and every failed run without one.

    The default unit's first, then each unit's (``output_dir/<unit>/``) in id order; within
    each, newest period first (by end date, then id), Vietnamese before English within a
    period. Inputs are compared with the files under the project ``root``. Staging, lock
    and run folders (names starting with "."), folders not named for a period and the
    roll-up reports' folder are left out.
    """
    checksums = _Checksums(root)
    states = _root_states(output_dir, checksums)
    names = _unit_names(root)
    for unit in _unit_roots(output_dir):
        found = _root_states(output_dir / unit, checksums)
        name = names.get(unit) or next((s.unit_name for s in found if s.unit_name), "")
        states += [replace(state, unit=unit, unit_name=name) for state in found]
    return states


def _unit_roots(output_dir: Path) -> list[str]:
    """The folders of ``output_dir`` that hold a unit's reports, by name."""
    if not output_dir.is_dir():
        return []
    return sorted(
        folder.name
        for folder in output_dir.iterdir()
        if folder.is_dir()
        and UNIT_ID.fullmatch(folder.name)
        and folder.name.casefold() != ROLLUP_FOLDER
        and folder_name_parts(folder.name) is None
    )


def _unit_names(root: Path) -> dict[str, str]:
    """Each unit's name in both languages, as the registry gives it (none if unreadable)."""
    try:
        registry = load_registry(Project(root))
    except (DtreportError, OSError):
        # The page lists what was published even when the registry is broken today.
        return {}
    return {unit.unit_id: f"{unit.name_vi} / {unit.name_en}" for unit in registry.units}


def _root_states(output_dir: Path, checksums: _Checksums) -> list[ReportState]:
    """The report folders and failed runs of one output root, newest period first."""
    failed = _failed_runs(output_dir)
    states = []
    for manifest in sorted(output_dir.glob(f"*/{MANIFEST}")):
        folder = manifest.parent
        if folder_name_parts(folder.name) is None or not folder.is_dir():
            continue
        published = _published(folder, _read_json(manifest), checksums)
        failure = failed.pop(folder.name, None)
        if failure is not None:
            published = replace(published, failed_run=failure[0])
        states.append(published)
    for name, (run, run_lang) in failed.items():
        period, lang = folder_name_parts(name) or (name, "")
        if not lang and is_lang(run_lang):
            lang = run_lang
        states.append(ReportState(name, period, lang, "none", failed_run=run))
    states.sort(key=_order)
    # A stable sort: within a period the language order of the sort above stays.
    states.sort(key=lambda s: (parse_period(s.period).end, s.period), reverse=True)
    return states


def unit_groups(states: list[ReportState]) -> list[UnitGroup]:
    """``states`` grouped by unit, in the order they come (report_states': default first)."""
    groups: list[UnitGroup] = []
    for state in states:
        if groups and groups[-1].unit == state.unit:
            last = groups[-1]
            groups[-1] = replace(last, states=(*last.states, state))
        else:
            groups.append(UnitGroup(state.unit, state.unit_name, (state,)))
    return groups


def index_html(states: list[ReportState]) -> Markup:
    """The index page listing ``states`` in the order given, a heading above each unit's."""
    return render("index.html.j2", states=states, groups=unit_groups(states))


def write_index(output_dir: Path, root: Path) -> Path:
    """Write ``output_dir/index.html`` listing every report and failed run; return its path."""
    path = output_dir / "index.html"
    atomic_write_text(path, index_html(report_states(output_dir, root)))
    return path


def _printable(text: str) -> str:
    """``text`` without control characters: a terminal would act on an escape sequence."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _shortened(text: str) -> str:
    return text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1] + "…"


def format_listing(states: list[ReportState]) -> str:
    """The table ``dtreport list`` prints: one line per report folder and failed run.

    Columns: folder (the period, with ``.<lang>`` for another language, under ``<unit>/``
    for a unit's report), language, the report's state (current, outdated, none), draft,
    and the latest run's failure (exit code and the first line of its error) or "no". A
    line naming the unit heads each unit's reports.
    """
    header = ["folder", "lang", "report", "draft", "latest run failed"]
    rows = [header]
    headings: dict[int, str] = {}
    for number, s in enumerate(states):
        if s.unit and (number == 0 or states[number - 1].unit != s.unit):
            # The row's number in ``rows``, whose first is the header.
            headings[number + 1] = f"{s.unit}: {s.unit_name}" if s.unit_name else s.unit
        failure = "no"
        if s.failed_run is not None:
            run = s.failed_run
            failure = f"exit {'?' if run.exit_code is None else run.exit_code}"
            if run.error:
                failure = _shortened(f"{failure}: {run.error}")
        rows.append([s.path, s.lang or "?", s.state, "yes" if s.draft else "no", failure])
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        if number in headings:
            lines += ["", _printable(headings[number])]
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if len(rows) == 1:
        lines.append("(no reports yet)")
    return "\n".join(lines)
