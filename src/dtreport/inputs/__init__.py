"""Reading a period"s inputs: the tables units send, the figures in them, the indicator
catalogue and its targets, the params file, and one period"s data as a whole.

Everything here reads and checks what it reads (bounded, strict about what a value
means); nothing here computes a status or writes a file.
"""

__all__ = [
    "catalog",
    "history",
    "indicators",
    "limits",
    "merger",
    "metrics",
    "numbers",
    "params",
    "period_data",
    "tables",
    "target",
    "unit_params",
    "units",
    "yamlfile",
]
