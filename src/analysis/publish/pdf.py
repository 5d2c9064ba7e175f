"""Print layout: each chapter laid out once, the whole study assembled from the chapters' pages.

Laying out is the costly part of a PDF (WeasyPrint takes seconds per chapter, and longer for the
study as one document than for its chapters one by one). So a chapter's PDF is laid out once, in
its own stage, and the study reuses its pages as they are: `study_pdf` lays out only a title page
and a contents page, then copies every chapter's body pages behind them (pikepdf), and adds the
outline and the contents links. Changing one chapter therefore costs one chapter's layout.

Reusing pages means page numbers cannot run through the study. They are chapter-relative, as in
many technical manuals: "3–2" is page 2 of chapter 3, in the footer of the page, in the contents
and as the PDF page label that viewers show, identically in the chapter's PDF and in the study's.
A chapter's number is the leading digits of its notebook's name divided by ten (10_lecko is
chapter 1, 70_methods chapter 7), so it is fixed by a file the chapter stage depends on.
"""

from __future__ import annotations

import html
import io
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from markupsafe import Markup

from analysis.publish import pages
from analysis.publish.masthead import AUTHOR, KEYWORDS, SUBJECT, TEMPLATES, study_css

DASH = "\u2013"  # en dash, between chapter number and page number: 3–2

PRINT_CSS = pages.stylesheet("pdf/print.css")


#: Page labels of the front chapter (00_summary, number 0), whose headings are not numbered: S–1.
FRONT_PREFIX = "S"


def _prefix(number: int | None) -> str:
    if number is None:
        return ""
    return f"{FRONT_PREFIX if number == 0 else number}{DASH}"


def _body_css(number: int | None) -> str:
    # The body of chapter n is a document of its own, so counter(page) starts at 1 on its first page.
    footer = f'@bottom-center {{ content: "{_prefix(number)}" counter(page); }}'
    return (f"@page {{ {footer} }} @page :first {{ @top-left {{ content: none; }} "
            f"@top-right {{ content: none; }} {footer} }}")


class LayoutError(ValueError):
    """A chapter cannot take its place in the study: a badly named notebook, two chapters with one
    number, or a PDF that was not laid out by chapter_pdf."""


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


def chapter_number(stem: str) -> int:
    """The chapter's place in the study, from its notebook's name: 10_lecko -> 1, 70_methods -> 7.

    00_summary is number 0: the front chapter, first in the study, whose headings are not numbered
    (a summary, as a book's preface) and whose pages are labelled S–1, S–2."""
    m = re.match(r"(\d+)_", stem)
    if not m or int(m.group(1)) % 10 or (0 < int(m.group(1)) < 10):
        raise LayoutError(f"{stem!r}: a chapter notebook is named NN_topic with NN a multiple of 10 "
                         "(10_lecko is chapter 1); its number gives the chapter's place and page labels")
    return int(m.group(1)) // 10


def page_label(number: int | None, page: int) -> str:
    return f"{_prefix(number)}{page}"


