"""The method: how each indicator stands against its target, and the period"s summary.

Pure functions over what ``dtreport.inputs`` read (docs/methodology.md names them).
"""

__all__ = ["attainment", "evaluation", "summary", "trajectory"]
