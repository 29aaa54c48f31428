"""Running a period: the pipeline (``dtreport run``), the notebook's side of it
(``ReportRun``), the kernel, and the hand-off between them.
"""

__all__ = ["handoff", "kernel", "notebook", "pipeline"]
