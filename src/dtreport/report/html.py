"""Every piece of HTML dtreport writes comes from a template here, escaped by default.

The report's sections and the index of reports carry text from params files, data files,
file paths and error messages; any of it may hold ``<`` or ``&`` (``data/<kỳ>/metrics.csv``,
a unit named ``Sở TT&TT``). The templates are rendered with autoescape on, so such text is
shown as written and never read as markup; only what another template rendered (a
:class:`~markupsafe.Markup`) is inserted as is. nbconvert's page template
(``assets/templates/dtreport/``) is nbconvert's own and is not loaded here.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from dtreport.i18n import text
from dtreport.paths import ASSETS_DIR

__all__ = ["TEMPLATES_DIR", "concat", "render"]

TEMPLATES_DIR = ASSETS_DIR / "templates" / "html"


@pass_context
def _text(context: Context, key: str, **values: object) -> str:
    """``{{ t("results") }}``: the report's wording in the language the template was given."""
    return text(key, context["lang"], **values)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        # A misspelt name must fail the render, not print an empty cell in a signed report.
        undefined=StrictUndefined,
        # Block tags on lines of their own leave no blank lines or stray indentation.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.globals["t"] = _text
    return env


_ENV = _environment()


def render(template_name: str, **context: Any) -> Markup:
    """Render ``template_name`` from ``assets/templates/html/`` with ``context``.

    Text in ``context`` is escaped where the template prints it; a :class:`Markup`
    (another rendered template) is inserted unchanged.
    """
    return Markup(_ENV.get_template(template_name).render(**context))


def concat(*fragments: Markup | str) -> Markup:
    """Fragments one after another; a plain ``str`` among them is escaped, never taken as HTML."""
    return Markup("").join(fragments)
