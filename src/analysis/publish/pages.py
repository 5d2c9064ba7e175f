"""Pages the package writes itself (the landing page, the PDF's title page and contents): Jinja2
templates in templates/, rendered with autoescaping.

Every value a template prints is escaped unless it is markupsafe.Markup, which only this package's
own code makes (a stylesheet, HTML laid out by nbconvert, a sentence written in the code). Values
are escaped as `html.escape` does (quotes included), which is how these pages were written before
they were templates, so their bytes did not change.
"""

from __future__ import annotations

import html
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from analysis.publish.masthead import TEMPLATES

__all__ = ["TEMPLATES", "render", "stylesheet"]


def _escape(value) -> Markup:
    # finalize runs before autoescaping, which leaves Markup alone: the escape is html.escape's.
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(html.escape(str(value)))


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, finalize=_escape,
                       undefined=StrictUndefined, keep_trailing_newline=False, auto_reload=False)


def render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def stylesheet(name: str) -> Markup:
    """A stylesheet of templates/, as it is in its file but for the final line break."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8").removesuffix("\n"))
