"""The executed notebook as it is kept beside the report: the same bytes for the same inputs.

papermill records when each cell ran, where the notebook was read and written, and the
run's own paths (a staging folder with a random name); a run stores times in
``manifest.json`` instead, and names folders as the project does, so two runs on the
same inputs keep identical notebooks and no notebook holds a path of the machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["INJECTED_CELL_ID", "normalise_executed"]

INJECTED_CELL_ID = "injected-parameters"
_TIMES = ("start_time", "end_time", "duration")


def _replace_all(value: Any, replacements: Mapping[str, str]) -> Any:
    """``value`` with every occurrence of each key replaced, through lists and mappings."""
    if isinstance(value, str):
        # Longest first, so a folder's path is replaced before a prefix of it.
        for old in sorted(replacements, key=len, reverse=True):
            value = value.replace(old, replacements[old])
        return value
    if isinstance(value, list):
        return [_replace_all(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: _replace_all(item, replacements) for key, item in value.items()}
    return value


def normalise_executed(notebook: Any, replacements: Mapping[str, str]) -> Any:
    """Drop run times from ``notebook`` (an nbformat node), fix the injected cell's id, and
    replace each run-specific path (a key of ``replacements``) with how the project names it.

    The node is changed in place and returned.
    """
    papermill = notebook.metadata.get("papermill", {})
    for key in (*_TIMES, "environment_variables"):
        papermill.pop(key, None)
    for key in ("input_path", "output_path", "parameters"):
        if key in papermill:
            papermill[key] = _replace_all(papermill[key], replacements)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        cell_papermill = cell.metadata.get("papermill", {})
        for key in _TIMES:
            cell_papermill.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = INJECTED_CELL_ID
            cell.source = _replace_all(cell.source, replacements)
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = _replace_all(dict(output["data"]), replacements)
            if "text" in output:
                output["text"] = _replace_all(output["text"], replacements)
    return notebook
