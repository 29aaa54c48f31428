"""``python -m dtreport.cli``: the command line."""

from dtreport.cli import console

console()
