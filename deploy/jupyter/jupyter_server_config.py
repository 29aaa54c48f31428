"""JupyterLab's server settings for dtreport: notebooks under notebooks/ are saved clean.

``make lab`` installs this file as ``.venv-lab/etc/jupyter/jupyter_server_config.py``,
where the server reads its environment's settings. Saving a notebook that lies in a
folder named ``notebooks`` writes it without outputs or execution counts: outputs hold
the figures of a period (sometimes not yet published) and make every diff unreadable,
and the committed notebooks are checked to have none. The analyst's open notebook keeps
its outputs on screen; only the file is clean. Executed notebooks elsewhere (the
``report.ipynb`` kept beside each report under ``output/``) are saved as they are.

The server runs in .venv-lab, without dtreport installed, so the hook is plain Python.
"""

from __future__ import annotations

import warnings
from pathlib import Path, PurePosixPath
from typing import Any

NOTEBOOKS_FOLDER = "notebooks"
# Cell metadata that is a record of a run, like outputs: when each cell ran, and how long.
_RUN_METADATA = ("execution", "papermill")


def strip_outputs(
    model: dict[str, Any], path: str = "", contents_manager: Any = None, **_: Any
) -> None:
    """Remove outputs, execution counts and run records from a notebook about to be saved.

    A pre-save hook of the server's contents manager: ``model`` is the contents model
    (changed in place), ``path`` its API path, relative to the server's root folder.
    Anything but a notebook in a ``notebooks`` folder is left as it is.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if not _in_notebooks_folder(path, contents_manager):
        return
    notebook = model["content"]
    notebook.get("metadata", {}).pop("widgets", None)  # widget state is output too
    notebook.get("metadata", {}).pop("papermill", None)
    for cell in notebook.get("cells", []):
        for key in _RUN_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def _in_notebooks_folder(path: str, contents_manager: Any) -> bool:
    """Whether the notebook lies below a folder named ``notebooks`` inside the server's root
    folder, or the root folder is that folder itself (``jupyter lab`` started inside it).

    Folders above the root are not looked at: a project kept in a folder that happens to be
    named ``notebooks`` must not lose the outputs of its executed reports.
    """
    root = getattr(contents_manager, "root_dir", None)
    folders = PurePosixPath(path.strip("/")).parent.parts
    if root:
        folders = (Path(root).name, *folders)
    return NOTEBOOKS_FOLDER in folders


# Jupyter defines get_config() when it reads this file as its configuration.
c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.FileContentsManager.pre_save_hook = strip_outputs
# JupyterLab applies the server's configuration a second time once its extension loads, and
# the contents manager warns on setting a hook over one already set, the same one included.
warnings.filterwarnings(
    "ignore",
    r"Overriding existing pre_save_hook \(strip_outputs\) with a new one \(strip_outputs\)",
    UserWarning,
)
