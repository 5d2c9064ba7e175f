"""One look for every table the chapters show.

pandas' Styler gives each table a random id by default, which would make two builds of the same
chapter differ; here every table gets an id derived from its caption, and no per-cell ids.
"""

from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
from pandas.io.formats.style import Styler

from . import fmt

TABLE_STYLES = [
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600; "
                                     "padding: 0 0 .4em 0;"},
    {"selector": "th", "props": "text-align: left; border-bottom: 1px solid #444; padding: .2em .6em;"},
    {"selector": "td", "props": "padding: .15em .6em; border-bottom: 1px solid #ddd;"},
    {"selector": "", "props": "border-collapse: collapse; font-size: .9em; margin: .5em 0 1em 0;"},
]


class Table:
    """A styled table whose text form is its caption, not a memory address."""

    def __init__(self, styler: Styler, caption: str):
        self.styler = styler
        self.caption = caption

    def _repr_html_(self) -> str:
        return self.styler.to_html()

    def __repr__(self) -> str:
        return self.caption


def style(df: pd.DataFrame, caption: str, formats: dict | None = None, digits: int = 3) -> Table:
    """Columns in `formats` take its format; other numbers read as fmt.cell writes them."""
    uid = "t" + hashlib.sha1(caption.encode("utf-8")).hexdigest()[:8]
    styler = Styler(df, uuid=uid, cell_ids=False, na_rep="")
    styler = styler.hide(axis="index").set_caption(caption).set_table_styles(TABLE_STYLES)
    formats = dict(formats or {})
    for col in df.columns:
        if col not in formats and pd.api.types.is_float_dtype(df[col]):
            formats[col] = partial(fmt.cell, digits=digits)
    styler = styler.format(formats, na_rep="")
    styler = styler.map(_unbreakable)
    return Table(styler, caption)


def _unbreakable(value) -> str:
    # An address or a long identifier has no space to wrap at: let it break anywhere rather than push the
    # table past the page edge in print, or widen its column on screen.
    if isinstance(value, str) and len(value) > 15 and not any(c.isspace() for c in value):
        return "word-break: break-all;"
    return ""


def conflicts_view(conflicts: pd.DataFrame) -> pd.DataFrame:
    cols = ["study", "indicator", "period", "agreement", "gap", "rank", "source_id", "expression",
            "value"]
    return conflicts[cols].rename(columns={"source_id": "source", "rank": "#"})


def results_view(results: dict) -> pd.DataFrame:
    """A reviewer's table of Result objects."""
    rows = []
    for key, r in results.items():
        rows.append({"result": key, "estimate": r.estimate, "ci_low": r.ci_low, "ci_high": r.ci_high,
                     "n": r.n, "p-value": r.pvalue, "method": r.method, "warnings": " | ".join(r.warnings)})
    return pd.DataFrame(rows)
