"""Render executed chapters for readers and reviewers: HTML without code, HTML with code, PDF.

The three exporters are nbconvert exporters, registered by the package under the entry point
group `nbconvert.exporters` (`jupyter nbconvert --to study_reader|study_reviewer|study_pdf`).
The PDF is WeasyPrint laying out the reader HTML with a print stylesheet (analysis.publish.pdf): no TeX,
no browser.
`render_chapter` produces all editions of one chapter in one process, so that the costly
imports (nbconvert, WeasyPrint) are paid once per chapter rather than once per edition.
"""

from __future__ import annotations

import re

import nbformat
from nbconvert.exporters import Exporter, HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Unicode, default

from analysis.publish.masthead import FOOTER, STUDY_TITLE, TEMPLATES, study_css


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
        from analysis.publish.pdf import LayoutError, chapter_number, number_page

        try:
            number = chapter_number(stem)
        except LayoutError:  # a notebook that is not a chapter of the study: no numbers, no sidebar
            number = None
        resources["study"] = {"css": study_css(), "edition": self.edition, "edition_label": self.edition_label,
                              "links": links, "footer": FOOTER, "description": title, "stem": stem,
                              "number": number}
        output, resources = super().from_notebook_node(nb, resources, **kw)
        if number is not None:  # sections numbered as in the PDF (3.1, 3.2 …), with the same ids
            output, _ = number_page(stem, number, output)
        return output, resources


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


class StudyPDFExporter(Exporter):
    """A chapter as a PDF: the reader HTML laid out by WeasyPrint (A4, contents, page labels "3–2")."""

    export_from_notebook = "Study chapter: PDF (WeasyPrint)"
    output_mimetype = Unicode("application/pdf")

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        from analysis.publish.pdf import LayoutError, chapter_number, chapter_pdf

        # The chapter stage has just rendered the reader edition: laid out from it, not rendered again.
        reader_html = resources.pop("study_reader_html", None)
        if reader_html is None:
            reader_html, _ = ReaderHTMLExporter().from_notebook_node(nb, dict(resources or {}))
        if "study_stem" in resources:  # a chapter stage: its notebook must be named as a chapter
            stem = resources["study_stem"]
            number = chapter_number(stem)
        else:  # `jupyter nbconvert --to study_pdf` on any notebook
            stem = resources.get("metadata", {}).get("name") or "notebook"
            try:
                number = chapter_number(stem)
            except LayoutError:
                number = None
        return chapter_pdf(chapter_title(nb), STUDY_TITLE, stem, number, reader_html), resources
