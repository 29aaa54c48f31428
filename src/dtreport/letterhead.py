"""The document's letterhead and signature, as Vietnamese administrative reports lay them out.

Left: the issuing unit and the document number; right: the national title and
motto, then place and date. Below: "BÁO CÁO" and the report's title, then the
reference it answers. The date stays blank to be filled in on signing, as the
seed's draft leaves it, unless ``report_date`` is set.
"""

from __future__ import annotations

from datetime import date
from html import escape

from dtreport.i18n import format_date, text
from dtreport.params import ReportParams

__all__ = ["letterhead", "place_and_date", "signature"]

_NATION = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}


def place_and_date(params: ReportParams, lang: str) -> str:
    """ "Bắc Giang, ngày 19 tháng 6 năm 2024", or with blanks to fill in when undated."""
    year = params.as_of_date.year
    if lang == "vi":
        if params.report_date:
            day = date.fromisoformat(params.report_date)
            when = f"ngày {day.day} tháng {day.month} năm {day.year}"
        else:
            when = f"ngày      tháng      năm {year}"
    else:
        when = (
            format_date(date.fromisoformat(params.report_date), "en")
            if params.report_date
            else f"…… {year}"
        )
    return f"{params.place}, {when}" if params.place else when


def _unit_lines(unit: str, province: str) -> str:
    """The unit in capitals, its province on a line of its own when the name ends with it.

    Left to the column width, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BẮC GIANG" breaks
    inside "TRUYỀN THÔNG"; the administrative layout breaks before "TỈNH BẮC GIANG".
    """
    if province and len(unit) > len(province) and unit.casefold().endswith(province.casefold()):
        head, tail = unit[: -len(province)].rstrip(), unit[-len(province) :]
        if head.casefold().endswith(" of"):  # "… Communications of" + "Bắc Giang province"
            head, tail = head[:-3].rstrip(), f"{head[-2:]} {tail}"
        return f"{escape(head.upper())}<br>{escape(tail.upper())}"
    return escape(unit.upper())


def letterhead(params: ReportParams, lang: str) -> str:
    """The header block: unit, number, nation, place and date, "BÁO CÁO", title, reference."""
    if lang == "vi":
        unit, province = params.reporting_unit, params.province
    else:
        unit = params.reporting_unit_en or params.reporting_unit
        province = params.province_en if params.reporting_unit_en else params.province
    nation, motto = _NATION[lang]
    number = f"{text('number', lang)} {params.document_number}" if params.document_number else ""
    # "/BC-STTTT": the number is written in by hand on issue, so leave room before the "/".
    blank = " blank" if params.document_number.startswith("/") else ""
    title = params.title_vi if lang == "vi" else params.title_en
    reference = params.reference_vi if lang == "vi" else params.reference_en
    return (
        '<table class="letterhead">'
        f'<tr><td class="issuer"><strong>{_unit_lines(unit, province)}</strong>'
        '<div class="rule"></div></td>'
        f'<td class="nation"><strong>{nation}</strong><br>'
        f'<strong class="motto">{motto}</strong></td></tr>'
        f'<tr><td class="number{blank}">{escape(number)}</td>'
        f'<td class="place-date"><em>{escape(place_and_date(params, lang))}</em></td></tr>'
        "</table>"
        f'<p class="doc-kind">{text("report", lang).upper()}</p>'
        f'<p class="doc-title">{escape(title)}</p>'
        + (f'<p class="reference">{escape(reference)}</p>' if reference else "")
    )


def signature(params: ReportParams, lang: str) -> str:
    """The signature block: the signer's title and name (left blank when not given)."""
    title = params.signer_title_vi if lang == "vi" else params.signer_title_en
    if not (title or params.signer_name):
        return ""
    lines = "<br>".join(escape(part.strip()) for part in title.split("/") if part.strip())
    return (
        f'<div class="signature"><strong>{lines}</strong>'
        f'<div class="sign-space"></div><strong>{escape(params.signer_name)}</strong></div>'
    )
