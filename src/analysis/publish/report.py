"""What a chapter says in prose: sentences built from results, and its key findings.

Chapters print numbers only through these helpers (and analysis.publish.fmt), so no figure is ever typed
into markdown. Key findings are displayed in the chapter and also carried, as JSON, in the
executed notebook, from where the landing page collects them.

Text that comes from data (a note in figures.csv, the codebook, a source's title, a model's
warning) must never become markup: nbconvert renders a chapter's Markdown, raw HTML included, into
the reader and reviewer editions, and the PDF is laid out from them. So:

* `say(text)` shows `text` exactly as written: every character that Markdown or HTML would read as
  markup is escaped, and line breaks become spaces (a sentence cannot open a heading). This is
  what an f-string needs, since its values are already in it.
* `say(template, *args, **values)`: the template, written in the notebook, is trusted Markdown
  (emphasis, code, links); each value is formatted (`{x:.2f}` works) and then escaped.
* `prose(template, ...)` builds the same trusted Markdown without displaying it, `text(value)`
  escapes one value; `say` shows either as it is.
"""

from __future__ import annotations

import html
import re
import string

from IPython.display import Markdown

from analysis.models.result import Result

FINDINGS_MIME = "application/x.study-findings+json"

# Characters Markdown (CommonMark, and the GFM tables, strikethrough and math nbconvert adds) reads as
# markup anywhere in a line. Any ASCII punctuation may be backslash-escaped in CommonMark, and the
# escape renders as the bare character, so the HTML a reader sees is unchanged.
_INLINE = frozenset("`*_[]|#$~")
# A line break in a value could start a heading, a list or a table; HTML reads all of these as a space.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]*[\n\r\f\v][ \t\n\r\f\v]*")
# What opens a block at the start of a line: a list item (- + 1. 1)), a rule or a setext underline
# (--- ===). A number such as -0.9 or 3.14 opens nothing and is left as it is.
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d{1,9}[.)])(?=[ \t]|$|(?<=[-=])[-=])")


class Prose(str):
    """Markdown that is safe to display: written by the chapter, or escaped from data."""


def text(value) -> Prose:
    """`value` (any object, through str) as Markdown that shows exactly its characters.

    HTML-escaped (& < >), Markdown-neutralised (\\ ` * _ [ ] | # $ ~ escaped, line breaks turned
    into spaces, a leading list marker or indent escaped, no address made a link). A Prose is
    returned as it is."""
    if isinstance(value, Prose):
        return value
    s = _ASCII_SPACE.sub(" ", str(value))
    s = html.escape(s, quote=False)
    # A backslash is written as a character reference: doubled, it could still open nbconvert's math
    # (\\( ... \\)); an escaped colon keeps an address from becoming a link.
    s = "".join("&#92;" if c == "\\" else "\\" + c if c in _INLINE else c for c in s)
    s = s.replace("://", "\\://")
    m = _LINE_START.match(s)
    if m:
        marker = m.group(2)
        s = m.group(1) + marker[:-1] + "\\" + marker[-1] + s[m.end():]
    if s[:1] in (" ", "\t"):  # four of them at the start of a line would open a code block
        s = "&#32;" + s[1:]
    return Prose(s)


class _Escaping(string.Formatter):
    def format_field(self, value, format_spec):
        if isinstance(value, Prose):
            return format(str(value), format_spec)
        return text(format(value, format_spec))


def prose(template: str, /, *args, **values) -> Prose:
    """The trusted Markdown `template` with `{}` / `{name}` fields replaced by escaped values."""
    return Prose(_Escaping().vformat(template, args, values))


def say(template: str, /, *args, **values) -> Markdown:
    """Display a sentence. Without values, `template` is text shown as written (escaped); with
    values, it is trusted Markdown whose fields take the escaped values."""
    if args or values:
        return Markdown(prose(template, *args, **values))
    return Markdown(text(template))


