"""The bad-input corpus: every class of bad input dtreport must read right or refuse clearly.

Each case starts from a copy of the project (the seed period 2024-H1), breaks one thing,
and names the command to run, the exit code it must give and the places its message
must name (file, row or line, column or key, indicator id). ``tests/cli/test_corpus.py``
runs every case; run this file to write the cases out for a look:

    python tests/cli/corpus/generate.py OUTDIR  # one folder per case, with its broken files
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PERIOD = "2024-H1"
INDICATORS = f"data/{PERIOD}/indicators.csv"
METRICS = f"data/{PERIOD}/metrics.csv"
PARAMS = f"params/{PERIOD}.yaml"
CATALOG = "data/catalog/qd749.csv"
ROWS = {f"QD749-{n:02d}": n + 1 for n in range(1, 14)}  # indicator id -> row in the seed file

Build = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, what to run, and what the answer must say."""

    name: str
    kind: str  # the class: paths, blank, draft, misread, bounds, messages, escaping, ...
    build: Build
    argv: tuple[str, ...] = ("run", PERIOD)
    exit_code: int = 1
    expect: tuple[str, ...] = ()
    # Bombs run in a child process under an address-space limit (bytes).
    memory_limit: int | None = None
    # A full disk: the child may write files of at most this many bytes.
    file_size_limit: int | None = None
    env: dict[str, str] = field(default_factory=dict)


# --- builders --------------------------------------------------------------------------------


def _read_rows(root: Path, rel: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((root / rel).read_text(encoding="utf-8"))))


