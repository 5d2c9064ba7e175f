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
from collections.abc import Sequence
from dataclasses import dataclass

DASH = "\u2013"  # en dash, between chapter number and page number: 3–2

PRINT_CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: "E-administration in French local government"; font: 8pt "DejaVu Sans"; color: #555; }
  @top-right { content: string(chapter); font: 8pt "DejaVu Sans"; color: #555; }
  @bottom-center { content: counter(page, lower-roman); font: 8pt "DejaVu Sans"; color: #555; } }
@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }
html { font-family: "DejaVu Serif", serif; font-size: 10pt; line-height: 1.45; }
body { margin: 0; }
.study-nav, .study-footer, a.anchor-link, .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.jp-Cell, .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; }
h1 { string-set: chapter content(); font-family: "DejaVu Sans"; font-size: 18pt; page-break-before: always;
  margin-top: 0; }
h1.first { page-break-before: avoid; }
h2 { font-family: "DejaVu Sans"; font-size: 13pt; page-break-after: avoid; }
h3 { font-family: "DejaVu Sans"; font-size: 11pt; page-break-after: avoid; }
figure { margin: 6mm 0; page-break-inside: avoid; }
figure img { max-width: 100%; max-height: 150mm; }
figcaption { font: 8.5pt "DejaVu Sans"; }
table { border-collapse: collapse; font: 7pt "DejaVu Sans"; width: 100% !important; max-width: 100%;
  table-layout: auto; page-break-inside: auto; }
th, td { overflow-wrap: break-word; }
.jp-RenderedHTMLCommon table { width: 100% !important; table-layout: auto !important; }
tr { page-break-inside: avoid; }
th, td { padding: 1pt 3pt !important; border-bottom: 0.5pt solid #bbb; text-align: left; vertical-align: top; }
caption { caption-side: top; font: bold 8.5pt "DejaVu Sans"; text-align: left; padding-bottom: 2pt; }
pre { white-space: pre-wrap; font: 7.5pt "DejaVu Sans Mono"; }
.title-page { text-align: left; padding-top: 60mm; }
.title-page h1 { font-size: 24pt; page-break-before: avoid; string-set: none; bookmark-level: none; }
.title-page .subtitle { font: 12pt "DejaVu Sans"; color: #333; }
.title-page .meta { margin-top: 40mm; font: 9pt "DejaVu Sans"; color: #444; }
nav.toc { page-break-before: always; }
nav.toc h2 { bookmark-level: none; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 2pt 0; font-family: "DejaVu Sans"; }
nav.toc li.level-2 { margin-left: 8mm; font-size: 9pt; }
nav.toc a { color: #000; text-decoration: none; }
nav.toc a::after { content: leader('.') attr(data-page); }
a { color: #0b5394; text-decoration: none; }
"""


def _prefix(number: int | None) -> str:
    return "" if number is None else f"{number}{DASH}"


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
    """The chapter's place in the study, from its notebook's name: 10_lecko -> 1, 70_methods -> 7."""
    m = re.match(r"(\d+)_", stem)
    if not m or int(m.group(1)) < 10 or int(m.group(1)) % 10:
        raise LayoutError(f"{stem!r}: a chapter notebook is named NN_topic with NN a multiple of 10 "
                         "(10_lecko is chapter 1); its number gives the chapter's place and page labels")
    return int(m.group(1)) // 10


def page_label(number: int | None, page: int) -> str:
    return f"{_prefix(number)}{page}"


def _body(html_text: str) -> str:
    m = re.search(r"<main>(.*)</main>", html_text, re.S)
    body = m.group(1) if m else html_text
    # Anchors beside headings only make sense on screen.
    return re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", body, flags=re.S)


def number_headings(slug: str, number: int | None, body: str) -> tuple[str, list[Heading]]:
    """Number the chapter's h1 and h2 (3., 3.1, ...) and give them ids the contents can point to.

    A notebook that is not a chapter of the study (number None) keeps its headings unnumbered."""
    headings: list[Heading] = []
    counter = {"h2": 0}

    def renumber(m):
        level, text = m.group(1), m.group(3)
        plain = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        if level == "1":
            first = not any(h.level == 1 for h in headings)
            headings.append(Heading(1, slug, plain if number is None else f"{number}. {plain}"))
            cls = ' class="first"' if first else ""
            return f'<h1 id="{slug}"{cls}>{html.escape(headings[-1].text)}</h1>'
        counter["h2"] += 1
        hid = f"{slug}-s{counter['h2']}"
        headings.append(Heading(2, hid, plain if number is None else f"{number}.{counter['h2']} {plain}"))
        return f'<h2 id="{hid}">{html.escape(headings[-1].text)}</h2>'

    return re.sub(r"<h([12])([^>]*)>(.*?)</h\1>", renumber, body, flags=re.S), headings


def _document(title: str, body: str, extra_css: str = "") -> str:
    from analysis.publish.masthead import study_css

    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{study_css()}</style><style>{PRINT_CSS}{extra_css}</style></head><body>{body}</body></html>")


def front_matter(title: str, subtitle: str, meta: str, entries: Sequence[tuple[Heading, str]]) -> str:
    """Title page and contents; `entries` pairs each heading with its page label."""
    lis = "\n".join(
        f'<li class="level-{h.level}"><a href="#{h.anchor}" data-page="{html.escape(label)}">'
        f"{html.escape(h.text)}</a></li>" for h, label in entries)
    return _document(title, (
        f'<section class="title-page"><h1>{html.escape(title)}</h1>'
        f'<p class="subtitle">{html.escape(subtitle)}</p><p class="meta">{meta}</p></section>'
        f'<nav class="toc"><h2>Contents</h2><ol>{lis}</ol></nav>'))


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

    weasyprint = _weasyprint()
    body_html, headings = number_headings(slug, number, _body(reader_html))
    body = weasyprint.HTML(string=_document(title, f'<section class="chapter">{body_html}</section>',
                                            _body_css(number))).render()
    where = {name: i for i, page in enumerate(body.pages) for name in page.anchors}
    entries = [(h, page_label(number, where[h.anchor] + 1)) for h in headings]
    meta = "" if number is None else f"Chapter {number} of the study."
    front = weasyprint.HTML(string=front_matter(title, subtitle, meta, entries)).render()
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
    return _Part(pdf, first, prefix, outline)


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
    placeholders = "".join(f'<span id="{a}"></span>' for a, *_ in targets)
    front_html = front_matter(title, subtitle, meta, entries).replace("</body>", placeholders + "</body>")
    reused = previous is not None and previous.html == front_html
    if reused:
        front = previous
    else:
        front = FrontMatter(front_html, _weasyprint().HTML(string=front_html).write_pdf(
            uncompressed_pdf=False, custom_metadata=False))
    book = pikepdf.open(io.BytesIO(front.pdf))
    offsets, ranges = [], [(0, None)]
    for part in parts:
        offsets.append(len(book.pages) - part.first)  # new index = source index + offset
        ranges.append((len(book.pages), part.prefix))
        book.pages.extend(part.pdf.pages[part.first:])
    names = []
    for a, k, src, left, top in sorted(targets, key=lambda t: t[0].encode()):
        names += [pikepdf.String(a), pikepdf.Array([book.pages[src + offsets[k]].obj, pikepdf.Name.XYZ, left, top, 0])]
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
