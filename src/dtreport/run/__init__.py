"""Running a period: the pipeline (``dtreport run``), the notebook's side of it
(``PeriodReport``), the kernel, the hand-off between them, and an analyst's views of a
period (``explore``).
"""

__all__ = ["explore", "handoff", "kernel", "notebook", "pipeline"]
