"""Render executed chapters for readers and reviewers: HTML without code, HTML with code, PDF.

The three exporters are nbconvert exporters, registered by the package under the entry point
group `nbconvert.exporters` (`jupyter nbconvert --to study_reader|study_reviewer|study_pdf`).
The PDF is WeasyPrint laying out the reader HTML with a print stylesheet: no TeX, no browser.
`render_chapter` produces all editions of one chapter in one process, so that the costly
imports (nbconvert, WeasyPrint) are paid once per chapter rather than once per edition.
"""

from __future__ import annotations

import html
import os
import re
from importlib import resources as ir
from pathlib import Path

import nbformat
from nbconvert.exporters import Exporter, HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Unicode, default

TEMPLATES = Path(str(ir.files("analysis") / "templates"))
STUDY_TITLE = "E-administration in French local government"
FOOTER = ("Figures transcribed from public press reports, each with its source (data/raw/sources.csv); "
          "numbers in the text are computed by the pipeline. Code: MIT. Data: CC BY 4.0.")


def study_css() -> str:
    return (TEMPLATES / "study.css").read_text(encoding="utf-8")


def chapter_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return m.group(1).strip()
    return "Chapter"


class _StudyHTML(HTMLExporter):
    edition = "reader"
    edition_label = "Reader edition"

    @default("template_name")
    def _template_name_default(self):
        return "study"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES)]

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = dict(resources or {})
        title = chapter_title(nb)
        nb = nbformat.from_dict(nb)
        nb.metadata["title"] = f"{title} — {STUDY_TITLE}"
        stem = resources.get("study_stem", "chapter")
        links = resources.get("study_links") or [
            {"href": f"{stem}.reviewer.html" if self.edition == "reader" else f"{stem}.html",
             "label": "Reviewer edition (code)" if self.edition == "reader" else "Reader edition"},
            {"href": f"{stem}.pdf", "label": "PDF"},
        ]
        resources["study"] = {"css": study_css(), "edition": self.edition, "edition_label": self.edition_label,
                              "links": links, "footer": FOOTER, "description": title}
        return super().from_notebook_node(nb, resources, **kw)


class ReaderHTMLExporter(_StudyHTML):
    """A chapter as readers see it: narrative, figures and tables, no code."""

    export_from_notebook = "Study chapter: reader HTML"
    edition = "reader"
    edition_label = "Reader edition"

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    def __init__(self, **kw):
        super().__init__(**kw)
        # Cells tagged "review-only" (result summaries for reviewers) stay out of the reader edition.
        self.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"review-only"}), enabled=True)


class ReviewerHTMLExporter(_StudyHTML):
    """A chapter as reviewers see it: the code that produced every number, and its output."""

    export_from_notebook = "Study chapter: reviewer HTML"
    edition = "reviewer"
    edition_label = "Reviewer edition (with code)"


# ---------------------------------------------------------------------------------------------
# PDF


PRINT_CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: "E-administration in French local government"; font: 8pt "DejaVu Sans"; color: #555; }
  @top-right { content: string(chapter); font: 8pt "DejaVu Sans"; color: #555; }
  @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans"; color: #555; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
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
th, td { overflow-wrap: anywhere; }
.jp-RenderedHTMLCommon table { width: 100% !important; table-layout: auto !important; }
tr { page-break-inside: avoid; }
th, td { padding: 1pt 4pt; border-bottom: 0.5pt solid #bbb; text-align: left; vertical-align: top; }
caption { caption-side: top; font: bold 8.5pt "DejaVu Sans"; text-align: left; padding-bottom: 2pt; }
pre { white-space: pre-wrap; font: 7.5pt "DejaVu Sans Mono"; }
.title-page { page: title; text-align: left; padding-top: 60mm; }
.title-page h1 { font-size: 24pt; page-break-before: avoid; string-set: none; }
.title-page .subtitle { font: 12pt "DejaVu Sans"; color: #333; }
.title-page .meta { margin-top: 40mm; font: 9pt "DejaVu Sans"; color: #444; }
nav.toc { page-break-before: always; page-break-after: always; }
nav.toc h2 { page-break-before: avoid; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 2pt 0; font-family: "DejaVu Sans"; }
nav.toc li.level-2 { margin-left: 8mm; font-size: 9pt; }
nav.toc a { color: #000; text-decoration: none; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
a { color: #0b5394; text-decoration: none; }
"""


def _body(html_text: str) -> str:
    m = re.search(r"<main>(.*)</main>", html_text, re.S)
    return m.group(1) if m else html_text


def _strip_for_print(body: str) -> str:
    # Drop the styles and anchors that only make sense on screen.
    body = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", body, flags=re.S)
    return body


def _toc(bodies: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """Number the h1/h2 headings of each body, give them ids, and build a table of contents."""
    items, out = [], []
    for ci, (slug, body) in enumerate(bodies, start=1):
        counter = {"h2": 0}

        def renumber(m, ci=ci, slug=slug, counter=counter):
            level, text = m.group(1), m.group(3)
            plain = re.sub(r"<[^>]+>", "", text).strip()
            if level == "1":
                hid = f"{slug}"
                items.append((1, hid, f"{ci}. {plain}"))
                cls = ' class="first"' if ci == 1 and not items[:-1] else ""
                return f'<h1 id="{hid}"{cls}>{ci}. {html.escape(plain)}</h1>'
            counter["h2"] += 1
            hid = f"{slug}-s{counter['h2']}"
            items.append((2, hid, f"{ci}.{counter['h2']} {plain}"))
            return f'<h2 id="{hid}">{ci}.{counter["h2"]} {html.escape(plain)}</h2>'

        out.append(re.sub(r"<h([12])([^>]*)>(.*?)</h\1>", renumber, body, flags=re.S))
    lis = "\n".join(f'<li class="level-{lv}"><a href="#{hid}">{html.escape(t)}</a></li>' for lv, hid, t in items)
    return f'<nav class="toc"><h2>Contents</h2><ol>{lis}</ol></nav>', out


def print_document(title: str, subtitle: str, bodies: list[tuple[str, str]], meta: str = "") -> str:
    """One printable HTML document: title page, contents, the chapters with numbered headings."""
    toc, numbered = _toc([(slug, _strip_for_print(_body(b))) for slug, b in bodies])
    chapters = "\n".join(f'<section class="chapter">{b}</section>' for b in numbered)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{study_css()}</style><style>{PRINT_CSS}</style></head><body>"
            f'<section class="title-page"><h1>{html.escape(title)}</h1>'
            f'<p class="subtitle">{html.escape(subtitle)}</p><p class="meta">{meta}</p></section>'
            f"{toc}{chapters}</body></html>")


def write_pdf(document: str, base_url: str | None = None) -> bytes:
    """Lay out the document with WeasyPrint. WeasyPrint 70 writes no creation date and no /ID, so the
    bytes depend only on the document; SOURCE_DATE_EPOCH is pinned in case a later version does."""
    import weasyprint

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    return weasyprint.HTML(string=document, base_url=base_url).write_pdf(
        uncompressed_pdf=False, custom_metadata=False)


class StudyPDFExporter(Exporter):
    """A chapter as a PDF: the reader HTML laid out by WeasyPrint (A4, contents, page numbers)."""

    export_from_notebook = "Study chapter: PDF (WeasyPrint)"
    output_mimetype = Unicode("application/pdf")

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        reader_html, _ = ReaderHTMLExporter().from_notebook_node(nb, dict(resources or {}))
        title = chapter_title(nb)
        doc = print_document(title, STUDY_TITLE, [(resources.get("study_stem", "chapter"), reader_html)])
        return write_pdf(doc), resources
