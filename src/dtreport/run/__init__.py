"""Running a period: the pipeline (``dtreport run``), the notebook's side of it
(``PeriodReport``), the kernel, the hand-off between them, and an analyst's views of a
period (``explore``); many reports at once on warm workers (``batch``, ``warm``,
``zygote``) and what a report says on the terminal (``outcome``).
"""

__all__ = [
    "batch",
    "explore",
    "handoff",
    "kernel",
    "notebook",
    "outcome",
    "pipeline",
    "rollup",
    "warm",
    "zygote",
]
