"""The report"s content in both languages: letterhead, sections, supporting figures,
charts and Appendix I, each a fragment from an autoescaped template.
"""

__all__ = ["appendix", "charts", "html", "letterhead", "sections", "supporting"]
