"""The letterhead and the closing block: place and date in each language, blanks left to fill
in when undated; "Nơi nhận:" and the signer from the params."""

import re
from datetime import date

import pytest

from dtreport.errors import ValidationFailed
from dtreport.inputs.params import load_params, params_for
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
        update={"reference_vi": "", "signer_title_vi": "", "signer_name": "", "recipients_vi": ()}
    )
    assert 'class="reference"' not in letterhead(params, "vi")
    assert signature(params, "vi") == ""


# ---- the closing block: "Nơi nhận:" on the left, the signer on the right -------------------


def test_the_closing_block_lists_the_recipients_from_the_params(project: Project) -> None:
    params = params_for(project, "2024-H1")
    vi = signature(params, "vi")
    assert '<p class="recipients-heading"><strong><em>Nơi nhận:</em></strong></p>' in vi
    items = [f"<li>- {item}</li>" for item in params.recipients_vi]
    assert items == [
        "<li>- Sở Kế hoạch và Đầu tư;</li>", "<li>- Lãnh đạo Sở (b/c);</li>",
        "<li>- Các phòng, đơn vị thuộc Sở;</li>", "<li>- Lưu: VT.</li>",
    ]  # fmt: skip
    positions = [vi.index(item) for item in items]
    assert positions == sorted(positions), "in the params' order, the archive line last"
    en = signature(params, "en")
    assert "<strong><em>Recipients:</em></strong>" in en and "Nơi nhận" not in en
    assert "<li>- Department of Planning and Investment;</li>" in en
    assert en.index("Divisions and units of the Department;") < en.index("Filed: Records Office.")
    for shown in (vi, en):
        # One row: the recipients' cell, then the signer's; title bold, then the space, the name.
        row = shown[shown.index("<tr>") : shown.index("</tr>")]
        assert row.index('<td class="recipients">') < row.index('<td class="signature">')
        signer = row[row.index('<td class="signature">') :]
        assert signer.index('<strong class="signer-title">') < signer.index('class="sign-space"')
        assert signer.index('class="sign-space"') < signer.index(
            '<strong class="signer-name">Nguyễn Gia Phong</strong>'
        )
    assert "FOR THE DIRECTOR<br>DEPUTY DIRECTOR" in en


def test_recipients_without_a_signer_keep_their_place(project: Project) -> None:
    params = params_for(project, "2024-H1").model_copy(
        update={"signer_title_vi": "", "signer_name": ""}
    )
    shown = signature(params, "vi")
    assert "Nơi nhận:" in shown and 'class="signer-title"' not in shown
    assert '<td class="signature">\n</td>' in shown


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Sở Kế hoạch và Đầu tư; Lưu: VT.", "recipients_vi must be a list of text, not one text"),
        (["Sở Kế hoạch và Đầu tư;", 7], "recipients_vi item 2 must be text, not a number"),
        (["Sở Kế hoạch và Đầu tư;", ""], "recipients_vi item 2 must not be empty"),
        ({"to": "Sở"}, "recipients_vi must be a list of text, not a mapping"),
    ],
)
def test_recipients_are_a_list_of_text(project: Project, value: object, message: str) -> None:
    path = project.params_dir / "2024-H1.yaml"
    with pytest.raises(ValidationFailed, match=re.escape(message)):
        load_params(path, project.root, {"recipients_vi": value})


def test_recipients_default_to_none_and_read_as_written(project: Project) -> None:
    path = project.params_dir / "2024-H1.yaml"
    lines = path.read_text(encoding="utf-8").split("recipients_vi:")[0]
    path.write_text(lines, encoding="utf-8")
    params = load_params(path, project.root)
    assert params.recipients_vi == () and params.recipients_en == ()
    given = load_params(path, project.root, {"recipients_en": ["  Department   of Planning; "]})
    assert given.recipients_en == ("Department of Planning;",)
