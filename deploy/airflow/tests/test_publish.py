"""A run's work folder, and the report swapped into place whole or not at all."""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path

import pytest
from dtreport_airflow.publish import REQUIRED_FILES, PublishError, prepare_work, publish_report


def _finished_run(work: Path, marker: str) -> Path:
    """A work folder as the execute and render tasks leave it."""
    prepare_work(str(work))
    (work / "executed.ipynb").write_text("{}", encoding="utf-8")
    for name in (*REQUIRED_FILES, "attainment.csv"):
        (work / "report" / name).write_text(marker, encoding="utf-8")
    (work / "report" / ".timings.json").write_text("{}", encoding="utf-8")
    return work


def test_prepare_work_empties_what_an_earlier_try_left(tmp_path: Path) -> None:
    work = tmp_path / ".airflow" / "2024-H1" / "run"
    (work / "report").mkdir(parents=True)
    (work / "report" / "report.html").write_text("stale", encoding="utf-8")
    assert prepare_work(str(work)) == str(work)
    assert list(work.iterdir()) == [work / "report"]
    assert list((work / "report").iterdir()) == []


def test_a_first_report_is_moved_into_place(tmp_path: Path) -> None:
    work = _finished_run(tmp_path / ".airflow" / "2024-H1" / "run-1", "new")
    final = tmp_path / "2024-H1"
    published = publish_report(str(work), str(final))
    assert published == [
        "attainment.csv", "manifest.json", "report.html", "report.ipynb", "report.pdf",
        "validation.json",
    ]  # fmt: skip
    assert (final / "report.html").read_text(encoding="utf-8") == "new"
    # The notebook's hand-off to dtreport run is no part of the report.
    assert not (final / ".timings.json").exists()
    assert not (tmp_path / ".airflow" / "2024-H1").exists()


def test_a_report_replaces_the_previous_one_whole(tmp_path: Path) -> None:
    final = tmp_path / "2024-H1"
    final.mkdir()
    (final / "report.html").write_text("old", encoding="utf-8")
    (final / "appendix.xlsx").write_text("old", encoding="utf-8")
    work = _finished_run(tmp_path / ".airflow" / "2024-H1" / "run-2", "new")
    publish_report(str(work), str(final))
    assert sorted(p.name for p in final.iterdir()) == [
        "attainment.csv", "manifest.json", "report.html", "report.ipynb", "report.pdf",
        "validation.json",
    ]  # fmt: skip
    assert (final / "report.html").read_text(encoding="utf-8") == "new"
    # Nothing of the old report is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".airflow", ".locks", "2024-H1"]


def test_earlier_runs_work_folders_go_with_a_publish(tmp_path: Path) -> None:
    failed = tmp_path / ".airflow" / "2024-H1" / "run-1"
    prepare_work(str(failed))
    (failed / "executed.ipynb").write_text("stopped on a cell", encoding="utf-8")
    other_period = tmp_path / ".airflow" / "2024-H2" / "run-1"
    prepare_work(str(other_period))
    work = _finished_run(tmp_path / ".airflow" / "2024-H1" / "run-2", "new")
    publish_report(str(work), str(tmp_path / "2024-H1"))
    assert not failed.exists()
    assert other_period.is_dir()


@pytest.mark.parametrize(
    "missing",
    [
        "report/report.pdf", "report/validation.json", "report/manifest.json",
        "report/report.ipynb", "executed.ipynb",
    ],
)  # fmt: skip
def test_an_unfinished_run_publishes_nothing(tmp_path: Path, missing: str) -> None:
    final = tmp_path / "2024-H1"
    final.mkdir()
    (final / "report.html").write_text("old", encoding="utf-8")
    work = _finished_run(tmp_path / ".airflow" / "2024-H1" / "run-2", "new")
    (work / missing).unlink()
    with pytest.raises(PublishError, match=f"missing .*{Path(missing).name}"):
        publish_report(str(work), str(final))
    assert [p.name for p in final.iterdir()] == ["report.html"]
    assert (final / "report.html").read_text(encoding="utf-8") == "old"
    assert (work / "report" / "report.html").exists()


def test_the_swap_waits_for_the_lock_dtreport_run_takes(tmp_path: Path) -> None:
    final = tmp_path / "2024-H1"
    work = _finished_run(tmp_path / ".airflow" / "2024-H1" / "run-1", "new")
    # dtreport.outputs.publish locks output[/<unit>]/.locks/<period>.lock for its swap.
    (tmp_path / ".locks").mkdir()
    with (tmp_path / ".locks" / "2024-H1.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        swap = threading.Thread(target=publish_report, args=(str(work), str(final)))
        swap.start()
        swap.join(timeout=0.5)
        assert swap.is_alive()
        assert not final.exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    swap.join(timeout=10)
    assert not swap.is_alive()
    assert (final / "report.html").read_text(encoding="utf-8") == "new"
