"""Every path of a dtreport project derives from its root (one place, one rule)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dtreport.period import Period

__all__ = ["ASSETS_DIR", "FONTS_DIR", "Project", "default_root", "shown_path"]

# What the package ships besides code: stylesheets, templates and the report's fonts.
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"


def default_root() -> Path:
    """The project root: ``$DTREPORT_ROOT``, else the nearest folder up with ``params/``."""
    env = os.environ.get("DTREPORT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "params").is_dir() and (candidate / "data").is_dir():
            return candidate
    # An editable install: src/dtreport/paths.py -> project root.
    return Path(__file__).resolve().parents[2]


def shown_path(path: Path | str, root: Path | None) -> str:
    """How messages and outputs name a file: relative to the project, else its bare name.

    Symbolic links are not followed first, so ``data/x.csv`` linked to a file elsewhere
    is still ``data/x.csv``; a file outside the project is named without its folders, so
    no output ever holds a path of the machine it was made on.
    """
    path = Path(path)
    if root is None:
        return path.name
    for candidate, base in (
        (Path(os.path.abspath(path)), Path(os.path.abspath(root))),
        (path.resolve(), root.resolve()),
    ):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


@dataclass(frozen=True)
class Project:
    """A dtreport project folder and the standard places inside it."""

    root: Path

    @classmethod
    def find(cls, root: Path | None = None) -> Project:
        """The project at ``root``, or the default one."""
        return cls((root or default_root()).resolve())

    def shown(self, path: Path | str) -> str:
        """``path`` as messages and outputs name it (see :func:`shown_path`)."""
        return shown_path(path, self.root)

    @property
    def params_dir(self) -> Path:
        return self.root / "params"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def catalog_dir(self) -> Path:
        return self.data_dir / "catalog"

    @property
    def expectations_dir(self) -> Path:
        return self.root / "expectations"

    @property
    def notebooks_dir(self) -> Path:
        return self.root / "notebooks"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def params_file(self, period: Period, unit: str = "") -> Path:
        """``params/<period>.yaml``, or ``params/<unit>/<period>.yaml`` for a named unit."""
        return self.unit_params_dir(unit) / f"{period.id}.yaml"

    def unit_params_dir(self, unit: str = "") -> Path:
        """``params/`` for the default unit, ``params/<unit>/`` for a named one."""
        return self.params_dir / unit if unit else self.params_dir

    def period_data_dir(self, period: Period, unit: str = "") -> Path:
        """``data/<period>/``, or ``data/<unit>/<period>/`` for a named unit."""
        return (self.data_dir / unit if unit else self.data_dir) / period.id

    def output_root(self, unit: str = "", output_dir: Path | None = None) -> Path:
        """``output/`` for the default unit, ``output/<unit>/`` for a named one.

        Under another output folder (``--output``) likewise: a unit's reports, failure notes
        and staging folders stay under its own root.
        """
        base = output_dir or self.output_dir
        return base / unit if unit else base

    def period_output_dir(
        self, period: Period, output_dir: Path | None = None, unit: str = ""
    ) -> Path:
        """``output/<period>/`` or ``output/<unit>/<period>/`` (or under another output folder)."""
        return self.output_root(unit, output_dir) / period.id

    def report_units(self) -> list[str]:
        """The unit ids that have a ``params/<unit>/`` folder holding a ``*.yaml``, sorted.

        Hidden folders (``.git``-like) are not units; the ids themselves are checked against
        the registry where a report names one.
        """
        if not self.params_dir.is_dir():
            return []
        return sorted(
            folder.name
            for folder in self.params_dir.iterdir()
            if folder.is_dir()
            and not folder.name.startswith(".")
            and any(path.is_file() for path in folder.glob("*.yaml"))
        )
