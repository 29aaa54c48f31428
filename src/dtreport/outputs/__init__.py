"""What a run writes: HTML and PDF, the appendix exports, the fill-in template, the
manifest and checksums, the index of reports, and publishing them atomically.
"""

__all__ = [
    "executed",
    "exports",
    "index",
    "manifest",
    "provenance",
    "publish",
    "render",
    "template",
]
