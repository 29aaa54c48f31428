"""Checksums, versions and the commit a report records (outputs.provenance)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from dtreport.outputs.provenance import file_checksums, git_commit, package_versions, sha256_file


def test_a_checksum_is_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"indicator_id,value\n")
    assert sha256_file(path) == hashlib.sha256(b"indicator_id,value\n").hexdigest()


def test_files_are_named_as_the_project_names_them(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    inside = root / "data" / "indicators.csv"
    inside.write_text("x\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("y\n", encoding="utf-8")
    linked = root / "data" / "linked.csv"
    linked.symlink_to(elsewhere)
    names = file_checksums([inside, elsewhere, linked], root)
    assert set(names) == {"data/indicators.csv", "elsewhere.csv", "data/linked.csv"}
    assert not any(str(tmp_path) in name for name in names)


def test_versions_name_a_missing_package() -> None:
    versions = package_versions(["pandas", "no-such-package-here"])
    assert versions["pandas"][0].isdigit() and versions["no-such-package-here"] == "not installed"


def test_the_commit_says_when_tracked_files_differ(tmp_path: Path) -> None:
    assert git_commit(tmp_path) == "unknown"
    run = ["git", "-C", str(tmp_path), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run([*run, "init", "-q"], check=True)
    (tmp_path / "f.txt").write_text("1\n", encoding="utf-8")
    subprocess.run([*run, "add", "f.txt"], check=True)
    subprocess.run([*run, "commit", "-qm", "f"], check=True)
    clean = git_commit(tmp_path)
    assert len(clean) == 40 and not clean.endswith("+dirty")
    (tmp_path / "f.txt").write_text("2\n", encoding="utf-8")
    assert git_commit(tmp_path) == clean + "+dirty"
