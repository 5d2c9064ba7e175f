"""What every chapter page's sidebar and search read: reports/site.js, written by the book stage.

A chapter stage renders only its own chapter, so a page cannot list the others without going
stale when one of them changes. The book stage, which runs after every chapter, collects each
chapter's title and numbered sections, and the text of every section for the search, from the
reader pages the chapters rendered, and writes them as one script that the pages load from disk:
the sidebar, the previous/next links and the search work offline, with nothing fetched.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

#: Characters of each section kept for the search: enough to find a section by its words.
SEARCH_CHARS = 6000


class _Sections(HTMLParser):
    """The h1, each h2 (id and text) and the visible text under it, inside <main>."""

    SKIP = {"script", "style", "nav", "aside"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[dict] = []
        self._in_main = 0
        self._skip = 0
        self._anchor_depth = 0
        self._heading: tuple[str, str] | None = None  # (tag, id)
        self._heading_text: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "anchor-link" in (dict(attrs).get("class") or "").split():
            self._skip += 1  # the ¶ beside a heading on screen
            self._anchor_depth = 1
        elif tag == "a" and self._anchor_depth:
            self._anchor_depth += 1
        elif tag == "main":
            self._in_main += 1
        elif tag in self.SKIP:
            self._skip += 1
        elif self._in_main and tag in ("h1", "h2"):
            self._heading = (tag, dict(attrs).get("id") or "")
            self._heading_text = []

    def handle_endtag(self, tag):
        if tag == "a" and self._anchor_depth:
            self._anchor_depth -= 1
            if not self._anchor_depth:
                self._skip -= 1
        elif tag == "main":
            self._in_main -= 1
        elif tag in self.SKIP:
            self._skip -= 1
        elif self._heading and tag == self._heading[0]:
            text = " ".join("".join(self._heading_text).split())
            if tag == "h1" and not self.title:
                self.title = text
                self.sections.append({"id": self._heading[1], "title": text, "text": []})
            elif tag == "h2":
                self.sections.append({"id": self._heading[1], "title": text, "text": []})
            self._heading = None

    def handle_data(self, data):
        if not self._in_main or self._skip:
            return
        if self._heading:
            self._heading_text.append(data)
        elif self.sections:
            self.sections[-1]["text"].append(data)


def chapter_entry(stem: str, reader_html: str) -> dict:
    parser = _Sections()
    parser.feed(reader_html)
    parser.close()
    sections = [{"id": s["id"], "title": s["title"],
                 "text": " ".join("".join(s["text"]).split())[:SEARCH_CHARS]} for s in parser.sections]
    return {"stem": stem, "title": parser.title or stem, "sections": sections}


def site_js(chapters: list[tuple[str, Path]]) -> str:
    """`chapters`: (stem, reader HTML file) in study order."""
    entries = [chapter_entry(stem, path.read_text(encoding="utf-8")) for stem, path in chapters]
    data = {
        "chapters": [{"stem": e["stem"], "title": e["title"],
                      "sections": [{"id": s["id"], "title": s["title"]} for s in e["sections"][1:]]}
                     for e in entries],
        "search": [{"stem": e["stem"], "id": s["id"], "title": s["title"], "text": s["text"]}
                   for e in entries for s in e["sections"]],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside a <script> the text must not close it: "</" written as "<\/" (the same string in JS).
    text = re.sub(r"</", r"<\\/", text)
    return ("// Written by the book stage (analysis.publish.site) from the rendered chapters: do not edit.\n"
            f"window.STUDY_SITE = {text};\n" + site_ui_js())


def site_ui_js() -> str:
    """The script that builds the sidebar, previous/next links and search from site.js."""
    from analysis.publish.masthead import TEMPLATES

    return (TEMPLATES / "study" / "site-ui.js").read_text(encoding="utf-8")
