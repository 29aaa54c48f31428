"""What a run writes: HTML and PDF (also from a notebook executed elsewhere), the appendix
exports, the fill-in template, the manifest and checksums, the index of reports, and
publishing them atomically.
"""

__all__ = [
    "executed",
    "exports",
    "index",
    "manifest",
    "notebook_execution",
    "notebook_render",
    "provenance",
    "publish",
    "render",
    "template",
]
