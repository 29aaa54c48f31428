"""The data checks: Great Expectations suites (``expectations/*.yaml``) run on each input,
their results as one validation report, and the checks of a whole period.
"""

__all__ = ["period_checks", "suites", "validation"]
