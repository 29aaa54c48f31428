"""The document's letterhead and closing block, as Vietnamese administrative reports lay them out.

Left: the issuing unit and the document number; right: the national title and
motto, then place and date. Below: "BÁO CÁO" and the report's title, then the
reference it answers. The date stays blank to be filled in on signing, as the
seed's draft leaves it, unless ``report_date`` is set. At the end: "Nơi nhận:"
(the recipients) on the left and the signer on the right, on one row.

A report for a unit of the registry (params ``unit``) that leaves ``province`` out has the
registry's name there (:func:`dtreport.inputs.params.params_for` fills it in); one that also
leaves ``reporting_unit`` out is issued in the unit's own name ("TỈNH BẮC NINH").
"""

from __future__ import annotations

from markupsafe import Markup

from dtreport.i18n import format_date, text
from dtreport.inputs.params import ReportParams
from dtreport.lang import Lang, pick
from dtreport.report.html import render

__all__ = ["letterhead", "place_and_date", "signature"]

_NATION = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
}


def place_and_date(params: ReportParams, lang: Lang) -> str:
    """ "Bắc Giang, ngày 19 tháng 6 năm 2024", or with blanks to fill in when undated."""
    year = params.as_of.year
    day = params.report_date
    if lang == "vi":
        if day is not None:
            when = f"ngày {day.day} tháng {day.month} năm {day.year}"
        else:
            when = f"ngày      tháng      năm {year}"
    else:
        when = format_date(day, "en") if day is not None else f"…… {year}"
    return f"{params.place}, {when}" if params.place else when


def _unit_lines(unit: str, province: str) -> list[str]:
    """The unit in capitals, its province on a line of its own when the name ends with it.

    Left to the column width, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BẮC GIANG" breaks
    inside "TRUYỀN THÔNG"; the administrative layout breaks before "TỈNH BẮC GIANG".
    """
    if province and len(unit) > len(province) and unit.casefold().endswith(province.casefold()):
        head, tail = unit[: -len(province)].rstrip(), unit[-len(province) :]
        if head.casefold().endswith(" of"):  # "… Communications of" + "Bắc Giang province"
            head, tail = head[:-3].rstrip(), f"{head[-2:]} {tail}"
        return [head.upper(), tail.upper()]
    return [unit.upper()]


def letterhead(params: ReportParams, lang: Lang, draft: bool = False) -> Markup:
    """The header block: unit, number, nation, place and date, "BÁO CÁO", title, reference.

    ``draft`` puts the DRAFT mark above it (the findings are in the data-quality section).
    """
    if lang == "vi":
        unit, province = params.reporting_unit or params.province, params.province
    elif params.reporting_unit_en or not params.reporting_unit:
        unit = params.reporting_unit_en or params.province_en
        province = params.province_en
    else:
        unit, province = params.reporting_unit, params.province
    nation, motto = _NATION[lang]
    number = f"{text('number', lang)} {params.document_number}" if params.document_number else ""
    return render(
        "letterhead.html.j2",
        lang=lang,
        draft=draft,
        unit_lines=_unit_lines(unit, province),
        nation=nation,
        motto=motto,
        number=number,
        # "/BC-STTTT": the number is written in by hand on issue, so leave room before the "/".
        blank_number=params.document_number.startswith("/"),
        place_and_date=place_and_date(params, lang),
        title=pick(lang, params.title_vi, params.title_en),
        reference=pick(lang, params.reference_vi, params.reference_en),
    )


def signature(params: ReportParams, lang: Lang) -> Markup:
    """The closing block: "Nơi nhận:" and its list on the left, the signer on the right.

    The signer's title is split at "/" into its lines ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC").
    Nothing is shown when there is neither a signer nor a recipient.
    """
    title = pick(lang, params.signer_title_vi, params.signer_title_en)
    recipients = pick(lang, params.recipients_vi, params.recipients_en)
    if not (title or params.signer_name or recipients):
        return Markup("")
    return render(
        "signature.html.j2",
        lang=lang,
        title_lines=[part.strip() for part in title.split("/") if part.strip()],
        name=params.signer_name,
        recipients=recipients,
    )
