"""``output/index.html``: one page listing every rendered period, newest first.

The page is opened straight from disk or a shared drive, often offline: it links only to
files beside it, carries its own CSS, and runs no script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dtreport.errors import PeriodError
from dtreport.period import parse_period
from dtreport.publish import atomic_write_text
from dtreport.status import ACHIEVED, Status

__all__ = ["LINKED_FILES", "IndexEntry", "index_entries", "index_html", "write_index"]

# The files a reader opens, in the order the page offers them, with a bilingual label.
LINKED_FILES = {
    "report.html": "Báo cáo / Report (HTML)",
    "report.pdf": "Báo cáo / Report (PDF)",
    "appendix.xlsx": "Phụ lục / Appendix (Excel)",
    "appendix.docx": "Phụ lục / Appendix (Word)",
    "attainment.csv": "Số liệu / Data (CSV)",
}
_STATUS_NAMES = {s.value: f"{s.label('vi')} / {s.label('en')}" for s in Status}
_COLUMNS = (
    "Kỳ báo cáo / Period",
    "Báo cáo / Report",
    "Tổng số / Total",
    "Hoàn thành / Achieved",
    "Mức hoàn thành / Attainment",
    "Tệp / Files",
    "Tạo lúc / Created",
)
_CSS = """
@page { size: A4 landscape; margin: 1.5cm; }
body { font-family: "Times New Roman", serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4em .6em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.n { text-align: right; }
.period { white-space: nowrap; }
ul { margin: 0; padding-left: 1.2em; }
.note { color: #555; font-size: .9em; }
"""


@dataclass(frozen=True)
class IndexEntry:
    """One rendered period: what its manifest says and which readable files it holds."""

    period: str
    end: date
    files: tuple[str, ...]
    title: str = ""
    reporting_unit: str = ""
    created: str = ""
    lang: str = ""
    sentence: str = ""
    total: int | None = None
    achieved: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    readable: bool = True


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _count(value: object) -> int | None:
    # bool is an int subclass; a manifest saying "total": true is not a count.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    # Older manifests lack "summary"; a hand-edited one may hold anything under a key.
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _entry(folder: Path, manifest: dict[str, Any] | None) -> IndexEntry:
    data = manifest or {}
    summary, parameters = _mapping(data, "summary"), _mapping(data, "parameters")
    raw_counts = _mapping(summary, "counts")
    counts = {str(k): n for k, v in raw_counts.items() if (n := _count(v)) is not None}
    achieved = _count(summary.get("achieved"))
    if achieved is None and counts:
        achieved = sum(n for code, n in counts.items() if code in ACHIEVED)
    return IndexEntry(
        period=folder.name,
        end=parse_period(folder.name).end,
        files=tuple(name for name in LINKED_FILES if (folder / name).is_file()),
        title=str(data.get("title") or ""),
        reporting_unit=str(data.get("reporting_unit") or ""),
        created=str(data.get("created") or ""),
        lang=str(parameters.get("lang") or ""),
        sentence=str(summary.get("sentence") or ""),
        total=_count(summary.get("total")),
        achieved=achieved,
        counts=counts,
        readable=manifest is not None,
    )


def index_entries(output_dir: Path) -> list[IndexEntry]:
    """The rendered periods below ``output_dir``, newest first (by end date, then id).

    A period is a folder named by a period id holding ``manifest.json``; staging and lock
    folders (names starting with ".") and anything else are left out.
    """
    entries = []
    for manifest in output_dir.glob("*/manifest.json"):
        folder = manifest.parent
        if folder.name.startswith("."):
            continue
        try:
            parse_period(folder.name)
        except PeriodError:
            continue  # not a period's folder, so nothing the index could name
        entries.append(_entry(folder, _read_manifest(manifest)))
    return sorted(entries, key=lambda e: (e.end, e.period), reverse=True)


def _link(entry: IndexEntry, name: str) -> str:
    href = f"{quote(entry.period)}/{quote(name)}"
    return f'<li><a href="{escape(href)}">{escape(LINKED_FILES[name])}</a></li>'


def _row(entry: IndexEntry) -> str:
    report = "".join(
        f"<div>{escape(text)}</div>" for text in (entry.title, entry.reporting_unit) if text
    )
    if entry.sentence:
        report += f'<div class="note">{escape(entry.sentence)}</div>'
    if not entry.readable:
        report += '<div class="note">manifest.json không đọc được / unreadable</div>'
    counts = "".join(
        f"<li>{escape(_STATUS_NAMES.get(code, code))}: {n}</li>" for code, n in entry.counts.items()
    )
    files = "".join(_link(entry, name) for name in entry.files)
    cells = (
        f'<strong class="period">{escape(entry.period)}</strong>'
        + (f' <span class="note">({escape(entry.lang)})</span>' if entry.lang else ""),
        report,
        "" if entry.total is None else str(entry.total),
        "" if entry.achieved is None else str(entry.achieved),
        f"<ul>{counts}</ul>" if counts else "",
        f"<ul>{files}</ul>" if files else "",
        escape(entry.created.replace("T", " ")),  # a space lets a narrow column wrap it
    )
    classes = ("", "", ' class="n"', ' class="n"', "", "", "")
    tds = "".join(f"<td{c}>{v}</td>" for c, v in zip(classes, cells, strict=True))
    return f"<tr>{tds}</tr>"


def index_html(entries: list[IndexEntry]) -> str:
    """The index page for ``entries``, in the order given."""
    head = "".join(f"<th>{escape(c)}</th>" for c in _COLUMNS)
    body = "\n".join(_row(e) for e in entries)
    if not entries:
        body = f'<tr><td colspan="{len(_COLUMNS)}">Chưa có báo cáo / No reports yet</td></tr>'
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Các kỳ báo cáo / Reports</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        "<h1>Các kỳ báo cáo / Reports</h1>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
        "</body>\n</html>\n"
    )


def write_index(output_dir: Path) -> Path:
    """Write ``output_dir/index.html`` listing every rendered period; return its path."""
    path = output_dir / "index.html"
    atomic_write_text(path, index_html(index_entries(output_dir)))
    return path
