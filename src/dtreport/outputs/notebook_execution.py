"""What a notebook papermill executed ran on, read back from the notebook itself.

papermill records the parameters it gave the report notebook (``metadata.papermill``):
the period, the project folder, the params file, the unit, the folder the notebook wrote
its tables to. :func:`read_execution` loads the period from them as the notebook loaded it
(:func:`dtreport.inputs.period_data.load_period`, in the project folder the kernel ran
in), so that a report rendered from the notebook has the manifest ``dtreport run`` would
have written: the same inputs and checksums, the notebook's checks, its stage timings, and
the machine's folders it holds, each with the name the project gives it.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dtreport.checks.validation import ValidationReport
from dtreport.errors import InputError, Location
from dtreport.inputs.history import load_history
from dtreport.inputs.params import param_names
from dtreport.inputs.period_data import PeriodInputs, load_period
from dtreport.paths import Project
from dtreport.report.rollup_place import placement_inputs

__all__ = [
    "MANIFEST_FILE",
    "REPORT_NOTEBOOK",
    "NotebookExecution",
    "notebook_parameters",
    "read_execution",
]

# Named as dtreport.run.handoff names a report folder's files, which this layer may not
# import; a test keeps the two the same.
REPORT_NOTEBOOK = "report.ipynb"
MANIFEST_FILE = "manifest.json"
VALIDATION_FILE = "validation.json"
TIMINGS_FILE = ".timings.json"
# The cell papermill reads the defaults from and inserts the run's values after.
_PARAMETERS_TAG = "parameters"
# The run's parameters that are text (an id, a path); a params key is checked with its file.
_TEXT_PARAMETERS = ("period", "root", "params_file", "output_dir", "validation_file")


@dataclass(frozen=True)
class NotebookExecution:
    """An executed report notebook's run: its project, inputs, folders and parameters."""

    project: Project
    inputs: PeriodInputs
    # The report notebook papermill executed.
    source: Path
    # The notebook's output_dir (attainment.csv, progress.csv, validation.json) and
    # validation_file, as the kernel in the project folder took them; None when not given.
    tables: Path | None
    validation_file: Path | None
    draft: bool
    parameters: Mapping[str, Any]
    # papermill's record of the run: the paths it was given, the notebook's seconds.
    papermill: Mapping[str, Any]

    def checks(self, timings: dict[str, float]) -> ValidationReport:
        """The checks the notebook wrote (into its output_dir, else its validation_file),
        else the same checks run here on the same inputs (their seconds in ``timings``).

        Raises:
            InputError: The notebook's ``validation.json`` is not the checks' results.
        """
        candidates = [self.tables / VALIDATION_FILE if self.tables else None, self.validation_file]
        for path in candidates:
            if path is None or not path.is_file():
                continue
            try:
                return ValidationReport.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(
                    f"is not the checks' results the notebook writes: {type(exc).__name__}: {exc}",
                    Location(self.project.shown(path)),
                ) from None
        # Great Expectations takes seconds to import: only when the notebook left no results.
        from dtreport.checks.period_checks import validate_inputs

        started = time.perf_counter()
        report = validate_inputs(self.inputs)
        timings["checks"] = round(time.perf_counter() - started, 3)
        return report

    def history_files(self) -> list[Path]:
        """The earlier periods' files the report's changes were computed from, and for a
        unit the period's roll-up it reads its place from, as ``dtreport run`` lists them."""
        inputs = self.inputs
        return [
            *load_history(self.project, inputs.params).files,
            *placement_inputs(self.project, inputs.unit, inputs.period.id),
        ]

    def replacements(self, notebook: Path, folder: Path, final: Path) -> dict[str, str]:
        """Each machine path the executed ``notebook`` may hold, and the project's name for it.

        The report is written to ``folder`` and published as ``final``. A path given
        relative to the project is no machine's and stays as given; an absolute one is
        replaced as written, made absolute and resolved: papermill records what it was given.
        """
        shown = self.project.shown
        final_name = shown(final)
        named: list[tuple[object, str]] = [
            (self.parameters.get("output_dir"), final_name),
            (self.tables, final_name),
            (folder, final_name),
            (self.papermill.get("output_path"), f"{final_name}/{REPORT_NOTEBOOK}"),
            (notebook, f"{final_name}/{REPORT_NOTEBOOK}"),
            (self.parameters.get("params_file"), shown(self.inputs.params_file)),
            (self.inputs.params_file, shown(self.inputs.params_file)),
            (self.papermill.get("input_path"), shown(self.source)),
            (self.source, shown(self.source)),
            (self.parameters.get("root"), "."),
            (self.project.root, "."),
        ]
        replacements: dict[str, str] = {}
        for path, name in named:
            if not isinstance(path, str | Path) or not str(path) or not Path(path).is_absolute():
                continue
            for form in (str(path), os.path.abspath(path), os.path.realpath(path)):
                replacements.setdefault(form, name)
        return replacements

    def timings(self, folder: Path) -> dict[str, float]:
        """The notebook's seconds as papermill timed it, and its stages as it timed them.

        The stages' file is the notebook's hand-off to ``dtreport run``; once read it is
        removed from the report's ``folder``, as ``dtreport run`` removes it.
        """
        timings: dict[str, float] = {}
        duration = self.papermill.get("duration")
        if isinstance(duration, int | float) and not isinstance(duration, bool):
            timings["notebook"] = round(float(duration), 3)
        path = self.tables / TIMINGS_FILE if self.tables else None
        if path is None or not path.is_file():
            return timings
        try:
            stages = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stages = {}
        if isinstance(stages, dict):
            timings.update({k: float(v) for k, v in stages.items() if isinstance(v, int | float)})
        if _same_folder(path.parent, folder):
            path.unlink(missing_ok=True)
        return timings

    def tables_in(self, folder: Path, notebook: Path, written: Sequence[Path]) -> list[Path]:
        """The notebook's own files in the report's ``folder``: what it holds besides the
        ``written`` ones when it is the notebook's output_dir, but the manifest and the
        executed ``notebook`` itself."""
        if self.tables is None or not _same_folder(self.tables, folder):
            return []
        own = {MANIFEST_FILE, *(path.name for path in written)}
        return sorted(
            path
            for path in folder.iterdir()
            if path.is_file()
            and not path.name.startswith(".")
            and path.name not in own
            and not (notebook.is_file() and os.path.samefile(path, notebook))
        )