def _write_rows(root: Path, rel: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (root / rel).write_text(buffer.getvalue(), encoding="utf-8")


def table_cell(rel: str, row_id: str, column: str, value: str) -> Build:
    """Set one cell of a CSV table: the row whose first cell is ``row_id``."""

    def build(root: Path) -> None:
        rows = _read_rows(root, rel)
        index = rows[0].index(column)
        for row in rows[1:]:
            if row[0] == row_id:
                row[index] = value
        _write_rows(root, rel, rows)

    return build


def cell(indicator: str, column: str, value: str) -> Build:
    """Set one cell of the seed's indicators.csv."""
    return table_cell(INDICATORS, indicator, column, value)


def metric(metric_id: str, column: str, value: str) -> Build:
    """Set one cell of the seed's metrics.csv."""
    return table_cell(METRICS, metric_id, column, value)


def catalog_cell(indicator: str, column: str, value: str) -> Build:
    """Set one cell of the catalogue."""
    return table_cell(CATALOG, indicator, column, value)


def param(key: str, raw: str | None) -> Build:
    """Set (or with ``None`` remove) one top-level key of the params file, as raw YAML text."""

    def build(root: Path) -> None:
        path = root / PARAMS
        lines = path.read_text(encoding="utf-8").splitlines()
        out, found = [], False
        for line in lines:
            if line.startswith(f"{key}:"):
                found = True
                if raw is not None:
                    out.append(f"{key}: {raw}")
                continue
            out.append(line)
        if not found and raw is not None:
            out.append(f"{key}: {raw}")
        path.write_text("\n".join(out) + "\n", encoding="utf-8")

    return build


def text(rel: str, content: str | bytes) -> Build:
    """Write a file whole."""

    def build(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return build


def remove(rel: str) -> Build:
    """Delete a file."""
    return lambda root: (root / rel).unlink()


def both(*builds: Build) -> Build:
    """Apply several builders in order."""

    def build(root: Path) -> None:
        for one in builds:
            one(root)

    return build


def replace_in(rel: str, old: str, new: str) -> Build:
    """Replace text in a file."""

    def build(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return build


def indicators_xlsx(rows: list[list[object]], formulas: dict[str, str] | None = None) -> Build:
    """Replace indicators.csv with an XLSX holding ``rows`` (header first)."""

    def build(root: Path) -> None:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(row)
        for coordinate, formula in (formulas or {}).items():
            sheet[coordinate] = formula
        (root / INDICATORS).unlink()
        workbook.save(root / f"data/{PERIOD}/indicators.xlsx")

    return build


def seed_rows(root: Path) -> list[list[str]]:
    """The seed's indicator rows."""
    return _read_rows(root, INDICATORS)


def xlsx_from_seed(change: Callable[[list[list[object]]], None]) -> Build:
    """The seed's indicators as an XLSX, changed by ``change`` first."""

    def build(root: Path) -> None:
        rows: list[list[object]] = [list(r) for r in seed_rows(root)]
        change(rows)
        indicators_xlsx(rows)(root)

    return build


def xlsx_error_cell(root: Path) -> None:
    """An XLSX whose value cell holds a saved error (#DIV/0!): openpyxl types it as one."""
    rows: list[list[object]] = [list(r) for r in seed_rows(root)]
    rows[7][1] = "#DIV/0!"
    indicators_xlsx(rows)(root)


def xlsx_bomb(root: Path) -> None:
    """A few MB of XLSX that unzips to about 2 GB of sheet XML."""
    (root / INDICATORS).unlink()
    path = root / f"data/{PERIOD}/indicators.xlsx"
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>QD749-01</t></is></c></row>' * 2000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            for _ in range(14_000):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")


def yaml_bomb(root: Path) -> None:
    """A params file whose aliases expand to billions of items."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        name, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join('*' + previous for _ in range(9))}]")
    path = root / PARAMS
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")


def many_rows(count: int, value: str = "50%", bad_ids: bool = False) -> Build:
    """An indicators.csv with ``count`` rows (unknown ids when ``bad_ids``)."""

    def build(root: Path) -> None:
        lines = ["indicator_id,value,reported_status,note"]
        for n in range(count):
            indicator = f"XX-{n:06d}" if bad_ids else f"QD749-{n % 13 + 1:02d}"
            lines.append(f"{indicator},{value},,")
        (root / INDICATORS).write_text("\n".join(lines) + "\n", encoding="utf-8")

    return build


def output_is_a_file(root: Path) -> None:
    """``output`` is a plain file, so no report folder can be made in it."""
    import shutil

    shutil.rmtree(root / "output")
    (root / "output").write_text("not a folder\n", encoding="utf-8")


# --- the cases -------------------------------------------------------------------------------


def _at(indicator: str, column: str = "value", file: str = INDICATORS) -> tuple[str, ...]:
    return (file, f"row {ROWS[indicator]} ({indicator})", f"column {column}")


def _key(key: str, line: int | None = None) -> tuple[str, ...]:
    return (PARAMS, f"key {key}") + ((f"line {line}",) if line else ())


def cases() -> list[Case]:
    """Every case of the corpus."""
    out: list[Case] = []

    def add(name: str, kind: str, build: Build, *expect: str, **kw: object) -> None:
        out.append(Case(name, kind, build, expect=expect, **kw))  # type: ignore[arg-type]

    # 1. One checked path: params, however they come in.
    add(
        "params-lang-unknown",
        "paths",
        param("lang", "fr"),
        *_key("lang", 5),
        "'fr' is not one of vi, en",
    )
    add(
        "params-catalog-missing",
        "paths",
        param("catalog", "nope"),
        *_key("catalog", 4),
        "does not exist",
    )
    add(
        "params-catalog-path",
        "paths",
        param("catalog", "../x"),
        *_key("catalog", 4),
        "not a catalogue id",
    )
    add(
        "params-as-of-outside-period",
        "paths",
        param("as_of", "2025-03-01"),
        *_key("as_of"),
        "2025-03-01",
        "not inside the period",
    )
    add(
        "params-report-date-month-13",
        "paths",
        param("report_date", "2024-13-01"),
        *_key("report_date"),
        "not a real date",
    )
    add(
        "params-report-date-words",
        "paths",
        param("report_date", "tomorrow"),
        *_key("report_date"),
        "not a date written YYYY-MM-DD",
    )
    add("params-as-of-missing", "paths", param("as_of", None), PARAMS, "key as_of", "missing")
    add(
        "params-unit-empty",
        "paths",
        param("reporting_unit", '""'),
        *_key("reporting_unit"),
        "must not be empty",
    )
    add(
        "params-unknown-key",
        "paths",
        param("colour", "blue"),
        *_key("colour"),
        "unknown key 'colour'",
    )
    add("params-other-period", "paths", param("period", "2024-H2"), *_key("period", 2), "2024-H2")
    add(
        "params-period-h3",
        "paths",
        param("period", "2024-H3"),
        *_key("period", 2),
        "not a period id",
    )
    add("params-not-a-mapping", "paths", text(PARAMS, "- a\n- b\n"), PARAMS, "mapping")
    add(
        "params-bad-yaml",
        "paths",
        text(PARAMS, "period: [2024-H1\nas_of: 2024-06-19\n"),
        PARAMS,
        "line",
        "not valid YAML",
    )
    add(
        "params-not-utf8",
        "paths",
        text(PARAMS, "period: 2024-H1\nplace: B\xe1c\n".encode("cp1258")),
        PARAMS,
        "line 2",
        "not UTF-8",
    )
    add(
        "params-lang-number",
        "paths",
        param("lang", "1"),
        *_key("lang", 5),
        "lang 1 is not one of vi, en",
    )
    add("params-empty-file", "paths", text(PARAMS, ""), PARAMS, "key period", "missing")
    out.append(
        Case(
            "cli-lang-unknown",
            "paths",
            lambda root: None,
            ("run", PERIOD, "--lang", "fr"),
            2,
            ("--lang", "fr"),
        )
    )

    # 2. Blank is not clean.
    def unfilled(root: Path) -> None:
        rows = seed_rows(root)
        for row in rows[1:]:
            row[1] = row[2] = ""
        _write_rows(root, INDICATORS, rows)

    add(
        "template-unfilled",
        "blank",
        unfilled,
        INDICATORS,
        "column value",
        "no indicator has a value",
    )
    add(
        "indicators-header-only",
        "blank",
        text(INDICATORS, "indicator_id,value,reported_status,note\n"),
        INDICATORS,
        "row 2",
        "no data rows",
    )
    add(
        "indicators-header-only-xlsx",
        "blank",
        indicators_xlsx([["indicator_id", "value", "reported_status", "note"]]),
        f"data/{PERIOD}/indicators.xlsx",
        "row 2",
        "no data rows",
    )
    add(
        "metrics-header-only",
        "blank",
        text(METRICS, "metric_id,section,name_vi,name_en,value,unit,part_of,out_of,note\n"),
        METRICS,
        "row 2",
        "no data rows",
    )
    add("indicators-empty-file", "blank", text(INDICATORS, ""), INDICATORS, "empty")
    add("indicators-blank-lines-only", "blank", text(INDICATORS, "\n\n\n"), INDICATORS, "empty")

    # 4. No silent misreads.
    for indicator, value in (
        ("QD749-07", "0,8"),
        ("QD749-10", "0.856"),
        ("QD749-13", "1"),
        ("QD749-08", "0,179"),
    ):
        add(
            f"fraction-{indicator}-{value}",
            "misread",
            cell(indicator, "value", value),
            *_at(indicator),
            "fraction",
        )
    for indicator, value in (
        ("QD749-07", "1.728%"),
        ("QD749-10", "2,500%"),
        ("QD749-04", "1.000%"),
    ):
        add(
            f"ambiguous-{indicator}-{value}",
            "misread",
            cell(indicator, "value", value),
            *_at(indicator),
            "reads as",
        )
    for indicator, value in (
        ("QD749-07", "42,1,3%"),
        ("QD749-09", "11..97%"),
        ("QD749-02", "1.0.0%"),
    ):
        add(
            f"not-a-number-{indicator}-{value}",
            "misread",
            cell(indicator, "value", value),
            *_at(indicator),
            "is not a number",
        )
    add("xlsx-formula-no-saved-value", "misread",
        xlsx_from_seed(lambda rows: rows[7].__setitem__(1, "=40+2.13")),
        f"data/{PERIOD}/indicators.xlsx", "row 8", "column value", "formula")  # fmt: skip
    add(
        "xlsx-error-cell",
        "misread",
        xlsx_error_cell,
        f"data/{PERIOD}/indicators.xlsx",
        "row 8",
        "column value",
    )
    out.append(
        Case(
            "cli-period-full-width",
            "misread",
            lambda root: None,
            ("run", "２０２４-H1"),
            2,
            ("２０２４-H1", "not a period id"),
        )
    )
    out.append(
        Case(
            "cli-period-arabic-indic",
            "misread",
            lambda root: None,
            ("run", "٢٠٢٤-H1"),
            2,
            ("not a period id",),
        )
    )
    add(
        "params-period-full-width",
        "misread",
        param("period", "２０２４-H1"),
        *_key("period", 2),
        "not a period id",
    )
    add(
        "params-title-list",
        "misread",
        param("title_vi", "[a, b]"),
        *_key("title_vi"),
        "must be text, not a list",
    )
    add(
        "params-place-mapping",
        "misread",
        param("place", "{a: 1}"),
        *_key("place"),
        "must be text, not a mapping",
    )
    add(
        "params-document-number",
        "misread",
        param("document_number", "123"),
        *_key("document_number"),
        "must be text, not a number",
    )
    add(
        "params-place-boolean",
        "misread",
        param("place", "yes"),
        *_key("place"),
        "must be text, not true/false",
    )
    add(
        "params-as-of-impossible",
        "misread",
        param("as_of", "2024-02-30"),
        *_key("as_of", 3),
        "not a real date",
    )
    add(
        "params-as-of-impossible-quoted",
        "misread",
        param("as_of", '"2024-02-30"'),
        *_key("as_of", 3),
        "not a real date",
    )
    add(
        "params-as-of-day-first",
        "misread",
        param("as_of", "19/06/2024"),
        *_key("as_of", 3),
        "not a date written YYYY-MM-DD",
    )
    add(
        "params-as-of-full-width",
        "misread",
        param("as_of", "２０２４-06-19"),
        *_key("as_of", 3),
        "not a date written YYYY-MM-DD",
    )
    add(
        "metric-count-percent",
        "misread",
        metric("online_services_total", "value", "17,28%"),
        METRICS,
        "column value",
        "percentage",
    )
    add(
        "metric-count-decimal",
        "misread",
        metric("online_services_total", "value", "1.728,5"),
        METRICS,
        "column value",
        "whole number",
    )

    # 5. Bounded work.
    out.append(Case("xlsx-bomb", "bounds", xlsx_bomb, exit_code=1, memory_limit=1536 * 1024 * 1024,
                     expect=(f"data/{PERIOD}/indicators.xlsx", "would unzip")))  # fmt: skip
    out.append(Case("yaml-alias-bomb", "bounds", yaml_bomb, exit_code=1, memory_limit=1536 * 1024 * 1024,
                    expect=(PARAMS, "line", "DTREPORT_MAX_YAML_ALIASES")))  # fmt: skip
    out.append(Case("file-over-size-limit", "bounds", many_rows(150_000), exit_code=1,
                    env={"DTREPORT_MAX_FILE_MB": "1"}, expect=(INDICATORS, "DTREPORT_MAX_FILE_MB")))  # fmt: skip
    out.append(Case("rows-over-limit", "bounds", many_rows(40), exit_code=1,
                    env={"DTREPORT_MAX_ROWS": "30"}, expect=(INDICATORS, "row 32", "DTREPORT_MAX_ROWS")))  # fmt: skip
    add(
        "cell-too-long",
        "bounds",
        cell("QD749-06", "note", "x" * 5000),
        *_at("QD749-06", "note"),
        "DTREPORT_MAX_CELL_CHARS",
    )
    add(
        "many-bad-rows",
        "bounds",
        many_rows(3000, bad_ids=True),
        INDICATORS,
        "row 2 (XX-000000)",
        "column indicator_id",
        "more",
    )
    add(
        "yaml-file-over-limit",
        "bounds",
        text(PARAMS, "a: " + "x" * 1_200_000 + "\n"),
        PARAMS,
        "DTREPORT_MAX_FILE_MB",
        env={"DTREPORT_MAX_FILE_MB": "1"},
    )

    # 6. Messages that name the place.
    add(
        "unknown-indicator-id",
        "messages",
        cell("QD749-04", "indicator_id", "QD749-99"),
        INDICATORS,
        "row 5 (QD749-99)",
        "column indicator_id",
        "unknown indicator id",
    )
    add(
        "duplicate-indicator-id",
        "messages",
        cell("QD749-04", "indicator_id", "QD749-03"),
        INDICATORS,
        "row 5 (QD749-03)",
        "column indicator_id",
        "duplicate",
    )
    add(
        "empty-indicator-id",
        "messages",
        cell("QD749-04", "indicator_id", ""),
        INDICATORS,
        "row 5",
        "column indicator_id",
        "empty",
    )
    add(
        "unknown-status",
        "messages",
        cell("QD749-05", "reported_status", "Hoàn thành"),
        *_at("QD749-05", "reported_status"),
        "Hoàn thành",
    )
    add(
        "missing-value-column",
        "messages",
        replace_in(INDICATORS, "indicator_id,value,", "indicator_id,valeur,"),
        INDICATORS,
        "row 1",
        "column value",
        "missing column",
    )
    add(
        "missing-id-column",
        "messages",
        replace_in(INDICATORS, "indicator_id,value,", "id,value,"),
        INDICATORS,
        "row 1",
        "column indicator_id",
        "missing column",
    )
    add(
        "duplicate-header",
        "messages",
        replace_in(INDICATORS, "reported_status,note", "note,note"),
        INDICATORS,
        "row 1",
        "column note",
        "twice",
    )
    add(
        "too-many-cells",
        "messages",
        replace_in(INDICATORS, "QD749-05,100%,Đạt chỉ tiêu,", "QD749-05,100%,Đạt chỉ tiêu,,extra,"),
        INDICATORS,
        "row 6",
        "cells",
    )
    add(
        "unclosed-quote",
        "messages",
        replace_in(INDICATORS, 'QD749-07,"42,13%"', 'QD749-07,"42,13%'),
        INDICATORS,
        "row 8",
    )
    add(
        "unclosed-quote-first-row",
        "messages",
        replace_in(INDICATORS, "QD749-01,100%", 'QD749-01,"100%'),
        INDICATORS,
        "row 2",
    )
    add(
        "both-csv-and-xlsx",
        "messages",
        lambda root: (
            indicators_xlsx([["indicator_id", "value"], ["QD749-01", "100%"]])(root)
            or (root / INDICATORS).write_text("indicator_id,value\n", encoding="utf-8")
        ),
        f"data/{PERIOD}",
        "indicators.csv and indicators.xlsx",
    )
    add(
        "no-indicator-file",
        "messages",
        remove(INDICATORS),
        f"data/{PERIOD}",
        "no indicators.csv or indicators.xlsx",
    )
    add(
        "nul-bytes",
        "messages",
        text(INDICATORS, b"indicator_id,value\nQD749-01,1\x0000%\n"),
        INDICATORS,
        "row 2",
    )
    add(
        "xlsx-not-a-zip",
        "messages",
        both(remove(INDICATORS), text(f"data/{PERIOD}/indicators.xlsx", "indicator_id,value\n")),
        f"data/{PERIOD}/indicators.xlsx",
        "not a readable XLSX",
    )
    add("share-over-100", "messages", cell("QD749-04", "value", "175%"), *_at("QD749-04"), "0-100%")
    add("share-negative", "messages", cell("QD749-10", "value", "-5%"), *_at("QD749-10"), "0-100%")
    add(
        "growth-implausible",
        "messages",
        cell("QD749-09", "value", "1197%"),
        *_at("QD749-09"),
        "plausible band",
    )
    add(
        "compound-for-numeric-target",
        "messages",
        cell("QD749-07", "value", "42% và 13%"),
        *_at("QD749-07"),
        "one number",
    )
    add(
        "metric-unknown-unit",
        "messages",
        metric("online_services_total", "unit", "piece"),
        METRICS,
        "column unit",
        "unknown unit",
    )
    add(
        "metric-unknown-section",
        "messages",
        metric("online_services_total", "section", "elsewhere"),
        METRICS,
        "column section",
        "elsewhere",
    )
    add(
        "metric-parts-sum",
        "messages",
        metric("online_services_full", "value", "821"),
        METRICS,
        "column value",
        "add up to",
    )
    add(
        "metric-over-total",
        "messages",
        metric("systems_rated", "value", "95"),
        METRICS,
        "column value",
        "more than",
    )
    add(
        "metric-unknown-reference",
        "messages",
        metric("online_services_full", "part_of", "nothing_here"),
        METRICS,
        "column part_of",
        "nothing_here",
    )
    add(
        "metric-duplicate-id",
        "messages",
        metric("online_services_full", "metric_id", "online_services_partial"),
        METRICS,
        "column metric_id",
        "more than once",
    )
    add(
        "metric-rate-over-100",
        "messages",
        metric("rate_satisfaction", "value", "197,44%"),
        METRICS,
        "column value",
        "0-100%",
    )
    add(
        "catalog-bad-target",
        "messages",
        catalog_cell("QD749-09", "target_2025", "khoảng 7%"),
        CATALOG,
        "row 10 (QD749-09)",
        "column target_2025",
        "khoảng 7%",
    )
    add(
        "catalog-unknown-unit",
        "messages",
        catalog_cell("QD749-03", "unit", "pct"),
        CATALOG,
        "row 4 (QD749-03)",
        "column unit",
    )
    add(
        "catalog-duplicate-id",
        "messages",
        catalog_cell("QD749-04", "indicator_id", "QD749-03"),
        CATALOG,
        "row 5 (QD749-03)",
        "column indicator_id",
        "duplicate",
    )
    add(
        "catalog-unknown-direction",
        "messages",
        catalog_cell("QD749-05", "direction", "up"),
        CATALOG,
        "row 6 (QD749-05)",
        "column direction",
    )
    add(
        "catalog-missing-column",
        "messages",
        replace_in(CATALOG, ",measure,", ",measures,"),
        CATALOG,
        "row 1",
        "column measure",
    )
    add(
        "catalog-no-target-column",
        "messages",
        replace_in(CATALOG, "target_2025,target_2030", "goal_2025,goal_2030"),
        CATALOG,
        "row 1",
    )
    add(
        "catalog-empty-name",
        "messages",
        catalog_cell("QD749-02", "name_vi", ""),
        CATALOG,
        "row 3 (QD749-02)",
        "column name_vi",
        "empty",
    )
    add(
        "catalog-title-not-text",
        "messages",
        text("data/catalog/qd749.yaml", "title_vi: [a]\n"),
        "data/catalog/qd749.yaml",
        "key title_vi",
    )
    out.append(
        Case("output-is-a-file", "messages", output_is_a_file, exit_code=4, expect=("output",))
    )
    out.append(
        Case(
            "disk-full",
            "messages",
            lambda root: None,
            exit_code=4,
            file_size_limit=2048,
            expect=("File too large",),
        )
    )
    out.append(
        Case(
            "unknown-format",
            "messages",
            lambda root: None,
            ("run", PERIOD, "--formats", "html,odt"),
            2,
            ("odt",),
        )
    )
    out.append(
        Case(
            "missing-period",
            "messages",
            lambda root: None,
            ("run", "2030-H1"),
            2,
            ("2030-H1", "params/2030-H1.yaml"),
        )
    )
    out.append(
        Case(
            "period-path",
            "messages",
            lambda root: None,
            ("run", "../x"),
            2,
            ("../x", "not a period id"),
        )
    )
    out.append(
        Case(
            "jobs-zero",
            "messages",
            lambda root: None,
            ("run", "--all", "--jobs", "0"),
            2,
            ("--jobs",),
        )
    )
    out.append(
        Case(
            "timeout-words",
            "messages",
            lambda root: None,
            ("run", PERIOD, "--timeout", "soon"),
            2,
            ("--timeout",),
        )
    )
    out.append(Case("no-period", "messages", lambda root: None, ("run",), 2, ("period",)))
    out.append(
        Case(
            "params-file-missing",
            "messages",
            lambda root: None,
            ("run", PERIOD, "--params", "params/nope.yaml"),
            2,
            ("params/nope.yaml",),
        )
    )
    out.append(
        Case(
            "template-over-csv",
            "messages",
            lambda root: None,
            ("template", PERIOD),
            1,
            (INDICATORS,),
        )
    )
    out.append(
        Case(
            "template-unknown-catalog",
            "messages",
            lambda root: None,
            ("template", "2025-H1", "--catalog", "nope"),
            1,
            ("nope",),
        )
    )
    out.append(
        Case(
            "attainment-bad-value",
            "messages",
            cell("QD749-07", "value", "42,1,3%"),
            ("attainment", PERIOD),
            1,
            _at("QD749-07"),
        )
    )
    out.append(
        Case(
            "attainment-output-bad-share",
            "messages",
            cell("QD749-04", "value", "175%"),
            ("attainment", PERIOD, "--output", "exports"),
            1,
            _at("QD749-04"),
        )
    )
    out.append(
        Case(
            "validate-critical",
            "messages",
            cell("QD749-04", "value", "175%"),
            ("validate", PERIOD),
            1,
            _at("QD749-04"),
        )
    )
    out.append(
        Case(
            "validate-params",
            "messages",
            param("lang", "fr"),
            ("validate", PERIOD),
            1,
            _key("lang", 5),
        )
    )

    # Encodings and shapes that must be read right (exit 0 from validate, nothing refused).
    def cp1258(root: Path) -> None:
        # Windows-1258 writes tones as combining marks after a precomposed base letter.
        import unicodedata

        tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
        out = []
        for char in (root / INDICATORS).read_text(encoding="utf-8"):
            parts = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in parts if c in tones)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(base + tone)
        (root / INDICATORS).write_bytes("".join(out).encode("cp1258"))

    def semicolons(root: Path) -> None:
        rows = seed_rows(root)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        (root / INDICATORS).write_text(buffer.getvalue(), encoding="utf-8-sig")

    def utf16(root: Path) -> None:
        raw = (root / INDICATORS).read_text(encoding="utf-8")
        (root / INDICATORS).write_bytes(raw.encode("utf-16"))

    def xlsx_noise(rows: list[list[object]]) -> None:
        rows[7][1] = 0.4213000000000001 * 100  # Excel's float, shown as 42,13

    for name, build in (("cp1258", cp1258), ("semicolon-bom-crlf", semicolons), ("utf16", utf16),
                        ("xlsx-float-noise", xlsx_from_seed(xlsx_noise))):  # fmt: skip
        out.append(
            Case(
                f"read-right-{name}", "misread", build, ("validate", PERIOD), 0, ("checks passed",)
            )
        )
    return out


CASES = cases()


def main(target: Path) -> None:
    """Write every case out: ``<target>/<name>/`` holds the files the case changed."""
    import filecmp
    import shutil
    import tempfile

    root = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
    for case in CASES:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "project"
            for name in ("params", "data"):
                shutil.copytree(root / name, copy / name)
            (copy / "output").mkdir()
            case.build(copy)
            folder = target / case.name
            for path in sorted(copy.rglob("*")):
                rel = path.relative_to(copy)
                original = root / rel
                if path.is_file() and not (original.is_file() and filecmp.cmp(path, original)):
                    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, folder / rel)
            (folder / "CASE.txt").parent.mkdir(parents=True, exist_ok=True)
            (folder / "CASE.txt").write_text(
                f"kind: {case.kind}\nargv: {' '.join(case.argv)}\nexit: {case.exit_code}\n"
                f"expect: {case.expect}\n",
                encoding="utf-8",
            )
    print(f"{len(CASES)} cases written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
