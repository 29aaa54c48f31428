"""What the dtreport DAG (``deploy/airflow/dtreport_reports.py``) runs, and how it publishes.

Standard library only: the DAG processor imports it on every parse of the DAG file, and its
tests run without a project environment.

- ``plan``: the settings (Airflow Variables), the reports found in ``params/``, and each
  report's notebook parameters and folders.
- ``publish``: a run's work folder, and the swap of a finished report into place.
"""

__all__ = ["plan", "publish"]
