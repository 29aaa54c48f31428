"""The DAG as Airflow loads it: one task group per report, four tasks in a row in each."""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from airflow.providers.papermill.operators.papermill import PapermillOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from dtreport_airflow.plan import SettingsError
from dtreport_airflow.publish import prepare_work, publish_report

DAG_FILE = Path(__file__).resolve().parents[1] / "dtreport_reports.py"
TASKS = ["stage", "execute", "render", "publish"]


def _load() -> ModuleType:
    """Import the DAG file afresh, as the DAG processor does on each parse."""
    spec = importlib.util.spec_from_file_location("dtreport_reports_under_test", DAG_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def loaded(params_tree: Callable[..., Path], variables: Callable[..., None]) -> tuple[Any, Path]:
    root = params_tree("2024-H1.yaml", "2025-H1.yaml", "P24-bac-ninh-2025/2025-H2.yaml")
    variables(root=str(root), kernel="dtreport-test")
    return _load().dag, root


def test_one_task_group_per_report(loaded: tuple[Any, Path]) -> None:
    dag, _ = loaded
    assert dag.dag_id == "dtreport_reports"
    groups = [group for group in dag.task_group.children]
    assert groups == ["2024-H1", "2025-H1", "P24-bac-ninh-2025__2025-H2"]
    assert sorted(dag.task_ids) == sorted(f"{g}.{t}" for g in groups for t in TASKS)


def test_each_group_runs_its_tasks_in_a_row_and_needs_no_other_group(
    loaded: tuple[Any, Path],
) -> None:
    dag, _ = loaded
    for group in dag.task_group.children:
        for before, after in itertools.pairwise(TASKS):
            task = dag.get_task(f"{group}.{after}")
            # Nothing upstream but the task before it: a failed report stops its own group.
            assert task.upstream_task_ids == {f"{group}.{before}"}
        assert dag.get_task(f"{group}.stage").upstream_task_ids == set()


def test_execute_runs_the_report_notebook_in_the_projects_kernel(loaded: tuple[Any, Path]) -> None:
    dag, root = loaded
    execute = dag.get_task("P24-bac-ninh-2025__2025-H2.execute")
    assert isinstance(execute, PapermillOperator)
    assert execute.kernel_name == "dtreport-test"
    assert execute.input_nb == str(root / "notebooks" / "01-period-report.ipynb")
    work = f"{root}/output/P24-bac-ninh-2025/.airflow/2025-H2/{{{{ run_id | run_folder }}}}"
    assert execute.output_nb == f"{work}/executed.ipynb"
    assert execute.parameters == {
        "period": "2025-H2",
        "root": str(root),
        "output_dir": f"{work}/report",
        "unit": "P24-bac-ninh-2025",
    }


def test_render_is_dtreport_render_of_the_executed_notebook(loaded: tuple[Any, Path]) -> None:
    dag, root = loaded
    render = dag.get_task("2024-H1.render")
    assert isinstance(render, BashOperator)
    assert render.bash_command == (
        '"$DTREPORT" render "$NOTEBOOK" --output "$REPORT" --final "$FINAL" --root "$ROOT"'
    )
    work = f"{root}/output/.airflow/2024-H1/{{{{ run_id | run_folder }}}}"
    assert render.env == {
        "DTREPORT": str(root / ".venv" / "bin" / "dtreport"),
        "NOTEBOOK": f"{work}/executed.ipynb",
        "REPORT": f"{work}/report",
        # Where publish moves the report: the manifest names that folder.
        "FINAL": dag.get_task("2024-H1.publish").op_kwargs["final"],
        "ROOT": str(root),
    }
    assert render.env["FINAL"] == str(root / "output" / "2024-H1")
    assert render.cwd == str(root)


def test_stage_and_publish_use_the_work_folder_of_the_run(loaded: tuple[Any, Path]) -> None:
    dag, root = loaded
    stage, publish = dag.get_task("2025-H1.stage"), dag.get_task("2025-H1.publish")
    assert isinstance(stage, PythonOperator) and isinstance(publish, PythonOperator)
    assert stage.python_callable is prepare_work
    assert publish.python_callable is publish_report
    assert publish.op_kwargs["work"] == stage.op_kwargs["work"]
    assert publish.op_kwargs["final"] == str(root / "output" / "2025-H1")
    folder = dag.get_template_env().from_string(stage.op_kwargs["work"])
    rendered = folder.render(run_id="scheduled__2025-08-05T06:00:00+07:00")
    assert rendered == f"{root}/output/.airflow/2025-H1/scheduled__2025-08-05T06-00-00-07-00"


def test_the_schedule_is_the_readmes_cron_line_one_run_at_a_time(loaded: tuple[Any, Path]) -> None:
    dag, _ = loaded
    assert dag.timetable.expression == "0 6 5 * *"
    assert str(dag.timetable.timezone) == "Asia/Ho_Chi_Minh"
    assert dag.max_active_runs == 1
    assert dag.catchup is False


def test_the_output_variable_moves_every_report(
    params_tree: Callable[..., Path], variables: Callable[..., None], tmp_path: Path
) -> None:
    root = params_tree("2024-H1.yaml")
    variables(root=str(root), output=str(tmp_path / "shared"))
    dag = _load().dag
    assert dag.get_task("2024-H1.publish").op_kwargs["final"] == str(
        tmp_path / "shared" / "2024-H1"
    )


def test_without_a_root_the_dag_does_not_load_and_says_why() -> None:
    with pytest.raises(SettingsError, match="dtreport_root is not set"):
        _load()
