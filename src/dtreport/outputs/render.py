"""Render an executed report notebook to self-contained HTML and an A4 PDF.

The HTML is a single offline file: no script, no CDN, the stylesheet inline and the
shipped Liberation fonts embedded as base64 ``data:`` URIs. The PDF is WeasyPrint's
rendering of that same HTML, so both outputs share one stylesheet
(``assets/report.css``, plus ``assets/draft.css`` for drafts) and no system font is
needed: a fresh machine produces the same pages.
"""

from __future__ import annotations

import base64
import copy
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from dtreport.paths import ASSETS_DIR, FONTS_DIR

__all__ = [
    "ANALYST_TAG",
    "DRAFT_MARK",
    "INJECTED_PARAMETERS_TAG",
    "html_to_pdf",
    "notebook_to_html",
]


# nbconvert wants a folder holding template folders, and the template's name inside it.
TEMPLATES_DIR = ASSETS_DIR / "templates"
TEMPLATE_NAME = "dtreport"

# Kept in step with the @top-center content in assets/draft.css.
DRAFT_MARK = "BẢN NHÁP — DRAFT"
WATERMARK = "BẢN NHÁP"

# papermill tags the cell it inserts with the run's parameters; readers never see it.
INJECTED_PARAMETERS_TAG = "injected-parameters"
# Cells written for analysts working in the notebook (how to run it), not for readers.
ANALYST_TAG = "analyst-only"
_HIDDEN_TAGS = frozenset({INJECTED_PARAMETERS_TAG, ANALYST_TAG})

# Output kinds worth printing, best first. JavaScript, widgets and Mermaid are left out:
# they need scripts (often fetched from a CDN) that neither paper nor an offline file runs.
# PNG/JPEG rank above LaTeX because nothing typesets raw LaTeX without MathJax.
OUTPUT_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/plain",
]

# Screen readers need some alt text; a chart's own text lives in the surrounding prose.
_IMAGE_ALT = {"vi": "Hình minh họa", "en": "Figure"}
_DEFAULT_IMAGE_ALT = "Figure"

# BCP 47 shape (language, then optional subtags); anything else would break the attribute.
_LANG_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# The stylesheets name fonts relative to themselves: url("fonts/<file>.ttf").
_FONT_URL_RE = re.compile(r"""url\(\s*["']?fonts/([A-Za-z0-9_.-]+\.ttf)["']?\s*\)""")

# WeasyPrint reports unsupported CSS as warnings and fontTools chatters while subsetting;
# the stylesheet is kept clean (tests check it), so what is left is noise in a batch run.
_QUIET_LOGGERS = ("weasyprint", "fontTools")


@cache
def _font_data_uri(filename: str) -> str:
    """The shipped font ``filename`` as a data: URI (read once per process, ~0.5 MB each)."""
    path = FONTS_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"report stylesheet names a font that is not shipped: {path}")
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'url("data:font/ttf;base64,{encoded}")'


def _inline_fonts(css: str) -> str:
    """Replace every ``url("fonts/X.ttf")`` with the font's bytes, for an offline file."""
    return _FONT_URL_RE.sub(lambda match: _font_data_uri(match.group(1)), css)


def _file_fonts(css: str) -> str:
    """Point every ``url("fonts/X.ttf")`` at the shipped file (for printing, not for sharing)."""
    return _FONT_URL_RE.sub(lambda match: f'url("{(FONTS_DIR / match.group(1)).as_uri()}")', css)


_FILE_FONT_RE = re.compile(
    r'url\("' + re.escape(FONTS_DIR.as_uri()) + r'/([A-Za-z0-9_.-]+\.ttf)"\)'
)


def embed_fonts(html: str) -> str:
    """Turn an HTML rendered with ``embed_fonts=False`` into the self-contained one.

    WeasyPrint reads fonts from files faster than it decodes megabytes of base64, so
    the pipeline prints the file-font variant and publishes this embedded one; both
    come from one nbconvert pass.
    """
    return _FILE_FONT_RE.sub(lambda match: _font_data_uri(match.group(1)), html)


def _stylesheet(draft: bool, embed: bool = True) -> str:
    """The report stylesheet (plus the draft layer), fonts inlined.

    Read on every call (it is small) so a stylesheet edit shows on the next render in a
    long-lived session; only the font encoding is cached.
    """
    css = (ASSETS_DIR / "report.css").read_text(encoding="utf-8")
    if draft:
        # After report.css so its @page margin box adds to the base @page rule.
        css += "\n" + (ASSETS_DIR / "draft.css").read_text(encoding="utf-8")
    return _inline_fonts(css) if embed else _file_fonts(css)


