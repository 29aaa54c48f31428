"""A unit report's line placing the unit in its period's roll-up ("xếp thứ 5/34").

Read from the published roll-up's ``rollup.csv`` (``output/rollup/<period>/``), not
computed again: the line says what the roll-up a reader can open says. No roll-up for the
period, or a unit that is not ranked in it, gives no line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from markupsafe import Markup

from dtreport.errors import InputError
from dtreport.i18n import text
from dtreport.inputs.units import ROLLUP_FOLDER
from dtreport.lang import Lang
from dtreport.method.rollup import ROLLUP_COLUMNS, ROLLUP_FILE
from dtreport.paths import Project
from dtreport.period import parse_period
from dtreport.report.html import render
from dtreport.report.rollup import share_percent

__all__ = [
    "Placement",
    "placement_inputs",
    "placement_paragraph",
    "placement_sentence",
    "rollup_file",
    "rollup_place",
]

# rollup.csv writes text a spreadsheet would run as a formula with a "'" in front.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Placement:
    """Where a unit stands in its period's roll-up.

    ``ranked`` units have a rank, of the ``units`` the roll-up lists; ``tied`` says another
    unit shares the rank; ``name`` is the unit's name as the roll-up writes it.
    """

    unit_id: str
    period: str
    name: str
    rank: int
    ranked: int
    units: int
    achieved: int
    assessed: int
    tied: bool

    @property
    def share(self) -> Fraction:
        """Achieved over assessed, exactly."""
        return Fraction(self.achieved, self.assessed)


def _cell(text: str) -> str:
    """A cell as it was before ``rollup.csv`` guarded it against formulas."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _number(row: dict[str, str], column: str, shown: str, line: int) -> int:
    value = row[column]
    if not (value.isascii() and value.isdigit()):
        raise InputError.at(
            f"{value!r} is not a whole number; was the roll-up edited by hand? Run "
            "dtreport rollup again",
            shown,
            row=line,
            column=column,
            indicator_id=row["unit_id"] or None,
        )
    return int(value)


def rollup_file(project: Project, period_id: str, output_dir: Path | None = None) -> Path:
    """The roll-up table of a period: ``output/rollup/<period>/rollup.csv``."""
    return (output_dir or project.output_dir) / ROLLUP_FOLDER / period_id / ROLLUP_FILE


def placement_inputs(project: Project, unit_id: str, period_id: str) -> list[Path]:
    """What a unit's report reads its place from, for its manifest: the period's roll-up
    table when the report is a unit's and the table exists; nothing otherwise."""
    path = rollup_file(project, period_id)
    return [path] if unit_id and path.is_file() else []


def rollup_place(
    project: Project, unit_id: str, period_id: str, output_dir: Path | None = None
) -> Placement | None:
    """Where ``unit_id`` stands in the roll-up of ``period_id``, read from its ``rollup.csv``.

    ``None`` when the period has no roll-up, or the unit is not in it or has no rank (it
    did not report, its figures failed a check, or nothing of it was assessed). A file
    that is not a roll-up table is an :class:`InputError` naming it, its row and column.
    """
    period = parse_period(period_id)
    path = rollup_file(project, period.id, output_dir)
    if not path.is_file():
        return None
    shown = project.shown(path)
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    if reader.fieldnames != ROLLUP_COLUMNS:
        raise InputError.at(
            f"is not a roll-up table: its columns are {', '.join(reader.fieldnames or [])}, "
            f"not {', '.join(ROLLUP_COLUMNS)}; run dtreport rollup {period.id} again",
            shown,
            row=1,
        )
    rows = list(reader)
    ranks = [_number(r, "rank", shown, n) if r["rank"] else None for n, r in enumerate(rows, 2)]
    for line, (row, rank) in enumerate(zip(rows, ranks, strict=True), start=2):
        if row["unit_id"] != unit_id:
            continue
        if rank is None:
            return None
        return Placement(
            unit_id=unit_id,
            period=period.id,
            name=_cell(row["name"]),
            rank=rank,
            ranked=sum(r is not None for r in ranks),
            units=len(rows),
            achieved=_number(row, "achieved", shown, line),
            assessed=_number(row, "indicators", shown, line) - _number(row, "no_data", shown, line),
            tied=ranks.count(rank) > 1,
        )
    return None


def placement_sentence(placement: Placement, lang: Lang, name: str = "") -> str:
    """The line a unit report gives its place in the roll-up, in ``lang``.

    "Trong tổng hợp kỳ 2025-H2, tỉnh Bắc Ninh xếp thứ 5/34, hoàn thành 11/12 chỉ tiêu được
    đánh giá (91,67%); 34 trên 34 đơn vị được xếp hạng." ``name`` is the unit as the report
    names it (its letterhead's province); the roll-up's own name for it otherwise.
    """
    return text(
        "rollup_placement",
        lang,
        period=placement.period,
        name=name or placement.name,
        rank=placement.rank,
        ranked=placement.ranked,
        tied=text("rollup_tied", lang) if placement.tied else "",
        achieved=placement.achieved,
        assessed=placement.assessed,
        share=share_percent(placement.share, lang),
        units=placement.units,
    )


def placement_paragraph(placement: Placement | None, lang: Lang, name: str = "") -> Markup:
    """The placement sentence as the paragraph a unit report shows after its summary;
    nothing when there is no placement (no roll-up, or no rank in it)."""
    if placement is None:
        return Markup("")
    return render("rollup_place.html.j2", sentence=placement_sentence(placement, lang, name))
