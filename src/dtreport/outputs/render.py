"""Render an executed report notebook to self-contained HTML and an A4 PDF.

The HTML is a single offline file: no script, no CDN, the stylesheet inline and the
shipped Liberation fonts embedded as base64 ``data:`` URIs, each cut down to the
characters the document holds and packed as WOFF2 (a few kilobytes a face instead of
half a megabyte). A contents list of the sections' headings follows the letterhead, on
screen only. The PDF is WeasyPrint's rendering of that same HTML, so both outputs share
one stylesheet (``assets/report.css``, plus ``assets/draft.css`` for drafts) and no
system font is needed: a fresh machine produces the same pages.
"""

from __future__ import annotations

import base64
import copy
import html as html_text
import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

from dtreport.i18n import text
from dtreport.lang import Lang
from dtreport.paths import ASSETS_DIR, FONTS_DIR

__all__ = [
    "ANALYST_TAG",
    "DRAFT_MARK",
    "ILLUSTRATIVE_MARK",
    "INJECTED_PARAMETERS_TAG",
    "html_to_pdf",
    "notebook_to_html",
]


# nbconvert wants a folder holding template folders, and the template's name inside it.
TEMPLATES_DIR = ASSETS_DIR / "templates"
TEMPLATE_NAME = "dtreport"

# Kept in step with the @bottom-center content in assets/draft.css.
DRAFT_MARK = "BẢN NHÁP — DRAFT"
WATERMARK = "BẢN NHÁP"
# Kept in step with the @bottom-left content in assets/illustrative.css.
ILLUSTRATIVE_MARK = "SỐ LIỆU MINH HỌA — ILLUSTRATIVE DATA"

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
# A data: URI's payload (the charts, the fonts): ASCII that no font needs to draw.
_DATA_URI_RE = re.compile(r"data:[a-z0-9/+.-]+;base64,[A-Za-z0-9+/=]+")
# Printable ASCII is always kept: markup, digits and punctuation cost a few hundred bytes
# and a face that lacks one would fall back to another font on a reader's screen.
_ASCII = "".join(map(chr, range(0x20, 0x7F)))
# The headings listed in the contents: the sections (h2) and their sub-sections (h3).
_CONTENTS_LEVELS = {"h2": 2, "h3": 3}

# WeasyPrint reports unsupported CSS as warnings and fontTools chatters while subsetting;
# the stylesheet is kept clean (tests check it), so what is left is noise in a batch run.
_QUIET_LOGGERS = ("weasyprint", "fontTools")


def document_characters(html: str) -> str:
    """Every character ``html`` may show, sorted: what the embedded fonts must draw.

    The whole document is read, markup and stylesheet included, so text that CSS
    generates (``content:``) is kept too; each letter's other case is added in case a
    rule capitalises it. Entities are read as the characters they stand for.
    """
    shown = set(html_text.unescape(_DATA_URI_RE.sub("", html))) | set(_ASCII)
    for character in list(shown):
        shown.update(character.upper(), character.lower())
    return "".join(sorted(c for c in shown if c.isprintable()))


