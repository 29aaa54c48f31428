"""Supporting figures: read as reported, checked (sums, x out of y, rates), rendered in both languages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from dtreport.checks.period_checks import check_period
from dtreport.inputs.period_data import load_period
from dtreport.method.evaluation import evaluate
from dtreport.paths import Project
from dtreport.report.supporting import supporting_section

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SEED = (ROOT / "data" / "2024-H1" / "metrics.csv").read_text(encoding="utf-8")


def _write(project: Project, text: str) -> None:
    (project.data_dir / "2024-H1" / "metrics.csv").write_text(text, encoding="utf-8")


def _findings(project: Project) -> list[tuple[str, int | None, str | None, str]]:
    inputs = load_period(project, "2024-H1")
    report = check_period(inputs, evaluate(inputs).findings)
    return [(f.check, f.location.row, f.location.column, f.message) for f in report.findings]


def test_the_seed_figures_are_read_as_printed(project: Project) -> None:
    metrics = {m.id: m for m in load_period(project, "2024-H1").metrics}
    assert len(metrics) == 24
    expected = {
        "online_services_total": "1728", "online_services_partial": "908", "online_services_full": "820",
        "rate_satisfaction": "97.44", "rate_online_payment": "70.5", "rate_data_reuse": "82.72",
        "systems_rated": "94", "security_alerts": "4403", "security_incidents": "15",
        "antivirus_machines": "1000", "ngsp_services": "17", "lgsp_internal_services": "2",
        "shared_data_catalogues": "39", "open_data_catalogues_planned": "92",
        "open_data_published": "94", "network_districts": "10", "network_communes": "209",
        "network_land_offices": "10",
    }  # fmt: skip
    for metric_id, number in expected.items():
        assert metrics[metric_id].value.number == Decimal(number), metric_id
    rates = [m.value.text for m in metrics.values() if m.id.startswith("rate_")]
    assert rates == ["96%", "99%", "97.44%", "70.5%", "80.45%", "79.8%", "82.72%"]
    assert _findings(project) == []


def test_a_wrong_total_is_caught(project: Project) -> None:
    _write(project, SEED.replace("Dịch vụ công trực tuyến toàn trình,End-to-end online public services,820",
                                 "Dịch vụ công trực tuyến toàn trình,End-to-end online public services,821"))  # fmt: skip
    [(check, row, column, message)] = _findings(project)
    assert (check, row, column) == ("parts_sum", 9, "value")
    assert message == "online_services_total is 1.728 but its parts (908 + 821) add up to 1.729"


def test_x_out_of_y_above_y_is_caught(project: Project) -> None:
    _write(project, SEED.replace("an toàn thông tin,Information systems with an approved security level,94",
                                 "an toàn thông tin,Information systems with an approved security level,95"))  # fmt: skip
    [(check, row, column, message)] = _findings(project)
    assert (check, row, column) == ("within_total", 21, "value")
    assert "systems_rated is 95, more than systems_total (94)" in message


def test_a_rate_outside_0_100_and_a_bad_reference_are_caught(project: Project) -> None:
    text = SEED.replace(",97.44%,percent,", ",107.44%,percent,").replace(
        ",908,count,online_services_total,", ",908,count,online_services_all,"
    )
    _write(project, text)
    found = {(check, row, column) for check, row, column, _ in _findings(project)}
    assert ("metric_rate_range", 15, "value") in found
    assert ("metric_reference", 10, "part_of") in found


def test_supporting_figures_render_in_both_languages(project: Project) -> None:
    metrics = load_period(project, "2024-H1").metrics
    vi = supporting_section(metrics, "vi", project.root)
    en = supporting_section(metrics, "en", project.root)
    assert "1.728" in vi and "97,44%" in vi and "94/94 (100%)" in vi and "4.403" in vi
    assert "1,728" in en and "97.44%" in en and "94/94 (100%)" in en and "4,403" in en
    assert "Đảm bảo an toàn, an ninh mạng" in vi and "Cyber security" in en
    # Each figure names its input row, relative to the project.
    assert 'title="data/2024-H1/metrics.csv, dòng 9"' in vi
    assert 'title="data/2024-H1/metrics.csv, row 9"' in en
