"""The report's content in both languages: letterhead, sections, supporting figures,
charts, Appendix I, the changes over periods and Appendix II, the technical annex and the
closing block, each a fragment from an autoescaped template.
"""

__all__ = [
    "appendix",
    "charts",
    "derived",
    "html",
    "letterhead",
    "progress",
    "rollup",
    "rollup_place",
    "sections",
    "supporting",
]
