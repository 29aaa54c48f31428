"""Working in JupyterLab: `make lab` opens the project folder, saving drops the outputs of the
notebooks under notebooks/, and every notebook parameter says its type and what it is for."""

from __future__ import annotations

import copy
import json
import os
import runpy
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import papermill
import pytest
from traitlets.config import Config

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
CONFIG = ROOT / "deploy" / "jupyter" / "jupyter_server_config.py"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LAB_JUPYTER = ROOT / ".venv-lab" / "bin" / "jupyter"


def _read_config() -> tuple[Config, dict[str, Any]]:
    """Read the config file as Jupyter does: executed with ``get_config`` defined."""
    config = Config()
    namespace = runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config, namespace


def _executed_model() -> dict[str, Any]:
    """A contents model of a notebook as JupyterLab saves it after a run."""
    notebook = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    notebook["metadata"]["widgets"] = {"state": {}}
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42,13%\n"}]
            cell["metadata"]["execution"] = {"iopub.status.idle": "2024-06-19T10:00:00Z"}
    return {"type": "notebook", "format": "json", "content": notebook}


class _Contents:
    """What the hook reads of the server's contents manager."""

    def __init__(self, root_dir: str) -> None:
        self.root_dir = root_dir


def test_the_config_sets_the_hook() -> None:
    config, namespace = _read_config()
    assert config.FileContentsManager.pre_save_hook is namespace["strip_outputs"]


def test_saving_a_notebook_under_notebooks_drops_its_outputs() -> None:
    strip_outputs = _read_config()[1]["strip_outputs"]
    model = _executed_model()
    original = copy.deepcopy(model)
    strip_outputs(model=model, path="notebooks/01-period-report.ipynb",
                  contents_manager=_Contents(str(ROOT)))  # fmt: skip
    cells = model["content"]["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert all("execution" not in c["metadata"] for c in cells)
    assert "widgets" not in model["content"]["metadata"]
    # What the analyst wrote is saved as written; so are the cells' tags.
    assert [c["source"] for c in cells] == [c["source"] for c in original["content"]["cells"]]
    assert cells[1]["metadata"]["tags"] == ["parameters"]


@pytest.mark.parametrize(
    ("root", "path", "stripped"),
    [
        ("/srv/dtreport", "notebooks/02-explore-period.ipynb", True),
        ("/srv/dtreport", "notebooks/drafts/try.ipynb", True),
        ("/srv/dtreport/notebooks", "01-period-report.ipynb", True),  # lab started in notebooks/
        ("/srv/dtreport", "output/2024-H1/report.ipynb", False),  # the executed report, kept
        ("/home/an/notebooks/dtreport", "output/2024-H1/report.ipynb", False),
        ("/srv/dtreport", "scratch.ipynb", False),
    ],
)
def test_only_notebooks_under_notebooks_are_stripped(root: str, path: str, stripped: bool) -> None:
    strip_outputs = _read_config()[1]["strip_outputs"]
    model = _executed_model()
    strip_outputs(model=model, path=path, contents_manager=_Contents(root))
    outputs = [c["outputs"] for c in model["content"]["cells"] if c["cell_type"] == "code"]
    assert all(o == [] for o in outputs) is stripped


def test_a_file_that_is_not_a_notebook_is_saved_as_it_is() -> None:
    strip_outputs = _read_config()[1]["strip_outputs"]
    model = {"type": "file", "format": "text", "content": '{"outputs": [1]}'}
    strip_outputs(model=model, path="notebooks/notes.json", contents_manager=None)
    assert model == {"type": "file", "format": "text", "content": '{"outputs": [1]}'}


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_installs_the_config_and_serves_the_project_folder(tmp_path: Path) -> None:
    from jupyter_core.paths import ENV_CONFIG_PATH

    lab = tmp_path / "lab"
    done = subprocess.run(
        ["make", "-n", "lab", f"LAB_VENV={lab}"], cwd=ROOT, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    # Jupyter reads an environment's settings from <prefix>/etc/jupyter.
    where = Path(ENV_CONFIG_PATH[0]).relative_to(sys.prefix)
    installed = lab / where / "jupyter_server_config.py"
    assert f"deploy/jupyter/jupyter_server_config.py {installed}" in done.stdout
    command = next(line for line in done.stdout.splitlines() if " lab " in f"{line} ")
    assert command.startswith(f"{lab}/bin/jupyter lab") and "--ServerApp.root_dir=." in command
    assert "--notebook-dir=notebooks" not in command


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_parameter_has_a_type_and_a_description(path: Path) -> None:
    parameters = papermill.inspect_notebook(str(path))
    assert parameters
    for name, parameter in parameters.items():
        assert parameter["inferred_type_name"] not in (None, "None"), name
        assert parameter["help"].strip(), name
    assert parameters["period"]["inferred_type_name"] == "str"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.e2e
@pytest.mark.skipif(not LAB_JUPYTER.exists(), reason="needs .venv-lab (make lab)")
def test_the_lab_server_saves_notebooks_clean(tmp_path: Path) -> None:
    """The real server, with this config: a notebook saved under notebooks/ loses its outputs,
    the executed report under output/ keeps them."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "output").mkdir()
    port, token = _free_port(), "dtreport-test"
    server = subprocess.Popen(
        [str(LAB_JUPYTER), "server", f"--config={CONFIG}", "--ServerApp.root_dir=.",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", "--no-browser",
         "--allow-root"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )  # fmt: skip
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(urllib.request.Request(f"{base}/status", headers=headers))
                break
            except OSError:
                time.sleep(0.1)
        model = json.dumps(_executed_model()).encode()
        for path in ("notebooks/try.ipynb", "output/report.ipynb"):
            request = urllib.request.Request(
                f"{base}/contents/{path}", data=model, method="PUT", headers=headers
            )
            assert urllib.request.urlopen(request).status in (200, 201)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Pre-save hook" not in errors and "Overriding existing" not in errors
    saved = {p: json.loads((tmp_path / p).read_text(encoding="utf-8"))
             for p in ("notebooks/try.ipynb", "output/report.ipynb")}  # fmt: skip
    outputs = {p: [c["outputs"] for c in nb["cells"] if c["cell_type"] == "code"]
               for p, nb in saved.items()}  # fmt: skip
    assert all(o == [] for o in outputs["notebooks/try.ipynb"])
    assert all(o != [] for o in outputs["output/report.ipynb"])