def _printable(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without what a reader must not see.

    Drops papermill's injected-parameters cell (its outputs, if any, would show run
    internals), cells tagged for analysts only, and stderr streams (library warnings,
    progress bars), which are
    diagnostics for the operator, not report content; they stay in the executed
    notebook kept next to the report.
    """
    clean = copy.deepcopy(nb)
    clean.cells = [
        cell
        for cell in clean.cells
        if not _HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", []))
    ]
    for cell in clean.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if not (output.get("output_type") == "stream" and output.get("name") == "stderr")
            ]
    return clean


def notebook_to_html(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    lang: str = "vi",
    draft: bool = False,
    embed_fonts: bool = True,
) -> str:
    """Render an executed notebook as one self-contained HTML document.

    With ``embed_fonts=False`` the fonts are ``file:`` URLs to the shipped files
    instead: quicker to print, and :func:`embed_fonts` turns it into the shareable one.

    Only cell outputs and markdown appear: no code, no prompts, no anchor links, no
    injected parameters, no stderr. The result references no network address (no
    scripts, CSS inline, fonts and images as data: URIs) and is what :func:`html_to_pdf`
    prints.

    Args:
        nb: The executed notebook (it is not modified).
        title: The document title (``<title>``; also the PDF's title metadata).
        lang: BCP 47 language of the content, for ``<html lang>`` (hyphenation,
            screen readers).
        draft: Mark the document as a draft: a banner on top, a header line on every
            printed page and a diagonal watermark.

    Raises:
        ValueError: ``lang`` is not a language tag.
    """
    if not _LANG_RE.fullmatch(lang):
        raise ValueError(f"not a BCP 47 language tag: {lang!r}")
    # nbconvert ships py.typed but leaves __init__ untyped.
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        config=Config(
            {
                "NbConvertBase": {"display_data_priority": OUTPUT_PRIORITY},
                # The lab template's pygments CSS styles code cells, and none are shown.
                "CSSHTMLHeaderPreprocessor": {"enabled": False},
            }
        ),
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        template_name=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # The "¶" links only make sense on screen next to a live heading.
        exclude_anchor_links=True,
    )
    resources = {
        "dtreport": {
            "title": title,
            "lang": lang,
            "draft": draft,
            "draft_mark": DRAFT_MARK,
            "watermark": WATERMARK,
            "image_alt": _IMAGE_ALT.get(lang.split("-")[0].lower(), _DEFAULT_IMAGE_ALT),
            "css": _stylesheet(draft, embed_fonts),
        }
    }
    html, _ = exporter.from_notebook_node(_printable(nb), resources=resources)
    return str(html)


@contextmanager
def _quiet(names: tuple[str, ...], level: int = logging.ERROR) -> Iterator[None]:
    """Raise the given loggers to at least ``level`` for the duration, then restore them."""
    saved = [(logger, logger.level) for logger in map(logging.getLogger, names)]
    for logger, _ in saved:
        if logger.getEffectiveLevel() < level:
            logger.setLevel(level)
    try:
        yield
    finally:
        for logger, previous in saved:
            logger.setLevel(previous)


@contextmanager
def _source_date(when: datetime | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` while printing: fontTools stamps each font subset it embeds
    with the current time unless it is set, which would make every PDF differ."""
    if when is None:
        yield
        return
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def html_to_pdf(html: str, *, base_url: str | None = None, when: datetime | None = None) -> bytes:
    """Print HTML (normally from :func:`notebook_to_html`) to PDF bytes with WeasyPrint.

    The page setup (A4, margins, page numbers, landscape pages, draft marks) comes from
    the stylesheet inside ``html``; fonts come from its embedded data: URIs, so the PDF
    embeds the shipped Liberation fonts whatever is installed on the machine.

    Args:
        html: A complete HTML document.
        base_url: Where relative URLs in ``html`` resolve (a folder path or URL); not
            needed for :func:`notebook_to_html` output, which has no relative URL.
        when: The time the PDF's embedded fonts are stamped with (see
            :func:`dtreport.stamp.document_time`), so the same report gives the same bytes.
    """
    # Imported here: WeasyPrint loads Pango through cffi, which HTML-only callers
    # (and machines without Pango) should not pay for.
    with _quiet(_QUIET_LOGGERS), _source_date(when):
        from weasyprint import HTML

        pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf
