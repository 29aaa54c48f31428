"""Which reports the DAG runs, with which settings, and where each one's files go.

A report is a (unit, period) with a params file, found as ``dtreport run --all`` finds
them: ``params/<period>.yaml`` for the default unit (""), ``params/<unit>/<period>.yaml``
for a unit of ``data/units.csv``. Each report renders to ``<output>/<period>/`` or
``<output>/<unit>/<period>/``, as ``dtreport run`` publishes it, through a work folder of
the Airflow run beside it (``<output>[/<unit>]/.airflow/<period>/<run>/``): a folder on the
same filesystem, so publishing is a rename, and hidden, so ``dtreport list`` and
``output/index.html`` never take it for a report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_UNIT",
    "EXECUTED_NOTEBOOK",
    "KERNEL",
    "REPORT_FOLDER",
    "VARIABLES",
    "WORK_FOLDER",
    "Found",
    "Report",
    "Settings",
    "SettingsError",
    "find_reports",
    "run_folder_name",
    "settings_from",
]

DEFAULT_UNIT = ""
# The kernelspec `make test-airflow` installs for the project's .venv (see the README).
KERNEL = "dtreport"
NOTEBOOK = Path("notebooks") / "01-period-report.ipynb"
# Where a unit's Airflow runs work, under its output root; hidden like dtreport's .staging/.
WORK_FOLDER = ".airflow"
EXECUTED_NOTEBOOK = "executed.ipynb"
# The subfolder of a work folder that becomes the published report.
REPORT_FOLDER = "report"

# The Airflow Variables the DAG reads (each also settable as AIRFLOW_VAR_<NAME> in the
# environment, which Airflow reads before its database).
VARIABLES = {
    "root": "dtreport_root",
    "periods": "dtreport_periods",
    "output": "dtreport_output",
    "kernel": "dtreport_kernel",
}

# The same rules as dtreport.period and dtreport.inputs.units: a file dtreport would refuse
# to run is not a report, and its name could not be a task id either.
_PERIOD_ID = re.compile(r"[0-9]{4}(?:-(?:H[12]|Q[1-4]|0[1-9]|1[0-2]))?", re.ASCII)
_UNIT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*", re.ASCII)
# output/rollup/ holds the roll-up reports; no unit may be called so.
_ROLLUP_FOLDER = "rollup"
# A task group's id: the unit, then the period (whose id has no "_"), so the split is sure.
_GROUP_SEPARATOR = "__"


class SettingsError(ValueError):
    """An Airflow Variable of the DAG is missing or wrong; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Where the project is, which periods to run, where reports go, which kernel runs them."""

    root: Path
    output: Path
    periods: tuple[str, ...] = ()
    kernel: str = KERNEL

    @property
    def notebook(self) -> Path:
        """The report notebook papermill executes."""
        return self.root / NOTEBOOK

    @property
    def dtreport(self) -> Path:
        """The ``dtreport`` command of the project's own environment (``.venv``)."""
        return self.root / ".venv" / "bin" / "dtreport"


def settings_from(values: Mapping[str, str | None]) -> Settings:
    """The DAG's settings from its Airflow Variables (``VARIABLES``' names → values).

    ``dtreport_root`` (required): the project folder, absolute, holding ``params/``;
    ``dtreport_periods``: period ids separated by commas, empty for every period found;
    ``dtreport_output``: the output folder, absolute (default ``<root>/output``);
    ``dtreport_kernel``: the kernelspec of the project's ``.venv`` (default ``dtreport``).

    Raises:
        SettingsError: A value is missing, relative, or not a period id.
    """
    name = VARIABLES["root"]
    root_text = (values.get(name) or "").strip()
    if not root_text:
        raise SettingsError(
            f"Airflow Variable {name} is not set: set it (or AIRFLOW_VAR_{name.upper()}) to "
            "the dtreport project folder, the checkout holding params/, data/ and .venv/"
        )
    root = _absolute(root_text, name)
    if not (root / "params").is_dir():
        raise SettingsError(f"Airflow Variable {name}: {root} has no params/ folder")
    output_text = (values.get(VARIABLES["output"]) or "").strip()
    output = _absolute(output_text, VARIABLES["output"]) if output_text else root / "output"
    periods = tuple(p.strip() for p in (values.get(VARIABLES["periods"]) or "").split(","))
    periods = tuple(p for p in periods if p)
    wrong = [p for p in periods if not _PERIOD_ID.fullmatch(p)]
    if wrong:
        raise SettingsError(
            f"Airflow Variable {VARIABLES['periods']}: {wrong[0]!r} is not a period id "
            "(2024, 2024-H1, 2024-Q3, 2024-06; several separated by commas)"
        )
    kernel = (values.get(VARIABLES["kernel"]) or "").strip() or KERNEL
    return Settings(root=root, output=output, periods=periods, kernel=kernel)


