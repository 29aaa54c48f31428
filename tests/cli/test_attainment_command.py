"""``dtreport attainment``: the seed's Appendix I end to end, and every kind of bad input."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from dtreport.cli import main
from dtreport.paths import Project

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SEED_CSV = (ROOT / "data" / "2024-H1" / "indicators.csv").read_text(encoding="utf-8")
Snapshot = Callable[[Path], dict[str, bytes]]


def run(project: Project, *args: str) -> int:
    return main([*args, "--root", str(project.root)])


def tables_dir(project: Project) -> Path:
    """Where ``--output`` sends attainment.csv: inside the project, so snapshots cover it."""
    return project.root / "tables"


def test_attainment_writes_the_appendix(
    project: Project, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    before = snapshot(project.root)
    assert run(project, "attainment", "2024-H1") == 0
    assert "đã hoàn thành 12 chỉ tiêu" in capsys.readouterr().out
    assert snapshot(project.root) == before, "without --output the table is only printed"
    assert run(project, "attainment", "2024-H1", "--output", str(tables_dir(project))) == 0
    out = capsys.readouterr().out
    assert "đã hoàn thành 12 chỉ tiêu, đang triển khai thực hiện 01 chỉ tiêu" in out
    assert "written: tables/attainment.csv" in out
    assert not (project.output_dir / "2024-H1").exists()
    with (tables_dir(project) / "attainment.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 13
    assert rows[6]["value"] == "42.13" and rows[6]["value_text"] == "42,13%"
    assert rows[8]["value"] == "11.97" and rows[5]["status"] == "in_progress"
    assert rows[11]["value"] == "" and rows[11]["assessed_by_unit"] == "True"
    assert rows[0]["target_year"] == "2025" and rows[7]["target_text"] == "tối thiểu 10%"


def test_attainment_in_english(project: Project) -> None:
    output = str(tables_dir(project))
    assert run(project, "attainment", "2024-H1", "--lang", "en", "--output", output) == 0
    text = (tables_dir(project) / "attainment.csv").read_text(encoding="utf-8")
    assert "Digital economy as a share of GDP" in text and ",Exceeded," in text


@pytest.fixture
def break_input(
    project: Project, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> Callable[..., str]:
    """``break_input(writer, *expected)``: break the inputs, and the run must refuse them."""

    def refuse(writer: object, *expected: str) -> str:
        output = str(tables_dir(project))
        # A good attainment.csv exists first.
        assert run(project, "attainment", "2024-H1", "--output", output) == 0
        writer(project.data_dir / "2024-H1")  # type: ignore[operator]
        before = snapshot(project.root)
        capsys.readouterr()
        assert run(project, "attainment", "2024-H1", "--output", output) == 1
        err = capsys.readouterr().err
        for text in expected:
            assert text in err
        assert snapshot(project.root) == before, "a failed run must write nothing"
        return err

    return refuse


def _csv(text: str) -> object:
    return lambda folder: (folder / "indicators.csv").write_text(text, encoding="utf-8")


def test_unknown_indicator_id(break_input: Callable[..., str]) -> None:
    break_input(_csv(SEED_CSV.replace("QD749-04,", "QD749-99,")),
                "data/2024-H1/indicators.csv, row 5 (QD749-99), column indicator_id",
                "unknown indicator id 'QD749-99'")  # fmt: skip


def test_duplicate_indicator_id(break_input: Callable[..., str]) -> None:
    break_input(_csv(SEED_CSV + "QD749-03,91%,,\n"),
                "data/2024-H1/indicators.csv, row 15 (QD749-03), column indicator_id",
                "duplicate indicator id 'QD749-03'",
                "also on row 4")  # fmt: skip


def test_missing_column(break_input: Callable[..., str]) -> None:
    text = "\n".join(line.split(",")[0] for line in SEED_CSV.splitlines())
    break_input(_csv(text.replace("indicator_id", "indicator_id,note", 1)),
                "data/2024-H1/indicators.csv, row 1, column value", "missing column 'value'")  # fmt: skip


def test_unparseable_value(break_input: Callable[..., str]) -> None:
    break_input(_csv(SEED_CSV.replace('"42,13%"', '"42,1,3%"')),
                "data/2024-H1/indicators.csv, row 8 (QD749-07), column value",
                "'42,1,3' is not a number")  # fmt: skip


def test_ambiguous_value(break_input: Callable[..., str]) -> None:
    break_input(_csv(SEED_CSV.replace('"42,13%"', "1.728%")),
                "data/2024-H1/indicators.csv, row 8 (QD749-07), column value",
                "reads as 1728 (vi) or 1.728 (en)")  # fmt: skip


def test_unknown_reported_status(break_input: Callable[..., str]) -> None:
    break_input(_csv(SEED_CSV.replace("75%,Vượt chỉ tiêu", "75%,Hoàn thành", 1)),
                "data/2024-H1/indicators.csv, row 5 (QD749-04), column reported_status",
                "unknown reported_status 'Hoàn thành'")  # fmt: skip


def test_empty_file(break_input: Callable[..., str]) -> None:
    break_input(_csv(""), "data/2024-H1/indicators.csv: file is empty")


def test_unreadable_xlsx(break_input: Callable[..., str]) -> None:
    def write(folder: Path) -> None:
        (folder / "indicators.csv").unlink()
        (folder / "indicators.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")

    break_input(write, "data/2024-H1/indicators.xlsx: is not a readable XLSX workbook")


def test_both_csv_and_xlsx(break_input: Callable[..., str]) -> None:
    break_input(lambda folder: (folder / "indicators.xlsx").write_bytes(b""),
                "data/2024-H1: holds both indicators.csv and indicators.xlsx")  # fmt: skip


def test_period_id_that_escapes(
    project: Project, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    before = snapshot(project.root)
    for period in ("../x", "2024-H3"):
        with pytest.raises(SystemExit) as exit_info:
            run(project, "attainment", period, "--output", str(tables_dir(project)))
        assert exit_info.value.code == 2
        assert f"'{period}' is not a period id" in capsys.readouterr().err
    assert snapshot(project.root) == before


def test_missing_catalogue_indicator_is_reported_not_fatal(
    project: Project, capsys: pytest.CaptureFixture[str], write_indicators: Callable[..., Path]
) -> None:
    lines = [line for line in SEED_CSV.splitlines() if not line.startswith("QD749-05,")]
    write_indicators(project, "\n".join(lines) + "\n")
    assert run(project, "attainment", "2024-H1") == 0
    captured = capsys.readouterr()
    assert "catalogue indicator QD749-05 is not reported: shown as no data" in captured.err
    assert "data/2024-H1/indicators.csv, indicator QD749-05, column indicator_id" in captured.err
    assert (
        "đã hoàn thành 11 chỉ tiêu, đang triển khai thực hiện 01 chỉ tiêu, chưa có số liệu 01"
        in captured.out
    )


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("semicolon", lambda t: t.replace(",", ";").encode("utf-8")),
        ("utf-8 with BOM", lambda t: t.encode("utf-8-sig")),
        ("utf-16", lambda t: t.encode("utf-16")),
        ("windows-1258", lambda t: _cp1258(t)),
    ],
)
def test_other_encodings_and_delimiters_are_read_correctly(
    project: Project, capsys: pytest.CaptureFixture[str], name: str, encode: object
) -> None:
    text = SEED_CSV.replace(
        "QD749-02,100%,Vượt chỉ tiêu,", "QD749-02,100%,Vượt chỉ tiêu,Đã rà soát"
    )
    if name == "semicolon":
        # A Vietnamese Excel export: ';' between cells, ',' inside numbers, no quotes needed.
        text = SEED_CSV.replace('"', "")
        text = text.replace(",", ";").replace(";13%", ",13%").replace("42;13", "42,13")
        text = text.replace("17;9", "17,9").replace("85;6", "85,6")
        text = text.replace("Truyền thông; Sở Nội vụ; Sở KHCN", "Truyền thông, Sở Nội vụ, Sở KHCN")
        text = text.replace("trực tuyến; thông qua", "trực tuyến, thông qua")
        data = text.encode("utf-8")
    else:
        data = encode(text)  # type: ignore[operator]
    (project.data_dir / "2024-H1" / "indicators.csv").write_bytes(data)
    output = str(tables_dir(project))
    assert run(project, "attainment", "2024-H1", "--output", output) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "đã hoàn thành 12 chỉ tiêu" in out
    text = (tables_dir(project) / "attainment.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[6]["value"] == "42.13" and rows[11]["status_label"] == "Đạt chỉ tiêu"


def _cp1258(text: str) -> bytes:
    """Windows-1258 writes Vietnamese tones as combining marks: encode from the decomposed form."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in parts if c in tones)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tone)
    return "".join(out).encode("cp1258")


def test_windows_1258_notes_come_back_as_utf8(project: Project) -> None:
    from dtreport.inputs.catalog import load_catalog
    from dtreport.inputs.indicators import read_indicators
    from dtreport.inputs.tables import read_table

    text = SEED_CSV.replace(
        "QD749-02,100%,Vượt chỉ tiêu,", "QD749-02,100%,Vượt chỉ tiêu,Đã rà soát hồ sơ"
    )
    path = project.data_dir / "2024-H1" / "indicators.csv"
    path.write_bytes(_cp1258(text))
    reported, findings = read_indicators(
        read_table(path, project.root), load_catalog(project.catalog_dir, "qd749", project.root)
    )
    assert reported[1].note == "Đã rà soát hồ sơ"
    assert [f.message for f in findings] == ["read as cp1258"]
