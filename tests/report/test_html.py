"""Every HTML dtreport writes comes from autoescaping templates: text never becomes markup."""

from __future__ import annotations

import ast
import csv
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import yaml
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from dtreport.checks.validation import Outcome, ValidationReport
from dtreport.errors import Location
from dtreport.findings import Finding, Severity
from dtreport.inputs.metrics import Metric
from dtreport.inputs.numbers import ReportedValue, Unit
from dtreport.inputs.params import ReportParams, param_names
from dtreport.method.evaluation import PeriodResult
from dtreport.paths import Project
from dtreport.report import sections
from dtreport.report.appendix import Appendix, AppendixRow
from dtreport.report.html import TEMPLATES_DIR, concat, render
from dtreport.report.letterhead import letterhead, signature
from dtreport.report.supporting import supporting_section
from dtreport.run.notebook import HTML, PeriodReport

REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
SRC = REPO / "src" / "dtreport"
# Breaks out of an element and out of a quoted attribute alike, were it inserted raw.
PAYLOAD = '<img src=x onerror=alert(1)>"\' onmouseover="alert(2)'
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;&#34;&#39; onmouseover=&#34;alert(2)"
ROOT = Path("/project")


class _Tags(HTMLParser):
    """The start tags of a document and every attribute name, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def assert_inert(html: str) -> None:
    """No tag or attribute in ``html`` came from the text: no img or script, no on* handler."""
    parsed = _Tags()
    parsed.feed(html)
    assert not parsed.tags & {"img", "script", "iframe", "object"}, parsed.tags
    assert not [a for a in parsed.attributes if a.startswith("on")], parsed.attributes


# The params keys that hold no free text: a date, a choice, a flag, an id, numbers.
NOT_TEXT = ("period", "as_of", "catalog", "lang", "report_date", "illustrative", "unit",
            "predecessor_weights")  # fmt: skip


def _params(value: str) -> ReportParams:
    """Params whose every text field holds ``value`` followed by the field's name."""
    lists = ("recipients_vi", "recipients_en")
    fields: dict[str, object] = {
        name: [f"{value} {name}"] if name in lists else f"{value} {name}"
        for name in param_names()
        if name not in NOT_TEXT
    }
    # The province ends the unit's name, as in "Sở … tỉnh Bắc Giang", so the unit is split.
    fields["province"] = f"tỉnh {value}"
    fields["reporting_unit"] = f"Sở {value} tỉnh {value}"
    return ReportParams.model_validate(
        {**fields, "period": "2024-H1", "as_of": "2024-06-19", "report_date": "2024-06-21"}
    )


# ---- params ------------------------------------------------------------------------------


def test_markup_in_every_params_text_field_is_shown_as_text() -> None:
    params = _params(PAYLOAD)
    shown = "".join(
        letterhead(params, lang, draft=True) + signature(params, lang) for lang in ("vi", "en")
    )
    assert_inert(shown)
    for name in ("document_number", "place", "title_vi", "title_en", "reference_vi",
                 "reference_en", "signer_name", "recipients_vi", "recipients_en"):  # fmt: skip
        assert f"{ESCAPED} {name}" in shown, name
    # The signer's title is printed in capitals, as the layout asks.
    for name in ("signer_title_vi", "signer_title_en"):
        assert escape(f"{PAYLOAD} {name}".upper()) in shown, name
    # The unit is printed in capitals, its province on a line of its own.
    assert f"{escape(f'SỞ {PAYLOAD}'.upper())}<br>{escape(f'TỈNH {PAYLOAD}'.upper())}" in shown
    assert escape(f"{PAYLOAD} reporting_unit_en".upper()) in shown


def test_a_period_placeholder_survives_whole() -> None:
    params = _params("data/<kỳ>/metrics.csv ‹kỳ>")
    shown = letterhead(params, "vi")
    assert '<p class="doc-title">data/&lt;kỳ&gt;/metrics.csv ‹kỳ&gt; title_vi</p>' in shown


def test_no_metrics_names_its_file_whole() -> None:
    vi = supporting_section([], "vi")
    en = supporting_section([], "en")
    assert "<p>Kỳ này không có số liệu bổ sung (data/&lt;kỳ&gt;/metrics.csv).</p>" in vi
    assert "(data/&lt;period&gt;/metrics.csv).</p>" in en
    assert_inert(vi + en)


# ---- figures, findings, files ------------------------------------------------------------