@lru_cache(maxsize=16)
def _font_data_uri(filename: str, characters: str) -> str:
    """The shipped font ``filename`` cut to ``characters``, as a WOFF2 data: URI.

    Deterministic: the ``head`` table keeps the shipped file's date (fontTools would
    otherwise stamp it with ``SOURCE_DATE_EPOCH`` or the clock) and Brotli compresses the
    same bytes the same way, so the same document embeds the same fonts.
    """
    # fontTools ships no type information.
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    path = FONTS_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"report stylesheet names a font that is not shipped: {path}")
    options = subset.Options()
    options.flavor = "woff2"
    options.recalc_timestamp = False
    # TrueType hinting is more than half of each face and only sharpens stems on old
    # Windows renderers; the printed PDF is made from the full shipped files anyway.
    options.hinting = False
    # The copyright, the names and the licence (13, 14) travel with the embedded font.
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    # A character the face lacks shows as the usual empty box, not as nothing.
    options.notdef_outline = True
    with _quiet(("fontTools",)):
        font = TTFont(str(path), recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        font.flavor = "woff2"
        buffer = io.BytesIO()
        font.save(buffer)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'url("data:font/woff2;base64,{encoded}") format("woff2")'


def _file_fonts(css: str) -> str:
    """Point every ``url("fonts/X.ttf")`` at the shipped file (for printing, not for sharing)."""
    return _FONT_URL_RE.sub(lambda match: f'url("{(FONTS_DIR / match.group(1)).as_uri()}")', css)


# A shipped font as _file_fonts names it, with the format the stylesheet gives it.
_FILE_FONT_RE = re.compile(
    r'url\("'
    + re.escape(FONTS_DIR.as_uri())
    + r'/([A-Za-z0-9_.-]+\.ttf)"\)(?:\s*format\(\s*["\']truetype["\']\s*\))?'
)


def embed_fonts(html: str) -> str:
    """Turn an HTML rendered with ``embed_fonts=False`` into the self-contained one.

    Each shipped font becomes a WOFF2 subset holding the characters of this document
    (:func:`document_characters`). WeasyPrint reads fonts from files faster than it
    decodes base64 and subsets them itself, so the pipeline prints the file-font variant
    and publishes this embedded one; both come from one nbconvert pass.
    """
    return _embedded(html)


def _embedded(html: str) -> str:
    """:func:`embed_fonts`, under a name that ``notebook_to_html``'s parameter leaves visible."""
    characters = document_characters(html)
    return _FILE_FONT_RE.sub(lambda match: _font_data_uri(match.group(1), characters), html)


def _stylesheet(draft: bool, illustrative: bool = False) -> str:
    """The report stylesheet (plus the illustrative and draft layers), fonts named by their
    shipped files.

    Read on every call (it is small) so a stylesheet edit shows on the next render in a
    long-lived session; only the fonts' subsets are cached.
    """
    css = (ASSETS_DIR / "report.css").read_text(encoding="utf-8")
    if illustrative:
        css += "\n" + (ASSETS_DIR / "illustrative.css").read_text(encoding="utf-8")
    if draft:
        # After report.css so its @page margin box adds to the base @page rule.
        css += "\n" + (ASSETS_DIR / "draft.css").read_text(encoding="utf-8")
    return _file_fonts(css)


def page_stylesheet(*extra: str, illustrative: bool = False) -> str:
    """The report stylesheet, then the shipped stylesheets ``extra`` (``assets/<name>``).

    For a page dtreport builds without a notebook (the roll-up): fonts are named by their
    shipped files, as :func:`html_to_pdf` prints them and :func:`embed_fonts` embeds them.
    """
    css = _stylesheet(False, illustrative)
    added = "".join("\n" + (ASSETS_DIR / name).read_text(encoding="utf-8") for name in extra)
    return css + _file_fonts(added)


class _Headings(HTMLParser):
    """The h2 and h3 headings of an HTML fragment that carry an id, with their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in _CONTENTS_LEVELS and anchor:
            self._open, self._text = (_CONTENTS_LEVELS[tag], anchor), []

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and _CONTENTS_LEVELS.get(tag) == self._open[0]:
            self.found.append((*self._open, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)


def _output_html(cell: nbformat.NotebookNode) -> list[str]:
    """The HTML outputs of a cell, as nbconvert will show them."""
    shown = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get("text/html")
        if data:
            shown.append(data if isinstance(data, str) else "".join(data))
    return shown


def _contents(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """The contents list of ``nb``: each section heading, its sub-sections beneath it.

    The first cell showing a listed heading is marked (``dtreport_contents``) so the page
    template puts the list just before it, that is after the letterhead.
    """
    entries: list[dict[str, Any]] = []
    for cell in nb.cells:
        parser = _Headings()
        for fragment in _output_html(cell):
            parser.feed(fragment)
        parser.close()
        if parser.found and not entries:
            cell.metadata["dtreport_contents"] = True
        for level, anchor, title in parser.found:
            entry = {"id": anchor, "text": title, "children": []}
            if level == 3 and entries:
                entries[-1]["children"].append(entry)
            else:
                entries.append(entry)
    return entries


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
    illustrative: bool = False,
) -> str:
    """Render an executed notebook as one self-contained HTML document.

    With ``embed_fonts=False`` the fonts are ``file:`` URLs to the shipped files
    instead: quicker to print, and :func:`embed_fonts` turns it into the shareable one.

    Only cell outputs and markdown appear: no code, no prompts, no anchor links, no
    injected parameters, no stderr. When the outputs hold more than one section heading
    (h2 or h3 with an id), a contents list linking to them comes before the first. The
    result references no network address (no scripts, CSS inline, fonts and images as
    data: URIs) and is what :func:`html_to_pdf` prints.

    Args:
        nb: The executed notebook (it is not modified).
        title: The document title (``<title>``; also the PDF's title metadata).
        lang: BCP 47 language of the content, for ``<html lang>`` (hyphenation,
            screen readers).
        draft: Mark the document as a draft: a banner on top, a footer line on every
            printed page and a diagonal watermark.
        embed_fonts: Embed the fonts (cut to the document's characters) as data: URIs.
        illustrative: Mark the document as made of illustrative figures: a banner on top
            and a line in the margin of every printed page.

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
    printable = _printable(nb)
    contents = _contents(printable)
    # The contents' title in the report's language; any language but Vietnamese reads English.
    language: Lang = "vi" if lang.split("-")[0].lower() == "vi" else "en"
    resources = {
        "dtreport": {
            "title": title,
            "lang": lang,
            "draft": draft,
            "draft_mark": DRAFT_MARK,
            "watermark": WATERMARK,
            "image_alt": _IMAGE_ALT.get(lang.split("-")[0].lower(), _DEFAULT_IMAGE_ALT),
            "illustrative": illustrative,
            "illustrative_mark": ILLUSTRATIVE_MARK,
            "illustrative_note": text("illustrative_note", language),
            "css": _stylesheet(draft, illustrative),
            "contents": contents if len(contents) > 1 else [],
            "contents_title": text("contents", language),
        }
    }
    html, _ = exporter.from_notebook_node(printable, resources=resources)
    return _embedded(str(html)) if embed_fonts else str(html)


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