def read_execution(executed: Any, root: Path | None, shown: str) -> NotebookExecution:
    """The run of ``executed`` (an nbformat node of the file ``shown``), its period loaded.

    ``root`` is the project folder; default: the notebook's ``root`` parameter, else the
    project found from the working directory.

    Raises:
        InputError: papermill recorded no parameters, or no notebook it executed; a
            parameter is of the wrong type; an input the parameters name cannot be read.
    """
    papermill = executed.metadata.get("papermill", {})
    if not isinstance(papermill.get("parameters"), Mapping):
        raise InputError(
            "holds no parameters papermill recorded (metadata.papermill.parameters), so "
            "nothing says which period and inputs it ran on; execute it with papermill "
            "<notebook> <executed.ipynb> -p period <period> and render what that writes",
            Location(shown),
        )
    parameters = notebook_parameters(executed)
    text = {name: _text(parameters, name, shown) for name in _TEXT_PARAMETERS}
    if not text["period"]:
        raise InputError("has no period parameter: it is not a report notebook", Location(shown))
    draft = parameters.get("draft", False)
    if not isinstance(draft, bool):
        raise InputError(f"its parameter draft is {draft!r}, not True or False", Location(shown))
    project = Project.find(root if root is not None else _path(text["root"]))
    overrides = {k: parameters[k] for k in param_names() if k in parameters and k != "period"}
    inputs = load_period(
        project, text["period"], _in_project(text["params_file"], project), overrides
    )
    return NotebookExecution(
        project, inputs, _source(papermill, project, shown),
        _in_project(text["output_dir"], project), _in_project(text["validation_file"], project),
        # A copy: normalising the notebook drops papermill's times and paths from its own.
        draft, parameters, copy.deepcopy(dict(papermill)),
    )  # fmt: skip


def notebook_parameters(executed: Any) -> dict[str, Any]:
    """The parameters an executed notebook ran with: its parameters cell's defaults, then the
    values papermill injected over them (``metadata.papermill.parameters``)."""
    values: dict[str, Any] = {}
    for cell in executed.cells:
        if cell.get("cell_type") == "code" and _PARAMETERS_TAG in cell.metadata.get("tags", []):
            values.update(_defaults(cell.source))
    values.update(executed.metadata.get("papermill", {}).get("parameters", {}))
    return values


def _defaults(source: str) -> dict[str, Any]:
    """The ``name = value`` and ``name: type = value`` lines of a parameters cell, as values."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (a magic): papermill's own values still count
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                continue  # computed from something else: not a value papermill sets
    return found


def _text(parameters: Mapping[str, Any], name: str, shown: str) -> str:
    value = parameters.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"its parameter {name} is {value!r}, not text", Location(shown))
    return value


def _path(given: str) -> Path | None:
    return Path(given) if given else None


def _in_project(given: str, project: Project) -> Path | None:
    """A path parameter as the kernel took it: in the project folder, where ``dtreport run``
    and a scheduler alike start it (an absolute path stays as it is)."""
    return project.root / given if given else None


def _source(papermill: Mapping[str, Any], project: Project, shown: str) -> Path:
    """The report notebook papermill executed: the manifest names it with its checksum."""
    given = papermill.get("input_path")
    path = _in_project(given, project) if isinstance(given, str) else None
    if path is None or not path.is_file():
        where = f"from {project.shown(path)}, which is not a file" if path else "from no file"
        raise InputError(
            f"papermill records that it was executed {where}; the manifest must name the "
            "report notebook that ran",
            Location(shown),
        )
    return path


def _same_folder(first: Path, second: Path) -> bool:
    return first.is_dir() and second.is_dir() and os.path.samefile(first, second)
