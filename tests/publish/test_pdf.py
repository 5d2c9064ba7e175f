"""Print layout: chapter PDFs with chapter-relative page labels, and the study assembled from them.

The layout tests run WeasyPrint (pango) and poppler, Debian packages installed by
scripts/system-deps.sh, so they are marked slow; naming and numbering rules are plain unit tests.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from pdfinspect import internal_links, outline, page_labels, page_texts

from analysis.publish import pdf


def reader_html(title: str, sections: dict[str, int]) -> str:
    """A reader edition as render.py writes it: headings and paragraphs inside <main>."""
    body = [f"<h1>{title}</h1><p>Opening paragraph of {title}.</p>"]
    for name, paragraphs in sections.items():
        body.append(f"<h2>{name}</h2>")
        body += [f"<p>{name} paragraph {i}: " + "words in a long line of text " * 12 + "</p>"
                 for i in range(paragraphs)]
    return f"<html><body><nav>screen only</nav><main>{''.join(body)}</main></body></html>"


@pytest.mark.parametrize("stem, number", [("00_summary", 0), ("10_lecko", 1), ("30_interconnectes", 3),
                                          ("70_methods", 7), ("120_annex", 12)])
def test_chapter_number_comes_from_the_notebook_name(stem, number):
    assert pdf.chapter_number(stem) == number


@pytest.mark.parametrize("stem", ["lecko", "01_clean", "15_extra", "chapter", "7_methods"])
def test_a_notebook_name_without_a_chapter_number_is_refused_with_the_rule(stem):
    with pytest.raises(pdf.LayoutError, match=r"NN_topic.*multiple of 10"):
        pdf.chapter_number(stem)


def test_the_front_chapter_keeps_its_headings_unnumbered_and_labels_its_pages_s():
    body, heads = pdf.number_headings("00_summary", 0, "<h1>Summary</h1><p>x</p><h2>First</h2><h2>Second</h2>")
    assert [h.text for h in heads] == ["Summary", "First", "Second"]
    assert 'id="00_summary-s2"' in body and ">First<" in body
    assert pdf.page_label(0, 3) == f"S{pdf.DASH}3" and pdf.page_label(2, 3) == f"2{pdf.DASH}3"


def test_headings_are_numbered_by_chapter_with_stable_ids():
    body, headings = pdf.number_headings("30_x", 3, "<h1>Title &amp; more</h1><h2>One</h2><p>t</p><h2 id='z'>Two</h2>")
    assert [(h.level, h.anchor, h.text) for h in headings] == [
        (1, "30_x", "3. Title & more"), (2, "30_x-s1", "3.1 One"), (2, "30_x-s2", "3.2 Two")]
    assert '<h1 id="30_x" class="first">3. Title &amp; more</h1>' in body
    assert '<h2 id="30_x-s2">3.2 Two</h2>' in body


@pytest.fixture(scope="module")
def chapters():
    specs = [("10_alpha", 1, "Alpha chapter", {"First part": 14, "Second part": 14}),
             ("20_beta", 2, "Beta chapter", {"Only part": 20})]
    return [(f"{stem}.pdf", pdf.chapter_pdf(title, "Study title", stem, n, reader_html(title, sections)))
            for stem, n, title, sections in specs]


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.slow
def test_chapter_pdf_numbers_its_pages_by_chapter_everywhere(chapters, tmp_path):
    name, data = chapters[0]
    doc = pikepdf.open(io.BytesIO(data))
    labels = page_labels(doc)
    assert labels[:2] == ["i", "ii"] and labels[2:] == [f"1–{k}" for k in range(1, len(labels) - 1)]
    assert len(labels) >= 5, "the synthetic chapter should span several body pages"
    texts = page_texts(_write(tmp_path, name, data))
    for label, text in zip(labels[2:], texts[2:], strict=True):
        assert label in text.splitlines(), (label, text[-40:])  # the footer shows the label
    # Bookmarks: the body headings only (not the title page, not "Contents"), on the page they are on.
    marks = outline(doc)
    assert [(lv, t) for lv, t, _ in marks] == [(1, "1. Alpha chapter"), (2, "1.1 First part"), (2, "1.2 Second part")]
    for _, title, page in marks:
        assert title in texts[page]
    # The contents page gives each heading the label of the page it is on, and links there.
    for _, title, page in marks:
        assert f"{title}" in texts[1] and labels[page] in texts[1]
    links = internal_links(doc)
    assert sorted({dest for _, dest, _ in links}) == sorted({page for _, _, page in marks})
    assert all(src == 1 for src, _, _ in links)


@pytest.mark.slow
def test_study_reuses_the_chapter_pages_and_links_its_contents(chapters, tmp_path):
    data = pdf.study_pdf("Study title", "Subtitle", "meta", chapters).pdf
    assert data == pdf.study_pdf("Study title", "Subtitle", "meta", chapters).pdf, "not deterministic"
    study = pikepdf.open(io.BytesIO(data))
    study_texts = page_texts(_write(tmp_path, "study.pdf", data))
    # Title page and contents, then every chapter's body pages, unchanged and in order.
    expected = []
    for name, chapter in chapters:
        expected += page_texts(_write(tmp_path, name, chapter))[2:]
    front = len(study_texts) - len(expected)
    assert front == 2
    assert study_texts[front:] == expected
    labels = page_labels(study)
    chapter_labels = [lab for _, c in chapters for lab in page_labels(pikepdf.open(io.BytesIO(c)))[2:]]
    assert labels == ["i", "ii"] + chapter_labels
    marks = outline(study)
    assert [t for _, t, _ in marks] == ["1. Alpha chapter", "1.1 First part", "1.2 Second part",
                                        "2. Beta chapter", "2.1 Only part"]
    for _, title, page in marks:
        assert title in study_texts[page] and labels[page] in study_texts[1]
    # WeasyPrint writes one link area per piece of an entry (text, leader, label): one target each.
    links = internal_links(study)
    assert {src for src, _, _ in links} == {1}
    targets = list(dict.fromkeys((dest, top) for _, dest, top in links))
    assert [dest for dest, _ in targets] == [page for _, _, page in marks]


@pytest.mark.slow
def test_study_refuses_a_pdf_that_is_not_a_laid_out_chapter():
    import weasyprint

    plain = weasyprint.HTML(string="<p>not a chapter</p>").write_pdf()
    with pytest.raises(pdf.LayoutError, match=r"^stray\.pdf: no chapter page labels"):
        pdf.study_pdf("T", "S", "m", [("stray.pdf", plain)])


@pytest.mark.slow
def test_a_notebook_that_is_no_chapter_still_gets_a_pdf_but_not_a_place_in_the_study():
    import nbformat

    from analysis.publish.render import StudyPDFExporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Cleaning\n\n## Step\n\ntext")])
    data, _ = StudyPDFExporter().from_notebook_node(nb, {"metadata": {"name": "01_clean"}})
    doc = pikepdf.open(io.BytesIO(data))
    assert page_labels(doc) == ["i", "ii", "1"]
    assert [t for _, t, _ in outline(doc)] == ["Cleaning", "Step"]
    with pytest.raises(pdf.LayoutError, match="01_clean.pdf: no chapter page labels"):
        pdf.study_pdf("T", "S", "m", [("01_clean.pdf", data)])
    with pytest.raises(pdf.LayoutError, match="NN_topic"):  # in a chapter stage the name is a rule
        StudyPDFExporter().from_notebook_node(nb, {"study_stem": "01_clean"})


@pytest.mark.slow
def test_the_front_matter_is_laid_out_again_only_when_it_changes(chapters):
    first = pdf.study_pdf("Study title", "Subtitle", "meta", chapters)
    assert not first.front_reused
    again = pdf.study_pdf("Study title", "Subtitle", "meta", chapters, previous=first.front)
    assert again.front_reused and again.pdf == first.pdf  # reuse gives the bytes of a new layout
    other = pdf.study_pdf("Another title", "Subtitle", "meta", chapters, previous=first.front)
    assert not other.front_reused and other.pdf != first.pdf
    assert "Another title" in other.front.html