class _Elements(HTMLParser):
    """Where the elements number_headings and _body work on are in a page: their offsets in the
    source, so that everything else is kept byte for byte.

    `main`: (start, end) of the content of the first <main>; `headings`: (start, end, level, text)
    of every <h1> and <h2>, text unescaped and without its anchor link; `anchor_links`: (start, end)
    of every <a class="anchor-link">."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.main: tuple[int, int] | None = None
        self.headings: list[tuple[int, int, int, str]] = []
        self.anchor_links: list[tuple[int, int]] = []
        self._main_depth = 0
        self._main_start = None
        self._heading = None  # [start, level, text pieces]
        self._anchor = None  # [start, depth of nested <a>]
        self.feed(source)
        self.close()

    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _end_of_tag(self, start: int) -> int:
        return self.source.index(">", start) + 1

    def handle_starttag(self, tag, attrs):
        start = self._here()
        end = start + len(self.get_starttag_text())
        if tag == "main" and self.main is None:
            if self._main_depth == 0:
                self._main_start = end
            self._main_depth += 1
        elif tag in ("h1", "h2") and self._heading is None and self._anchor is None:
            self._heading = [start, int(tag[1]), []]
        elif tag == "a":
            if self._anchor is not None:
                self._anchor[1] += 1
            elif "anchor-link" in (dict(attrs).get("class") or "").split():
                self._anchor = [start, 1]

    def handle_endtag(self, tag):
        start = self._here()
        if tag == "main" and self._main_depth:
            self._main_depth -= 1
            if self._main_depth == 0:
                self.main = (self._main_start, start)
        elif tag == "a" and self._anchor is not None:
            self._anchor[1] -= 1
            if self._anchor[1] == 0:
                self.anchor_links.append((self._anchor[0], self._end_of_tag(start)))
                self._anchor = None
        elif self._heading is not None and tag == f"h{self._heading[1]}":
            h_start, level, pieces = self._heading
            self.headings.append((h_start, self._end_of_tag(start), level, "".join(pieces).strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None and self._anchor is None:
            self._heading[2].append(data)


def _splice(source: str, edits: list[tuple[int, int, str]]) -> str:
    """`source` with each (start, end) span replaced; spans do not overlap."""
    out, at = [], 0
    for start, end, replacement in sorted(edits):
        out += [source[at:start], replacement]
        at = end
    return "".join(out) + source[at:]


def _body(html_text: str) -> str:
    """The content of the page's <main> (the whole text without one), without the anchor links
    beside headings, which only make sense on screen."""
    found = _Elements(html_text)
    start, end = found.main or (0, len(html_text))
    body = html_text[start:end]
    return _splice(body, [(a, b, "") for a, b in _Elements(body).anchor_links])


def number_headings(slug: str, number: int | None, body: str) -> tuple[str, list[Heading]]:
    """Number the chapter's h1 and h2 (3., 3.1, ...) and give them ids the contents can point to.

    A notebook that is not a chapter of the study (number None) and the front chapter (number 0)
    keep their headings unnumbered.
    The headings are found by an HTML parser; the rest of `body` is kept as it is."""
    headings: list[Heading] = []
    edits = []
    sections = 0
    for start, end, level, plain in _Elements(body).headings:
        if level == 1:
            first = not any(h.level == 1 for h in headings)
            headings.append(Heading(1, slug, _numbered(plain, None if not number else f"{number}.")))
            cls = ' class="first"' if first else ""
            edits.append((start, end, f'<h1 id="{html.escape(slug)}"{cls}>{html.escape(headings[-1].text)}</h1>'))
        else:
            sections += 1
            hid = f"{slug}-s{sections}"
            # An appendix is named by its letter ("Appendix A — Codebook"), not numbered as a section.
            label = None if not number or plain.startswith("Appendix") else f"{number}.{sections}"
            headings.append(Heading(2, hid, _numbered(plain, label)))
            edits.append((start, end, f'<h2 id="{html.escape(hid)}">{html.escape(headings[-1].text)}</h2>'))
    return _splice(body, edits), headings


def _numbered(text: str, label: str | None) -> str:
    """`text` with its section number in front, once: the reader HTML is numbered when it is
    rendered, and the PDF, laid out from that HTML, finds its numbers already there."""
    if label is None or text.startswith(f"{label} "):
        return text
    return f"{label} {text}"


def number_page(slug: str, number: int | None, page: str) -> tuple[str, list[Heading]]:
    """A whole HTML page with the headings inside its <main> numbered as in the PDF."""
    found = _Elements(page)
    start, end = found.main or (0, len(page))
    body, headings = number_headings(slug, number, page[start:end])
    return page[:start] + body + page[end:], headings


def _document(title: str, body: str, extra_css: str = "") -> str:
    """A page to lay out; `body` is HTML (the chapter as nbconvert rendered it)."""
    return pages.render("pdf/document.html.j2", title=title, body=Markup(body), study_css=Markup(study_css()),
                        author=AUTHOR, subject=SUBJECT, keywords=KEYWORDS,
                        print_css=PRINT_CSS, extra_css=Markup(extra_css))


def front_matter(title: str, subtitle: str, meta: str, entries: Sequence[tuple[Heading, str]],
                 placeholders: Sequence[str] = ()) -> str:
    """Title page and contents; `entries` pairs each heading with its page label. `meta` is text,
    escaped, unless it is markupsafe.Markup (written by the package)."""
    return pages.render("pdf/front.html.j2", title=title, subtitle=subtitle, meta=meta, entries=entries,
                        author=AUTHOR, subject=SUBJECT, keywords=KEYWORDS,
                        placeholders=placeholders, study_css=Markup(study_css()), print_css=PRINT_CSS,
                        extra_css="")


# ---------------------------------------------------------------------------------------------
# What WeasyPrint may read


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ProjectAssets(URLFetcher):
        """WeasyPrint's URL fetcher for the study: the data: URIs the package writes (figures) and the
        files under analysis/publish/templates/, nothing else. A file anywhere else (an <img
        src="file:///..."> in a note would embed it in the PDF) and any network address are refused:
        WeasyPrint then warns and leaves the image or stylesheet out."""

        def __init__(self, **kw):
            kw.setdefault("allowed_protocols", ("data", "file"))
            kw.setdefault("allow_redirects", False)
            super().__init__(**kw)

        def fetch(self, url, headers=None):
            return super().fetch(allowed_url(url), headers)

    return ProjectAssets


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of the project's own assets."""