def _metric(**changes: Any) -> Metric:
    values: dict[str, Any] = {
        "id": "online_services",
        "section": "public_services",
        "name_vi": f"Dịch vụ {PAYLOAD}",
        "name_en": f"Services {PAYLOAD}",
        "value": ReportedValue("908", Decimal(908)),
        "unit": Unit.COUNT,
        "part_of": "",
        "out_of": "",
        "note": f"Ghi chú {PAYLOAD} ‹kỳ> <kỳ>",
        "location": Location(f"data/{PAYLOAD}/metrics.csv", 9),
    }
    return Metric(**{**values, **changes})


def test_markup_in_a_figures_name_note_and_file_is_shown_as_text() -> None:
    whole = _metric(id="whole", name_vi=f"Tổng {PAYLOAD}", note="")
    part = _metric(id="part", part_of="whole", out_of="whole", value=ReportedValue(
        f"454 {PAYLOAD}", Decimal(454)))  # fmt: skip
    shown = supporting_section([whole, part], "vi")
    assert_inert(shown)
    assert f"<td>Dịch vụ {ESCAPED}</td>" in shown
    assert f"Thuộc tổng {ESCAPED}; Ghi chú {ESCAPED} ‹kỳ&gt; &lt;kỳ&gt;</td>" in shown
    assert f'title="data/{ESCAPED}/metrics.csv, dòng 9"' in shown
    assert '<h3 id="tasks-1">2.1. Phát triển, cung cấp các ứng dụng' in shown


def test_markup_in_an_indicators_value_note_and_source_is_shown_as_text() -> None:
    row = AppendixRow(
        is_pillar=False, number="1", name=f"Tỷ lệ {PAYLOAD}", value=f"100% {PAYLOAD}",
        remark=PAYLOAD, target="100%", status="Đạt chỉ tiêu", status_code="met",
        assessed_by_unit=PAYLOAD, indicator_id=f"QD749-01{PAYLOAD}",
        source=f"data/{PAYLOAD}/indicators.csv, dòng 2", note=f"ước tính {PAYLOAD} <kỳ>",
    )  # fmt: skip
    pillar = AppendixRow(is_pillar=True, number="I", name=f"CHÍNH PHỦ SỐ {PAYLOAD}")
    appendix = Appendix(
        lang="vi", heading=f"PHỤ LỤC I {PAYLOAD}", title=PAYLOAD, subtitle=PAYLOAD,
        columns=("STT", "Tên chỉ tiêu", PAYLOAD, "Mục tiêu 2025", "Mức hoàn thành"),
        rows=(pillar, row), as_of=date(2024, 6, 19),
    )  # fmt: skip
    shown = sections.appendix_section(appendix)
    assert_inert(shown)
    assert f'<tr class="pillar"><td>I</td><td colspan="4">CHÍNH PHỦ SỐ {ESCAPED}</td></tr>' in shown
    assert f'data-indicator="QD749-01{ESCAPED}" title="data/{ESCAPED}/indicators.csv, dòng 2"' in (
        shown
    )
    # The unit's note follows the value on a line of its own, in italics.
    assert (
        f"<td>100% {ESCAPED} <em>({ESCAPED})</em><br><em>Ghi chú: ước tính {ESCAPED} &lt;kỳ&gt;</em></td>"
        in shown
    )
    assert f'<td class="status status-met">Đạt chỉ tiêu<br><small>{ESCAPED}</small></td>' in shown


def test_an_indicator_without_a_note_shows_no_note_line() -> None:
    row = AppendixRow(is_pillar=False, number="1", name="Tỷ lệ", value="100%", status="Met",
                      status_code="met", indicator_id="QD749-01", source="x")  # fmt: skip
    appendix = Appendix("en", "APPENDIX I", "t", "s", ("No.", "a", "b", "c", "d"), (row,),
                        date(2024, 6, 19))  # fmt: skip
    shown = sections.appendix_section(appendix)
    assert "<td>100%</td>" in shown and "Note:" not in shown
    noted = replace(appendix, rows=(replace(row, note="estimate <kỳ>"),))
    assert "<td>100%<br><em>Note: estimate &lt;kỳ&gt;</em></td>" in sections.appendix_section(noted)


