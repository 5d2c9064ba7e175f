"""One look for every table the chapters show.

pandas' Styler gives each table a random id by default, which would make two builds of the same
chapter differ; here every table gets an id derived from its caption, and no per-cell ids.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from functools import partial

import pandas as pd
from pandas.io.formats.style import Styler

from analysis.publish import fmt

TABLE_STYLES = [
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: 600; "
                                     "padding: 0 0 .4em 0;"},
    {"selector": "th", "props": "text-align: left; border-bottom: 1px solid #444; padding: .2em .6em;"},
    {"selector": "td", "props": "padding: .15em .6em; border-bottom: 1px solid #ddd; text-align: left;"},
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


def style(df: pd.DataFrame, caption: str, formats: dict | None = None, digits: int = 3,
          readable: bool = True, max_rows: int | None = None, whole: str | None = None) -> Table:
    """Columns in `formats` take its format; other numbers read as fmt.cell writes them, and text
    is escaped, with break opportunities in long addresses and identifiers.

    Everything that reaches the HTML is escaped: the caption, the column names, and every cell,
    whatever its type and whichever format it takes (a format's output is escaped in turn; only
    `text_cell`, which escapes its input itself, is trusted)."""
    if max_rows is not None and len(df) > max_rows:
        # A page shows a readable number of rows; the file holds them all. (WeasyPrint lays a long
        # table out again on every page it spans: its cost grows with rows times pages.)
        caption = f"{caption} The first {max_rows} of {len(df):,} rows" + (f"; all are in {whole}." if whole else ".")
        df = df.head(max_rows)
    uid = "t" + hashlib.sha1(caption.encode("utf-8")).hexdigest()[:8]
    given = dict(formats or {})
    if readable:  # labels for columns and terms, citations for sources, yes/no for booleans
        from analysis.publish import labels

        given = {labels.column(k): v for k, v in given.items()}
        df = labels.readable(df)
    styler = Styler(df, uuid=uid, cell_ids=False, na_rep="")
    numeric = [i for i, col in enumerate(df.columns)
               if pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col])]
    # Numbers right-aligned (digits line up), text left-aligned (it reads from the left).
    # (th.col{i}: with the index hidden, the only header cells of a column; pandas' own class name
    # would be the one identifier in a reader page's source.)
    align = [{"selector": f"td.col{i}, th.col{i}", "props": "text-align: right;"} for i in numeric]
    styler = styler.hide(axis="index").set_caption(_escape(caption)).set_table_styles(TABLE_STYLES + align)
    styler = styler.format_index(_escape, axis="columns")
    formats = {}
    for col in df.columns:
        if col in given:
            formats[col] = _escaped(given[col])
        elif pd.api.types.is_float_dtype(df[col]):
            formats[col] = _escaped(partial(fmt.cell, digits=digits))
        else:  # text, and anything else (integers, booleans, dates, categories) written as text
            formats[col] = text_cell
    styler = styler.format(formats, na_rep="")
    # Columns of sentences keep a readable measure on a phone (study.css): the table scrolls sideways
    # rather than squeezing them a word or two wide, which made every row of the table tall.
    sentences = [col for col in df.columns if df[col].map(_is_sentence).any()]
    if sentences and df.index.is_unique:
        styler = styler.set_td_classes(pd.DataFrame("sentences", index=df.index, columns=sentences))
    return Table(styler, caption)


def _is_sentence(value) -> bool:
    return isinstance(value, str) and len(value) >= SENTENCE and value.count(" ") >= 5


SENTENCE = 60  # characters of text from which a cell reads as a sentence rather than a label


def _escape(value) -> str:
    return html.escape(str(value), quote=False)


def _escaped(formatter):
    """A Styler format (a format string or a function) whose output is escaped."""
    if formatter in (text_cell, code_cell, prose_cell):
        return formatter
    if isinstance(formatter, str):
        return lambda value: _escape(formatter.format(value))
    if callable(formatter):
        return lambda value: _escape(formatter(value))
    raise TypeError(f"a table format is a format string or a function, not {formatter!r}")


BREAK_AFTER = re.compile(r"(?<=[/._\-?=&])")
SHORT = 12  # a token up to this long is left whole
LONGEST_PIECE = 16


def prose_cell(value) -> str:
    """Escaped text in which the identifiers it names (a column, a code) are set as code."""
    if not isinstance(value, str):
        return text_cell(value)
    from analysis.publish.labels import SNAKE_CASE

    return SNAKE_CASE.sub(lambda m: f"<code>{m.group(0)}</code>", html.escape(value, quote=False))


def code_cell(value) -> str:
    """An identifier shown as one (a column name, a code of a vocabulary, a file): escaped, in
    <code>, for the appendices that document the data for those who will use it."""
    text = text_cell(value)
    return f"<code>{text}</code>" if text else ""


def text_cell(value) -> str:
    """Escaped cell text. An address or identifier has no space to wrap at, so one longer than 12
    characters gets <wbr> break opportunities after / . _ - ? = & (and every 16 characters in a run
    without them). Its column can then be narrower than the whole string without making every
    character a break point, which would let ordinary words wrap mid-word and multiply the print
    layout's work (the methods chapter took 10 s instead of 3 to lay out)."""
    if not isinstance(value, str):
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else html.escape(str(value))
    if len(value) <= SHORT or any(c.isspace() for c in value):
        return html.escape(value, quote=False)
    pieces = []
    for part in BREAK_AFTER.split(value):
        pieces += [part[i:i + LONGEST_PIECE] for i in range(0, len(part), LONGEST_PIECE)]
    return "<wbr>".join(html.escape(p, quote=False) for p in pieces if p)


