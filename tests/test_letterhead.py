"""The letterhead: place and date in each language, blanks left to fill in when undated."""

from datetime import date

from dtreport.inputs.params import params_for
from dtreport.paths import Project
from dtreport.report.letterhead import letterhead, place_and_date, signature


def test_undated_reports_leave_the_day_to_fill_in(project: Project) -> None:
    params = params_for(project, "2024-H1")
    assert place_and_date(params, "vi") == "Bắc Giang, ngày      tháng      năm 2024"
    assert place_and_date(params, "en") == "Bắc Giang, …… 2024"
    dated = params.model_copy(update={"report_date": date(2024, 6, 21)})
    assert place_and_date(dated, "vi") == "Bắc Giang, ngày 21 tháng 6 năm 2024"
    assert place_and_date(dated, "en") == "Bắc Giang, 21 June 2024"


def test_the_year_of_an_undated_report_is_the_as_of_year(project: Project) -> None:
    params = params_for(project, "2024-H1")
    moved = params.model_copy(update={"as_of": date(2025, 1, 10), "place": ""})
    assert place_and_date(moved, "vi") == "ngày      tháng      năm 2025"


def test_the_letterhead_carries_the_params(project: Project) -> None:
    params = params_for(project, "2024-H1")
    vi = letterhead(params, "vi")
    en = letterhead(params, "en")
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG<br>TỈNH BẮC GIANG" in vi and "Số: /BC-STTTT" in vi
    assert '<td class="number blank">' in vi
    assert "Độc lập - Tự do - Hạnh phúc" in vi and "Công văn số 1911/SKHĐT-ĐKKD" in vi
    assert "Independence - Freedom - Happiness" in en and "Official Letter No. 1911" in en
    assert "DEPARTMENT OF INFORMATION AND COMMUNICATIONS<br>OF BẮC GIANG PROVINCE" in en
    # The blanks for the date of signing are printed as written: no line break may slip in.
    assert '<td class="place-date"><em>Bắc Giang, ngày      tháng      năm 2024</em></td>' in vi
    assert "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC" in signature(params, "vi")
    assert "Nguyễn Gia Phong" in signature(params, "en")


def test_the_draft_mark_heads_only_a_draft(project: Project) -> None:
    params = params_for(project, "2024-H1")
    assert 'class="dtreport-draft"' not in letterhead(params, "vi")
    draft = letterhead(params, "vi", draft=True)
    assert draft.index('class="dtreport-draft"') < draft.index('class="letterhead"')
    assert "BẢN NHÁP" in draft


def test_no_reference_and_no_signer_leave_nothing_behind(project: Project) -> None:
    params = params_for(project, "2024-H1").model_copy(
        update={"reference_vi": "", "signer_title_vi": "", "signer_name": ""}
    )
    assert 'class="reference"' not in letterhead(params, "vi")
    assert signature(params, "vi") == ""