def _absolute(text: str, name: str) -> Path:
    """A folder a Variable names: absolute, since workers start in folders of their own."""
    path = Path(text)
    if not path.is_absolute():
        raise SettingsError(f"Airflow Variable {name}: {text!r} is not an absolute path")
    return path


@dataclass(frozen=True, order=True)
class Report:
    """One unit's period: a task group of the DAG."""

    unit: str
    period: str

    @property
    def group_id(self) -> str:
        """The task group's id: ``2024-H1`` for the default unit, else ``<unit>__<period>``."""
        if self.unit == DEFAULT_UNIT:
            return self.period
        return f"{self.unit}{_GROUP_SEPARATOR}{self.period}"

    @property
    def label(self) -> str:
        """How logs and the UI name the report: ``P24-bac-ninh-2025 2025-H2``."""
        return f"{self.unit} {self.period}" if self.unit else self.period

    def output_root(self, settings: Settings) -> Path:
        """The folder the report's period folder sits in: ``<output>`` or ``<output>/<unit>``."""
        return settings.output / self.unit if self.unit else settings.output

    def published(self, settings: Settings) -> Path:
        """Where the report is published: ``<output>[/<unit>]/<period>/``."""
        return self.output_root(settings) / self.period

    def work_root(self, settings: Settings) -> Path:
        """The folder holding this report's Airflow work folders, one per run."""
        return self.output_root(settings) / WORK_FOLDER / self.period

    def work(self, settings: Settings, run: str) -> Path:
        """The work folder of one run (``run``: a name from :func:`run_folder_name`)."""
        return self.work_root(settings) / run

    def parameters(self, settings: Settings, work: str) -> dict[str, Any]:
        """The notebook's papermill parameters, writing its tables into ``work``'s report/.

        No ``validation_file``: the notebook runs the Great Expectations checks itself and
        stops on a critical finding. ``unit`` only for a unit's report, as ``dtreport run``
        passes it. ``root`` is absolute: the kernel starts in the worker's folder.
        """
        parameters: dict[str, Any] = {
            "period": self.period,
            "root": str(settings.root),
            "output_dir": f"{work}/{REPORT_FOLDER}",
        }
        if self.unit:
            parameters["unit"] = self.unit
        return parameters


@dataclass(frozen=True)
class Found:
    """The reports to run, and the params files passed over, each with the reason."""

    reports: list[Report]
    skipped: list[str] = field(default_factory=list)


def find_reports(root: Path, periods: Sequence[str] = ()) -> Found:
    """Every report with a params file under ``root``, the default unit first, then each unit
    by id, periods in id order (as ``dtreport run --all``); only ``periods`` if given.

    A file or folder dtreport would refuse to run (a name that is not a period or unit id,
    a unit called ``rollup``) is passed over and named in ``skipped``.

    Raises:
        SettingsError: A period of ``periods`` has no params file in any unit.
    """
    params = root / "params"
    found: list[Report] = []
    skipped: list[str] = []
    units = sorted(
        folder.name
        for folder in params.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and any(folder.glob("*.yaml"))
    )
    for unit in [DEFAULT_UNIT, *units]:
        if unit and (not _UNIT_ID.fullmatch(unit) or unit.casefold() == _ROLLUP_FOLDER):
            skipped.append(f"params/{unit}/: not a unit id of data/units.csv")
            continue
        folder = params / unit if unit else params
        for path in sorted(p for p in folder.glob("*.yaml") if p.is_file()):
            shown = path.relative_to(root).as_posix()
            if not _PERIOD_ID.fullmatch(path.stem):
                skipped.append(f"{shown}: {path.stem!r} is not a period id")
            elif not periods or path.stem in periods:
                found.append(Report(unit, path.stem))
    missing = sorted(set(periods) - {report.period for report in found})
    if missing:
        raise SettingsError(
            f"Airflow Variable {VARIABLES['periods']} names {', '.join(missing)}, which no "
            f"params file of {root} has"
        )
    return Found(found, skipped)


def run_folder_name(run_id: str) -> str:
    """A folder name for an Airflow run id (``manual__2025-07-05T06:00:00+00:00``).

    Run ids may hold characters a shell or a URL treats specially, and a deployment may
    allow "/"; the folder keeps letters, digits, "_", "." and "-" only.
    """
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", run_id).strip(".")
    return name or "run"
