"""Publishing: whole-file writes, and staging folders that never outlive their run."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from dtreport.outputs.publish import atomic_write_text, claim_staging, release_staging


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "attainment.csv"
    atomic_write_text(target, "a,b\n")
    atomic_write_text(target, "c,d\n")
    assert target.read_text(encoding="utf-8") == "c,d\n"
    assert [p.name for p in target.parent.iterdir()] == ["attainment.csv"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_a_dead_runs_staging_is_swept_and_a_live_one_kept(tmp_path: Path) -> None:
    final = tmp_path / "output" / "2024-H1"
    staging = final.parent / ".staging"
    staging.mkdir(parents=True)
    (staging / "2024-H1-dead").mkdir()
    (staging / "2024-H1-dead" / "report.html").write_text("half", encoding="utf-8")
    (staging / "2024-H1-dead.lock").write_text("", encoding="utf-8")
    (staging / "2024-H1-live").mkdir()
    with (staging / "2024-H1-live.lock").open("w") as live:
        fcntl.flock(live, fcntl.LOCK_EX)
        folder, claim = claim_staging(final)
        names = sorted(p.name for p in staging.iterdir())
        assert names == sorted(
            ["2024-H1-live", "2024-H1-live.lock", folder.name, f"{folder.name}.lock"]
        )
        folder.rmdir()
        release_staging(claim)
    assert sorted(p.name for p in staging.iterdir()) == ["2024-H1-live", "2024-H1-live.lock"]
