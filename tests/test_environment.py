"""The environment: pip's lock and conda's environment.yml install the same set."""

import sys
from pathlib import Path

# The lock sync is project tooling, not part of the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from lockfile import environment_yaml, lock_pins

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_matches_the_locks() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    lab = (ROOT / "requirements-lab.lock").read_text(encoding="utf-8")
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == environment_yaml(lock, lab), (
        "environment.yml is out of date: run `make lock`"
    )


def test_the_runtime_lock_leaves_jupyterlab_out() -> None:
    pins = {p.split("==")[0].lower() for p in lock_pins((ROOT / "requirements.lock").read_text())}
    assert "jupyterlab" not in pins and "rfc3987-syntax" not in pins
    lab = {
        p.split("==")[0].lower() for p in lock_pins((ROOT / "requirements-lab.lock").read_text())
    }
    assert {"jupyterlab", "ipykernel"} <= lab


def test_conflicting_pins_are_refused() -> None:
    import pytest
    from lockfile import merged_pins

    with pytest.raises(ValueError, match=r"pinned to 1\.0 and 2\.0"):
        merged_pins("pkg==1.0\n", "pkg==2.0\n")


def test_the_lock_pins_every_direct_dependency() -> None:
    import tomllib

    pins = {
        p.split("==")[0].lower().replace("_", "-")
        for p in lock_pins((ROOT / "requirements.lock").read_text())
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    missing = {d.lower().replace("_", "-") for d in wanted} - pins
    assert not missing, f"not pinned in requirements.lock: {sorted(missing)}"
    assert all("==" in p for p in lock_pins((ROOT / "requirements.lock").read_text()))
