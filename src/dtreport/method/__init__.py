"""The method: how each indicator stands against its target, the period"s summary, and its
progress over the periods.

Pure functions over what ``dtreport.inputs`` read (docs/methodology.md names them).
"""

__all__ = ["attainment", "evaluation", "progress", "rollup", "summary", "trajectory"]