def test_markup_in_a_finding_and_a_file_path_is_shown_as_text() -> None:
    finding = Finding(
        Severity.WARNING, f"share_range{PAYLOAD}", f"175% {PAYLOAD}",
        Location(f"data/{PAYLOAD}/indicators.csv", 5, f"value{PAYLOAD}"),
    )  # fmt: skip
    outcome = Outcome(f"indicators{PAYLOAD}", "share_range", Severity.WARNING, "x", "value",
                      False, 1)  # fmt: skip
    shown = sections.quality_section(ValidationReport([finding], [outcome]), "en")
    assert_inert(shown)
    assert f"<td>data/{ESCAPED}/indicators.csv, row 5, column value{ESCAPED}</td>" in shown
    assert f"<td>175% {ESCAPED}</td>" in shown and f"<code>share_range{ESCAPED}</code>" in shown
    provenance = sections.provenance_section(
        {f"params/{PAYLOAD}.yaml": "ab12"}, {"dtreport": PAYLOAD}, "vi"
    )
    assert_inert(provenance)
    assert f"<tr><td><code>params/{ESCAPED}.yaml</code></td><td><code>ab12</code></td></tr>" in (
        provenance
    )
    assert f'<p class="versions">dtreport {ESCAPED}</p>' in provenance


def _summary_result(sentence: str, pillar: str) -> PeriodResult:
    """Just what the summary section reads of a period's result."""
    catalog = SimpleNamespace(pillars=[("I", pillar, pillar)])
    return cast(
        PeriodResult,
        SimpleNamespace(
            assessments=[], inputs=SimpleNamespace(catalog=catalog), sentence=lambda lang: sentence
        ),
    )


def test_markup_in_the_summary_sentence_and_a_pillar_name_is_shown_as_text() -> None:
    shown = sections.summary_section(_summary_result(f"Tỉnh {PAYLOAD}", PAYLOAD), "vi")
    assert_inert(shown)
    assert f'<p class="summary">Tỉnh {ESCAPED}</p>' in shown
    assert f"<td>I. {ESCAPED}</td>" in shown