def conflicts_view(conflicts: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The conflicts log for a reader. With the figures table, each value reads in its unit: a share
    as a percentage, a date as a month and year (not 2014.17), a count as a number; and a period
    as words."""
    # The gap is the same on every row of an indicator (it is in conflicts.csv): left out, so that
    # the table fits an A4 page with large counts in the value column.
    cols = ["study", "indicator", "period", "agreement", "rank", "source_id", "expression", "value"]
    view = conflicts[cols].rename(columns={"source_id": "source", "rank": "#"})
    if figures is not None:  # for a reader: a period in words ("November 2019")
        view = view.assign(period=[fmt.period(p) if isinstance(p, str) else p for p in view["period"]])
        by_id = figures.set_index("figure_id")
        unit = conflicts["figure_id"].map(by_id["parsed_unit"])
        # A date as precise as it was printed (« 5 mars »: 5 March 2014), from its ISO form when the
        # figures table has it.
        iso = conflicts["figure_id"].map(by_id["date_iso"]) if "date_iso" in by_id else [None] * len(view)
        view = view.assign(value=[_in_unit(v, u, d) for v, u, d in zip(view["value"], unit, iso, strict=True)])
    return view


def _in_unit(value: float, unit, date_iso=None) -> str:
    if pd.isna(value):
        return ""
    if unit == "share":
        return fmt.pct(value, 1)
    if unit == "date" and isinstance(date_iso, str) and len(date_iso) == 10:
        return fmt.day(date_iso)
    if unit == "date" and isinstance(date_iso, str) and len(date_iso) == 7:
        return fmt.period(date_iso)
    if unit == "date":
        year = int(value)
        return fmt.month(year, min(12, int((value - year) * 12) + 1))
    return fmt.cell(value)


def results_view(results: dict) -> pd.DataFrame:
    """A reviewer's table of Result objects."""
    rows = []
    for key, r in results.items():
        rows.append({"result": key, "estimate": r.estimate, "ci_low": r.ci_low, "ci_high": r.ci_high,
                     "n": r.n, "p-value": r.pvalue, "method": r.method, "warnings": " | ".join(r.warnings)})
    return pd.DataFrame(rows)
