"""The letterhead: place and date in each language, blanks left to fill in when undated."""

from dataclasses import replace

from dtreport.letterhead import letterhead, place_and_date, signature
from dtreport.params import params_for
from dtreport.paths import Project


def test_undated_reports_leave_the_day_to_fill_in(project: Project) -> None:
    params = params_for(project, "2024-H1")
    assert place_and_date(params, "vi") == "Bắc Giang, ngày      tháng      năm 2024"
    dated = replace(params, report_date="2024-06-21")
    assert place_and_date(dated, "vi") == "Bắc Giang, ngày 21 tháng 6 năm 2024"
    assert place_and_date(dated, "en") == "Bắc Giang, 21 June 2024"


def test_the_letterhead_carries_the_params(project: Project) -> None:
    params = params_for(project, "2024-H1")
    vi = letterhead(params, "vi")
    en = letterhead(params, "en")
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG<br>TỈNH BẮC GIANG" in vi and "Số: /BC-STTTT" in vi
    assert "Độc lập - Tự do - Hạnh phúc" in vi and "Công văn số 1911/SKHĐT-ĐKKD" in vi
    assert "Independence - Freedom - Happiness" in en and "Official Letter No. 1911" in en
    assert "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC" in signature(params, "vi")
    assert "Nguyễn Gia Phong" in signature(params, "en")
