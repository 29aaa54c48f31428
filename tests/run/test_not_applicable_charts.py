"""The report's charts with an indicator that no longer applies, reported all the same."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from dtreport.paths import Project
from dtreport.run.notebook import PeriodReport

VALUES_2026 = (
    "indicator_id,value,reported_status,note\n"
    "QD749-01,100%,,\nQD749-02,100%,,\nQD749-03,92%,,\nQD749-04,75%,,\nQD749-05,100%,,\n"
    'QD749-06,60%,,\nQD749-07,"42,13%",,\nQD749-08,"21,9%",,\nQD749-09,"8,1%",,\n'
    'QD749-10,"85,6%",,\nQD749-11,100%,,\nQD749-12,100% diện tích phủ sóng 4G/5G,Đạt chỉ tiêu,\n'
    "QD749-13,82%,,\n"
)


def test_charts_leave_out_an_indicator_that_no_longer_applies(project: Project) -> None:
    (project.params_dir / "2026-H1.yaml").write_text(
        "period: 2026-H1\nas_of: 2026-06-30\nreporting_unit: Sở KH&CN\n", encoding="utf-8"
    )
    (project.data_dir / "2026-H1").mkdir()
    (project.data_dir / "2026-H1" / "indicators.csv").write_text(VALUES_2026, encoding="utf-8")
    report = PeriodReport.prepare("2026-H1", root=str(project.root))
    values, counts = report.chart_figures()
    # Chart 1 keeps Appendix I's numbers: QD749-03 (No. 3) has no bar, No. 4 keeps its number.
    labels = [t.get_text() for t in values.axes[0].get_yticklabels()]
    assert not any(label.startswith("3.") for label in labels)
    assert any(label.startswith("4.") for label in labels)
    # Chart 2 counts attainment: 12 indicators, none of them "no longer applicable".
    legend = counts.axes[0].get_legend()
    assert legend is not None
    assert "Không còn áp dụng" not in [t.get_text() for t in legend.get_texts()]
    bars = [p for p in counts.axes[0].patches if isinstance(p, Rectangle)]
    assert sum(bar.get_width() for bar in bars) == 12
    html = str(report.charts().html)
    assert "không gồm chỉ tiêu số 3, 10, 11, 12 (" in html  # 10-12: "phổ cập" in 2030
