"""The environment: pip's lock and conda's environment.yml install the same set."""

from pathlib import Path

from dtreport.lockfile import environment_yaml, lock_pins

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_matches_the_lock() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == environment_yaml(lock), (
        "environment.yml is out of date: run `make lock`"
    )


def test_the_lock_pins_every_direct_dependency() -> None:
    import tomllib

    pins = {
        p.split("==")[0].lower().replace("_", "-")
        for p in lock_pins((ROOT / "requirements.lock").read_text())
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [
        d for group in project["optional-dependencies"].values() for d in group
    ]
    missing = {d.lower().replace("_", "-") for d in wanted} - pins
    assert not missing, f"not pinned in requirements.lock: {sorted(missing)}"
    assert all("==" in p for p in lock_pins((ROOT / "requirements.lock").read_text()))