def _rewrite_csv(path: Path, change: dict[tuple[str, str], str]) -> None:
    """Set ``change[(row id, column)]`` in the CSV at ``path`` (ids in its first column)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for (ident, column), value in change.items():
            if next(iter(row.values())) == ident:
                row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_report_run_shows_markup_from_its_inputs_as_text(project: Project) -> None:
    """Params values, a params file's name, a figure and an indicator, through the notebook's calls."""
    seed = yaml.safe_load((project.params_dir / "2024-H1.yaml").read_text(encoding="utf-8"))
    texts = ("reporting_unit", "reporting_unit_en", "province", "province_en", "document_number",
             "place", "title_vi", "title_en", "reference_vi", "reference_en", "signer_title_vi",
             "signer_title_en", "signer_name")  # fmt: skip
    seed.update({key: f"{seed[key]} {PAYLOAD}" for key in texts})
    seed["recipients_vi"] = [f"Sở Kế hoạch và Đầu tư {PAYLOAD};", "Lưu: VT."]
    params = project.params_dir / "<img src=x onerror=alert(1)>.yaml"
    params.write_text(yaml.safe_dump(seed, allow_unicode=True), encoding="utf-8")
    data = project.data_dir / "2024-H1"
    _rewrite_csv(data / "metrics.csv", {("network_districts", "name_vi"): f"Huyện {PAYLOAD}",
                                        ("network_districts", "note"): f"<kỳ> {PAYLOAD}"})  # fmt: skip
    _rewrite_csv(data / "indicators.csv", {("QD749-12", "value"): f"78% điện thoại {PAYLOAD}",
                                           ("QD749-01", "note"): f"ước tính {PAYLOAD}"})  # fmt: skip

    run = PeriodReport.prepare("2024-H1", str(params), str(project.root), draft=True)
    parts = [run.letterhead(), run.summary(), run.supporting(), run.provenance(), run.appendix()]
    shown = "".join(part._repr_html_() for part in parts)

    assert_inert(shown)
    assert f"<code>params/{escape('<img src=x onerror=alert(1)>')}.yaml</code>" in shown
    assert f"Tình hình thực hiện Nghị quyết số 58/NQ-CP ngày 21/4/2023 {ESCAPED}" in shown
    assert f"<td>Huyện {ESCAPED}</td>" in shown and f"<td>&lt;kỳ&gt; {ESCAPED}</td>" in shown
    assert f"78% điện thoại {ESCAPED}" in shown
    assert f"<br><em>Ghi chú: ước tính {ESCAPED}</em></td>" in shown
    assert f"tỉnh Bắc Giang {ESCAPED}" in shown  # the summary sentence names the province
    assert f"<li>- Sở Kế hoạch và Đầu tư {ESCAPED};</li>" in shown
    assert repr(parts[0]) == "<dtreport.run.notebook.HTML>"


# ---- the quality section never says more than it knows -----------------------------------


def _outcome(success: bool) -> Outcome:
    return Outcome("indicators", "share_range", Severity.WARNING, "x", "value", success, 0)


def test_every_check_passed_only_without_findings_or_failed_checks() -> None:
    ok = sections.quality_section(ValidationReport([], [_outcome(True)]), "en")
    assert "Every data check passed; there are no findings." in ok
    warning = Finding(Severity.WARNING, "share_range", "a warning", Location("x.csv", 2))
    with_warning = sections.quality_section(ValidationReport([warning], [_outcome(True)]), "en")
    assert "Every data check passed" not in with_warning
    assert '<tr class="finding-warning"><td>Warning</td>' in with_warning
    failed = sections.quality_section(ValidationReport([], [_outcome(False)]), "en")
    assert "Every data check passed" not in failed and "<td>Failed</td>" in failed


# ---- the environment ---------------------------------------------------------------------


def test_render_escapes_text_and_keeps_rendered_markup() -> None:
    chart = render("chart.html.j2", png="iVBOR", caption="<kỳ>", alt='a"b')
    assert chart == (
        '<figure class="dtreport-chart"><img alt="a&#34;b" src="data:image/png;base64,iVBOR">'
        "<figcaption>&lt;kỳ&gt;</figcaption></figure>"
    )
    assert isinstance(chart, Markup)
    assert concat(chart, "<b>x</b>") == chart + Markup("&lt;b&gt;x&lt;/b&gt;")


def test_a_missing_value_fails_the_render_instead_of_printing_nothing() -> None:
    with pytest.raises(UndefinedError):
        render("chart.html.j2", png="iVBOR", alt="x")


def test_the_notebook_gets_markup_and_a_repr_without_an_address() -> None:
    fragment = HTML(Markup("<p>Đạt</p>"))
    assert fragment._repr_html_() == "<p>Đạt</p>"
    assert repr(fragment) == repr(HTML(Markup("<p>khác</p>"))) == "<dtreport.run.notebook.HTML>"
    assert HTML(cast(Markup, "<p>x</p>"))._repr_html_() == "&lt;p&gt;x&lt;/p&gt;"


def test_templates_never_turn_escaping_off() -> None:
    templates = sorted(TEMPLATES_DIR.glob("*.j2"))
    assert templates
    for path in templates:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", source), path.name


# ---- no HTML built from strings in the code ----------------------------------------------

_TAG = re.compile(
    r"<\s*/?\s*(?:a|body|br|caption|code|div|em|figcaption|figure|h[1-6]|head|html|img|li|"
    r"meta|ol|p|script|section|small|span|strong|style|table|tbody|td|th|thead|title|tr|ul)"
    r"(?=[\s/>]|$)",
    re.IGNORECASE,
)
# A literal that is not written anywhere: it warms the PDF engine up while the kernel starts.
_ALLOWED = {("pipeline.py", "<html><body><p>Đạt chỉ tiêu</p></body></html>")}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_in_code(path: Path) -> list[str]:
    """Each string literal or f-string of ``path`` holding an HTML tag (docstrings aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # An f-string's literal parts are read with the f-string, not again on their own.
    skipped = _docstrings(tree) | {
        id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
        for part in node.values
    }  # fmt: skip
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            literal = "{}".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skipped:
                continue
            literal = node.value
        else:
            continue
        if _TAG.search(literal) and (path.name, literal) not in _ALLOWED:
            found.append((node.lineno, f"{path.name}:{node.lineno}: {literal[:80]!r}"))
    return [hit for _, hit in sorted(found)]


def test_the_scan_finds_html_in_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A <td> in a docstring is prose."""\n'
        'x = 1\nrow = f"<tr><td>{x}</td></tr>"\ncell = "<TD class=\'n\'>"\nbr = "a" + "<br>"\n'
        'fine = "a < b, <period>, <kỳ>, <dtreport.run.notebook.HTML>"\n',
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in html_in_code(sample)] == ["3", "4", "5"]


def test_no_html_is_built_from_strings_in_the_code() -> None:
    found = [hit for path in sorted(SRC.rglob("*.py")) for hit in html_in_code(path)]
    assert found == [], "\n".join(found)
