"""dtreport: reproducible digital-transformation progress reports.

A period's data (``data/<period>/``) and the indicator catalogue
(``data/catalog/``) go in; attainment against the catalogue's targets,
data-quality findings and the rendered report come out (``output/<period>/``).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
