"""dtreport: every unit's period report, rendered on a schedule.

Each (unit, period) with a params file is a task group of four tasks:

1. **stage**: an empty work folder for this run, beside the report's folder;
2. **execute**: papermill runs `notebooks/01-period-report.ipynb` in the project's `.venv`
   kernel; the notebook runs the data checks itself and stops on a critical finding;
3. **render**: `dtreport render` turns the executed notebook into `report.html`,
   `report.pdf`, `report.ipynb` (without the machine's folders) and `manifest.json`, which
   `dtreport list` and `output/index.html` read;
4. **publish**: the report replaces `<output>[/<unit>]/<period>/` in one step.

Groups share nothing: a failed report fails its own group only, and its previous report
stays as it was. Settings are Airflow Variables: `dtreport_root` (required),
`dtreport_periods`, `dtreport_output`, `dtreport_kernel` (see deploy/airflow/README.md).
"""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.papermill.operators.papermill import PapermillOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, TaskGroup, Variable

# The helper package lies beside this file's real path; a DAGs folder may only link to it.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from dtreport_airflow.plan import (
    EXECUTED_NOTEBOOK,
    REPORT_FOLDER,
    VARIABLES,
    find_reports,
    run_folder_name,
    settings_from,
)
from dtreport_airflow.publish import prepare_work, publish_report

settings = settings_from({name: Variable.get(name, default=None) for name in VARIABLES.values()})
found = find_reports(settings.root, settings.periods)
for reason in found.skipped:
    logging.getLogger(__name__).warning("dtreport: passed over %s", reason)

# Each run works in a folder of its own, named for the run when the task runs.
RUN = "{{ run_id | run_folder }}"

with DAG(
    dag_id="dtreport_reports",
    description="Every unit's period report: papermill, dtreport render, publish",
    # As the README's cron line: 06:00 on the 5th of each month, Vietnam's time.
    schedule="0 6 5 * *",
    start_date=pendulum.datetime(2025, 1, 1, tz="Asia/Ho_Chi_Minh"),
    catchup=False,
    # Every run renders the same folders: one at a time.
    max_active_runs=1,
    default_args={"execution_timeout": timedelta(minutes=30)},
    user_defined_filters={"run_folder": run_folder_name},
    doc_md=__doc__,
    tags=["dtreport"],
) as dag:
    for report in found.reports:
        work = str(report.work(settings, RUN))
        with TaskGroup(report.group_id, tooltip=report.label):
            stage = PythonOperator(
                task_id="stage", python_callable=prepare_work, op_kwargs={"work": work}
            )
            execute = PapermillOperator(
                task_id="execute",
                input_nb=str(settings.notebook),
                output_nb=f"{work}/{EXECUTED_NOTEBOOK}",
                parameters=report.parameters(settings, work),
                kernel_name=settings.kernel,
                log_output=True,
                # The operator returns the notebook's description, which nothing reads.
                do_xcom_push=False,
            )
            render = BashOperator(
                task_id="render",
                bash_command=(
                    '"$DTREPORT" render "$NOTEBOOK" --output "$REPORT" --final "$FINAL" '
                    '--root "$ROOT"'
                ),
                # --final: the manifest and report.ipynb name the folder publish moves it to.
                env={
                    "DTREPORT": str(settings.dtreport),
                    "NOTEBOOK": f"{work}/{EXECUTED_NOTEBOOK}",
                    "REPORT": f"{work}/{REPORT_FOLDER}",
                    "FINAL": str(report.published(settings)),
                    "ROOT": str(settings.root),
                },
                append_env=True,
                cwd=str(settings.root),
                do_xcom_push=False,
            )
            publish = PythonOperator(
                task_id="publish",
                python_callable=publish_report,
                op_kwargs={"work": work, "final": str(report.published(settings))},
            )
            stage >> execute >> render >> publish