class Findings:
    def __init__(self, chapter: str, items: list[str]):
        self.chapter = chapter
        self.items = list(items)

    def _repr_mimebundle_(self, include=None, exclude=None):
        md = "**Key findings**\n\n" + "\n".join(f"- {text(i)}" for i in self.items)
        return {"text/markdown": md,
                FINDINGS_MIME: {"chapter": self.chapter, "findings": [str(i) for i in self.items]}}

    def __repr__(self) -> str:
        return "Key findings: " + " / ".join(self.items)


def key_findings(chapter: str, items: list[str]) -> Findings:
    """The chapter's key findings; each item is text (escaped when shown), or a Prose."""
    return Findings(chapter, items)


def warnings_note(result: Result) -> str:
    """The warnings of a result as a sentence ('' when there are none): text, escaped by `say`."""
    if not result.warnings:
        return ""
    words = ("One caveat", "Two caveats", "Three caveats", "Four caveats")
    lead = words[len(result.warnings) - 1] if len(result.warnings) <= len(words) else "Caveats"
    return f" {lead}: " + "; ".join(result.warnings) + "."


class Bibliography:
    """The sources as a reference list: author–date key, title, author, outlet, date as printed,
    and the address as a live link (in the HTML and in the PDF WeasyPrint lays out from it).
    Every field comes from data and is escaped; each entry has an anchor (#src-<source id>)
    that citations elsewhere can point to."""

    def __init__(self, sources, max_entries: int | None = None, whole: str = ""):
        self.sources = sources
        self.max_entries = max_entries
        self.whole = whole

    def _entries(self):
        from analysis.publish import labels

        rows = sorted(self.sources.itertuples(), key=lambda r: (_sort_key(labels.cite(r.source_id)), r.source_id))
        for r in rows[:self.max_entries]:
            yield r, labels.cite(r.source_id)

    def _repr_html_(self) -> str:
        items = []
        for r, key in self._entries():
            parts = [f"<strong>{html.escape(key)}</strong>{_stop(key)}"]
            title = _field(r, "title")
            if title:
                parts.append(f'<cite lang="fr">{html.escape(title)}</cite>{_stop(title)}')
            author, outlet = _field(r, "author"), _field(r, "publisher")
            if author and author != outlet:  # « INSEE. INSEE. »: an outlet that is its own author, once
                parts.append(f"{html.escape(author)}{_stop(author)}")
            printed = _field(r, "date_printed")
            last = f"{outlet}, {printed}" if printed else outlet
            parts.append(f"{html.escape(last)}{_stop(last)}")
            url = _field(r, "url")
            if url.startswith(("http://", "https://")):
                parts.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url)}</a>')
            items.append(f'<li id="src-{html.escape(r.source_id, quote=True)}">{" ".join(parts)}</li>')
        more = len(self.sources) - len(items)
        note = (f'<p class="study-bibliography-more">The first {len(items):,} of {len(self.sources):,} sources; all '
                f'are in {html.escape(self.whole or "the sources table")}.</p>') if more > 0 else ""
        return '<ol class="study-bibliography">' + "".join(items) + "</ol>" + note

    def __repr__(self) -> str:
        return f"Bibliography of {len(self.sources)} sources"


def _stop(text: str) -> str:
    """The full stop after a field, unless it ends with its own (« n.d. », « ? », « … »)."""
    return "" if text.rstrip().endswith((".", "?", "!", "…")) else "."


def _sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it: accents and case aside (« Décision » before « Docplayer »)."""
    from analysis.data.parse import _strip_accents  # the parser's own

    return _strip_accents(text).casefold()


def _field(row, name: str) -> str:
    value = getattr(row, name, "")
    return value if isinstance(value, str) else ""  # an empty cell reads as NaN


def bibliography(sources, max_entries: int | None = None, whole: str = "") -> Bibliography:
    """The reference list; past `max_entries` sources (data grown for a scale test), the first ones
    and a note naming `whole`, the file that holds them all, as long tables do."""
    return Bibliography(sources, max_entries, whole)


def extract_findings(nb) -> dict | None:
    """The key findings an executed chapter displayed, or None."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if FINDINGS_MIME in data:
                return data[FINDINGS_MIME]
    return None


__all__ = ["Bibliography", "Prose", "bibliography", "key_findings", "prose", "say", "text", "warnings_note",
           "extract_findings"]
