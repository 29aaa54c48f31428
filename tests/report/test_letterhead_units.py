"""The letterhead of a unit's report: the registry's name where the params leave it out."""

from __future__ import annotations

from collections.abc import Callable

from dtreport.inputs.params import params_for
from dtreport.paths import Project
from dtreport.report.letterhead import letterhead

UNIT = "P24-bac-ninh-2025"


def test_a_unit_named_alone_issues_the_report_in_its_own_name(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project((UNIT, "2025-H2"))
    params = params_for(project, "2025-H2", unit=UNIT)
    assert '<td class="issuer"><strong>TỈNH BẮC NINH</strong>' in letterhead(params, "vi")
    assert '<td class="issuer"><strong>BẮC NINH PROVINCE</strong>' in letterhead(params, "en")


def test_the_registrys_province_ends_the_reporting_office_on_a_line_of_its_own(
    make_unit_project: Callable[..., Project],
) -> None:
    project = make_unit_project((UNIT, "2025-H2"))
    path = project.params_dir / UNIT / "2025-H2.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "reporting_unit: Sở Khoa học và Công nghệ tỉnh Bắc Ninh\n"
        + "reporting_unit_en: Department of Science and Technology of Bắc Ninh province\n",
        encoding="utf-8",
    )
    params = params_for(project, "2025-H2", unit=UNIT)
    assert params.province == "tỉnh Bắc Ninh"  # from the registry
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ<br>TỈNH BẮC NINH" in letterhead(params, "vi")
    en = letterhead(params, "en")
    assert "DEPARTMENT OF SCIENCE AND TECHNOLOGY<br>OF BẮC NINH PROVINCE" in en
