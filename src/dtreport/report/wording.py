"""The layout's own words (closing block, technical annex, contents), in Vietnamese and English.

The report's shared vocabulary is :mod:`dtreport.i18n`; the words here belong to how the
document is laid out, so they sit with its templates. :func:`text` reads this table first
and falls back to :func:`dtreport.i18n.text`, so a template needs one lookup for either.
"""

from __future__ import annotations

from dtreport import i18n
from dtreport.lang import Lang

__all__ = ["quality_statement", "text"]

_TEXT: dict[str, tuple[str, str]] = {
    "recipients": ("Nơi nhận:", "Recipients:"),
    "contents": ("Mục lục", "Contents"),
    "annex": (
        "Phụ lục kỹ thuật: Chất lượng dữ liệu và nguồn gốc",
        "Technical annex: data quality and provenance",
    ),
    "annex_short": ("Phụ lục kỹ thuật", "Technical Annex"),
    "findings": ("Các phát hiện", "Findings"),
    "see_annex": ("xem Phụ lục kỹ thuật", "see the Technical Annex"),
    "checks_ran": (
        "Số liệu đã qua {checks} kiểm tra tự động",
        "The data went through {checks} automated checks",
    ),
    "no_critical": ("không có phát hiện nghiêm trọng", "no critical findings"),
    "critical_one": ("1 phát hiện nghiêm trọng", "1 critical finding"),
    "critical_many": ("{n} phát hiện nghiêm trọng", "{n} critical findings"),
    "no_warning": ("không có cảnh báo", "no warnings"),
    "warning_one": ("1 cảnh báo", "1 warning"),
    "warning_many": ("{n} cảnh báo", "{n} warnings"),
    "info_one": ("1 ghi chú", "1 note"),
    "info_many": ("{n} ghi chú", "{n} notes"),
    "statement_details": (
        "(chi tiết tại Phụ lục kỹ thuật)",
        "(details in the Technical Annex)",
    ),
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The wording for ``key`` in ``lang``: the layout's own, else the report's shared one."""
    if key not in _TEXT:
        return i18n.text(key, lang, **values)
    vi, en = _TEXT[key]
    return (vi if lang == "vi" else en).format(**values)


def quality_statement(checks: int, critical: int, warnings: int, notes: int, lang: Lang) -> str:
    """One sentence on the checks for the report's body; the tables are in the annex.

    "Số liệu đã qua 27 kiểm tra tự động; không có phát hiện nghiêm trọng; 2 cảnh báo (chi
    tiết tại Phụ lục kỹ thuật)." Notes are named only when there are some: a reader of the
    body needs to know of critical findings and warnings, not of their absence twice over.
    """
    parts = [
        text("checks_ran", lang, checks=checks),
        _count("critical", critical, lang) if critical else text("no_critical", lang),
        _count("warning", warnings, lang) if warnings else text("no_warning", lang),
    ]
    if notes:
        parts.append(_count("info", notes, lang))
    return f"{'; '.join(parts)} {text('statement_details', lang)}."


def _count(kind: str, n: int, lang: Lang) -> str:
    """ "1 warning", "2 warnings": English counts take a plural, Vietnamese ones do not."""
    return text(f"{kind}_one" if n == 1 else f"{kind}_many", lang, n=n)