def allowed_url(url: str) -> str:
    """`url` if WeasyPrint may read it: a data: URI, or a file under the package's templates (as
    a normalised file: URL); RefusedURL otherwise."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "data":
        return url
    if scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(url2pathname(parts.path)).resolve()
        if path.is_file() and path.is_relative_to(TEMPLATES.resolve()):
            return path.as_uri()
    raise RefusedURL(f"not one of the study's own assets, not fetched: {url[:200]}")


def url_fetcher():
    """A fresh fetcher for one WeasyPrint document (see allowed_url)."""
    return _fetcher_class()()


def fetch_asset(url: str):
    """What WeasyPrint gets for `url` (a URLFetcherResponse); RefusedURL for anything that is not
    one of the study's own assets."""
    return url_fetcher().fetch(url)


def _html(page: str):
    """A WeasyPrint document for `page`, which may read only the study's own assets."""
    return _weasyprint().HTML(string=page, url_fetcher=url_fetcher())


def _weasyprint():
    import weasyprint

    # WeasyPrint 70 writes no creation date; SOURCE_DATE_EPOCH pins it should a later version do so.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    return weasyprint


def _label_pages(pdf, ranges: Sequence[tuple[int, str | None]]) -> None:
    """PDF page labels: (first page index, prefix); prefix None means lower-case roman numerals,
    "" plain decimals."""
    import pikepdf

    nums = []
    for start, prefix in ranges:
        style = {"/S": pikepdf.Name.r} if prefix is None else {"/S": pikepdf.Name.D}
        if prefix:
            style["/P"] = pikepdf.String(prefix)
        nums += [start, pikepdf.Dictionary(style)]
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def _save(pdf) -> bytes:
    import pikepdf

    buf = io.BytesIO()
    # deterministic_id: the file identifier is a hash of the content, so equal inputs give equal bytes.
    pdf.save(buf, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()


def chapter_pdf(title: str, subtitle: str, slug: str, number: int | None, reader_html: str) -> bytes:
    """A chapter as an A4 PDF: title page and contents (pages i, ii), then the body (pages n–1, n–2...).

    With number None (any other notebook, through `jupyter nbconvert --to study_pdf`) the body
    pages are numbered 1, 2... and the PDF cannot be part of the study."""
    import pikepdf

    body_html, headings = number_headings(slug, number, _body(reader_html))
    body = _html(_document(title, f'<section class="chapter">{body_html}</section>', _body_css(number))).render()
    where = {name: i for i, page in enumerate(body.pages) for name in page.anchors}
    entries = [(h, page_label(number, where[h.anchor] + 1)) for h in headings]
    meta = "" if number is None else "The summary of the study." if number == 0 else f"Chapter {number} of the study."
    front = _html(front_matter(title, subtitle, meta, entries)).render()
    laid_out = front.copy(front.pages + body.pages).write_pdf(uncompressed_pdf=False, custom_metadata=False)
    with pikepdf.open(io.BytesIO(laid_out)) as pdf:
        _label_pages(pdf, [(0, None), (len(front.pages), _prefix(number))])
        return _save(pdf)


# ---------------------------------------------------------------------------------------------
# The study: chapters' pages reused


@dataclass(frozen=True)
class _Part:
    pdf: object  # pikepdf.Pdf
    first: int  # index of the first body page
    prefix: str  # page label prefix, "3–"
    outline: list  # body headings: [(level, title, source page index, left, top)]
    #: the chapter's own named destinations on its body pages (its §-links and citations point to
    #: them): [(name, source page index, left, top)]
    dests: list = ()


def _named_dests(pdf) -> list[tuple[str, object]]:
    """Every (name, destination array) of a PDF's name tree, leaves and kids alike."""
    found: list[tuple[str, object]] = []

    def walk(node):
        if "/Names" in node:
            arr = list(node.Names)
            found.extend((str(arr[i]), arr[i + 1]) for i in range(0, len(arr), 2))
        for kid in node.get("/Kids", []):
            walk(kid)

    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        walk(pdf.Root.Names.Dests)
    return found


def _part(name: str, data: bytes):
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    labels = pdf.Root.get("/PageLabels")
    nums = list(labels.Nums) if labels is not None else []
    body = [(int(nums[i]), str(nums[i + 1].P)) for i in range(0, len(nums), 2) if "/P" in nums[i + 1]]
    if len(body) != 1:
        raise LayoutError(f"{name}: no chapter page labels; rebuild the chapter with `dvc repro`")
    first, prefix = body[0]
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    outline = []
    with pdf.open_outline() as o:
        def walk(items, level):
            for it in items:
                dest = it.destination
                if index[dest[0].objgen] >= first:  # not a bookmark of the chapter's own front matter
                    outline.append((level, str(it.title), index[dest[0].objgen], float(dest[2]), float(dest[3])))
                walk(it.children, level + 1)
        walk(o.root, 1)
    dests = []
    for dest_name, dest in _named_dests(pdf):
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.D
        page = index.get(dest[0].objgen)
        if page is not None and page >= first:
            left = float(dest[2]) if len(dest) > 2 and dest[2] is not None else 0.0
            top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else 0.0
            dests.append((dest_name, page, left, top))
    return _Part(pdf, first, prefix, outline, dests)


@dataclass(frozen=True)
class FrontMatter:
    """The study's title page and contents: the HTML and the PDF WeasyPrint made of it."""

    html: str
    pdf: bytes


@dataclass(frozen=True)
class Study:
    pdf: bytes
    front: FrontMatter
    front_reused: bool


def study_pdf(title: str, subtitle: str, meta: str, chapters: Sequence[tuple[str, bytes]],
              previous: FrontMatter | None = None) -> Study:
    """The study: its own title page and contents, then every chapter's body pages as laid out.
    `meta` is text, escaped, unless it is markupsafe.Markup (written by the package).

    The front matter is laid out only when its HTML differs from `previous` (the last build's):
    a change inside a chapter that moves no heading to another page needs no WeasyPrint at all.
    Layout is deterministic, so reusing the previous PDF gives the bytes a new layout would."""
    import pikepdf
    from pikepdf import OutlineItem, PageLocation

    parts = [_part(name, data) for name, data in chapters]
    # Contents entries, with where each will land: (heading, label, part, source page, left, top)
    entries, targets = [], []
    for k, part in enumerate(parts):
        for j, (level, text, src, left, top) in enumerate(part.outline):
            if level > 2:
                continue
            anchor = f"c{k}-{j}"
            entries.append((Heading(level, anchor, text), f"{part.prefix}{src - part.first + 1}"))
            targets.append((anchor, k, src, left, top))
    # The contents links point to placeholder anchors at the end of the front matter, so that
    # WeasyPrint writes them as named destinations; the names are then pointed at the chapters' pages.
    front_html = front_matter(title, subtitle, meta, entries, [a for a, *_ in targets])
    reused = previous is not None and previous.html == front_html
    if reused:
        front = previous
    else:
        front = FrontMatter(front_html, _html(front_html).write_pdf(uncompressed_pdf=False, custom_metadata=False))
    book = pikepdf.open(io.BytesIO(front.pdf))
    offsets, ranges = [], [(0, None)]
    for part in parts:
        offsets.append(len(book.pages) - part.first)  # new index = source index + offset
        ranges.append((len(book.pages), part.prefix))
        with warnings.catch_warnings():
            # pikepdf warns that extend() drops named destinations: they are rebuilt just below.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            book.pages.extend(part.pdf.pages[part.first:])
    # The contents' anchors, and every chapter's own destinations (its links within itself keep working).
    found = [(a, src + offsets[k], left, top) for a, k, src, left, top in targets]
    found += [(n, src + offsets[k], left, top) for k, part in enumerate(parts) for n, src, left, top in part.dests]
    names = []
    for a, page, left, top in sorted(dict((f[0], f) for f in found).values(), key=lambda t: t[0].encode()):
        names += [pikepdf.String(a), pikepdf.Array([book.pages[page].obj, pikepdf.Name.XYZ, left, top, 0])]
    book.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(names)))
    with book.open_outline() as o:
        o.root.clear()
        for k, part in enumerate(parts):
            stack: list[OutlineItem] = []
            for level, text, src, left, top in part.outline:
                item = OutlineItem(text, src + offsets[k], PageLocation.XYZ, left=left, top=top)
                del stack[level - 1:]
                (stack[-1].children if stack else o.root).append(item)
                stack.append(item)
    _label_pages(book, ranges)
    return Study(_save(book), front, reused)
