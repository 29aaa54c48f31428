"""The bad-input corpus (tests/cli/corpus/generate.py): each case read right or refused clearly.

Every case asserts its exit code, that its message names the file and the row or line,
the column or key and the indicator id, that no traceback is printed, and that nothing
is published or changed: the inputs stay as they were and no report folder appears.
The bombs run in a child process under an address-space limit, not against a stopwatch.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from generate import CASES, Case

from dtreport.cli import main
from dtreport.paths import Project

# A failed run may note its failure for the listing and refresh the index; nothing else.
ALLOWED_WRITES = ("output/.runs/", "output/index.html", "output/.locks/", "output/.staging/")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(ALLOWED_WRITES)
    }


def _limited(case: Case) -> None:
    if case.memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (case.memory_limit, case.memory_limit))
    if case.file_size_limit:
        # A write past the limit then fails with EFBIG, as a full disk fails with ENOSPC.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (case.file_size_limit, case.file_size_limit))


def _run_child(case: Case, root: Path) -> tuple[int, str]:
    env = {**os.environ, **case.env}
    done = subprocess.run(
        [sys.executable, "-m", "dtreport.cli", *case.argv, "--root", str(root)],
        capture_output=True, text=True, env=env, check=False, cwd=root, timeout=180,
        preexec_fn=lambda: _limited(case),
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(
    case: Case,
    make_project: Callable[[], Project],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_project().root
    case.build(root)
    before = _files(root)
    if case.memory_limit or case.file_size_limit:
        code, said = _run_child(case, root)
    else:
        for name, value in case.env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(root)
        try:
            code = main([*case.argv, "--root", str(root)])
        except SystemExit as exc:  # argparse's own refusal
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        said = captured.out + captured.err
    assert code == case.exit_code, said
    assert "Traceback" not in said, said
    for place in case.expect:
        assert place in said, f"{place!r} not in:\n{said}"
    assert str(root) not in said, "messages name files relative to the project"
    if case.exit_code != 0:
        assert _files(root) == before, "a refused input must leave every file as it was"
        published = (
            [p for p in (root / "output").glob("*/") if p.is_dir()]
            if (root / "output").is_dir()
            else []
        )
        assert [p.name for p in published if not p.name.startswith(".")] == []
    if case.name.startswith("ambiguous-"):
        assert "the rest in note" not in said, "one message per problem"
    if case.name == "many-bad-rows":
        assert len(said) < 20_000, "a file with thousands of bad rows lists the first and a count"


def test_the_corpus_covers_every_class() -> None:
    kinds = {case.kind for case in CASES}
    assert {"paths", "blank", "misread", "bounds", "messages"} <= kinds
    assert len(CASES) >= 100
