"""Text from data never becomes markup: not in the prose, the tables, the landing page, the PDF.

A note in figures.csv, a term of the codebook or a source's title is data. Each injection below is
passed where chapters pass data (report.say, report.key_findings, tables.style, the landing page),
and the pages are parsed: the text shows as written, and no element, heading or image comes of it.
WeasyPrint reads only the study's own assets: a local file or a network address is refused.
"""

from __future__ import annotations

import base64
import http.server
import io
import threading
from pathlib import Path

import nbformat
import pandas as pd
import pikepdf
import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from pdfinspect import outline, page_texts

from analysis.publish import book, pdf, report, tables
from analysis.publish.masthead import TEMPLATES

# A 1x1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                       "AAAABJRU5ErkJggg==")
SCRIPT = "<script>alert(1)</script>"
ONERROR = "<img src=x onerror=alert(1)>"
HEADING = "a note\n# Injected heading"
LOCAL = '<img src="file:///etc/ssl/private/secret.png">'
INJECTIONS = [SCRIPT, ONERROR, HEADING, LOCAL, "**bold** _it_ `code` [link](http://x.example) | a | b |\n---|---",
              "- a list\n1. and a numbered one", "\\(x\\) $y$ https://evil.example/x.png <https://evil.example>"]


def shown(value: str) -> str:
    """The text a reader sees for `value`: line breaks read as spaces."""
    return " ".join(value.split())


def markdown(md: str) -> str:
    """Markdown as nbconvert renders a chapter's display outputs (raw HTML allowed)."""
    return MarkdownWithMath(renderer=IPythonRenderer(escape=False)).render(md)


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def assert_inert(doc: BeautifulSoup, scope=None):
    """No element came of the injections: no script, no image, no heading, no link of theirs."""
    scope = scope or doc
    assert not [s for s in scope.find_all("script") if "alert" in s.get_text()]
    assert not scope.find_all(attrs={"onerror": True})
    assert not [i for i in scope.find_all("img") if not i.get("src", "").startswith("data:image/png;base64,")]
    assert not [h for h in scope.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]) if "Injected" in h.get_text()]
    assert not [a for a in scope.find_all("a") if "example" in a.get("href", "")]


def text_of(doc: BeautifulSoup) -> str:
    return " ".join(doc.get_text().split())


# ---------------------------------------------------------------------------------------------
# Prose


@pytest.mark.parametrize("value", INJECTIONS)
def test_say_shows_data_as_written_and_makes_no_element(value):
    for md in (report.say(value).data, report.say("Note: " + value + ".").data,
               report.say("A *note*: {note}.", note=value).data, report.text(value)):
        doc = soup(markdown(md))
        assert_inert(doc)
        assert shown(value) in text_of(doc)
        # One paragraph: no heading, list, table, code or emphasis came of the value.
        assert [t.name for t in doc.find_all(True)] in (["p"], ["p", "em"])


def test_a_template_is_markdown_and_its_values_are_text():
    md = report.say("**{n}** notes, the first *{first}*, rate {rate:.1f}", n=2, first=SCRIPT, rate=0.456).data
    doc = soup(markdown(md))
    assert doc.strong.get_text() == "2" and doc.em.get_text() == SCRIPT and "rate 0.5" in text_of(doc)
    assert not doc.find_all("script")
    # Prose already escaped, or written by the chapter, is not escaped twice.
    assert report.prose("{x}", x=report.text("a_b")) == report.text("a_b") == "a\\_b"
    assert report.say(report.prose("*{x}*", x="<b>")).data == "*&lt;b&gt;*"


def test_an_injected_heading_reaches_neither_the_chapter_nor_its_contents():
    page = "<h1>Chapter</h1>" + markdown(report.say(HEADING).data) + "<h2>Section</h2>"
    body, headings = pdf.number_headings("10_x", 1, page)
    assert [h.text for h in headings] == ["1. Chapter", "1.1 Section"]
    assert "Injected heading" in text_of(soup(body))


def test_key_findings_are_escaped_on_the_page_and_kept_as_text_for_the_landing_page():
    items = [SCRIPT, HEADING, ONERROR]
    bundle = report.key_findings("x", items)._repr_mimebundle_()
    doc = soup(markdown(bundle["text/markdown"]))
    assert_inert(doc)
    assert [li.get_text() for li in doc.find_all("li")] == [shown(i) for i in items]
    assert bundle[report.FINDINGS_MIME]["findings"] == items


# ---------------------------------------------------------------------------------------------
# Tables


def test_tables_escape_cells_captions_and_column_names_whatever_the_format():
    df = pd.DataFrame({"note": INJECTIONS[:4], SCRIPT: [1, 2, 3, 4], "share": [0.1, 0.2, 0.3, 0.4],
                       "kind": pd.Categorical([ONERROR, "b", "c", "d"]), "as given": [LOCAL, "x", "y", "z"]})
    table = tables.style(df, f"Table 1. {SCRIPT} {ONERROR}", formats={"share": "{:.0%}", "as given": "{}"},
                         readable=False)
    doc = soup(table._repr_html_())
    assert_inert(doc)
    assert doc.caption.get_text() == f"Table 1. {SCRIPT} {ONERROR}"
    assert [th.get_text() for th in doc.find_all("th")] == ["note", SCRIPT, "share", "kind", "as given"]
    cells = [td.get_text() for td in doc.find_all("td")]
    for value in (SCRIPT, ONERROR, HEADING, LOCAL):
        assert value in cells
    assert "10%" in cells
    assert {t.name for t in doc.find_all(True)} <= {"style", "table", "caption", "thead", "tbody", "tr", "th", "td",
                                                   "wbr"}


# ---------------------------------------------------------------------------------------------
# Landing page and front matter


def test_the_landing_page_escapes_titles_findings_and_names(tmp_path):
    items = [{"stem": "10_a", "title": SCRIPT, "findings": [ONERROR, HEADING, LOCAL]},
             {"stem": '20_b"><script>alert(1)</script>', "title": "B", "findings": []}]
    doc = soup(book.landing_page(items))
    assert_inert(doc)
    assert [h.get_text() for h in doc.find_all(["h1", "h2"])] == [book.STUDY_TITLE, SCRIPT, "B", "How to cite"]
    assert [li.get_text() for li in doc.find_all("li")] == [ONERROR, HEADING, LOCAL]
    assert doc.find_all("section")[1]["id"] == items[1]["stem"]
    assert all(a["href"].startswith(("chapters/", "study.pdf", "../data/processed/")) for a in doc.find_all("a"))


def test_the_front_matter_escapes_everything_but_the_package_s_own_markup():
    entries = [(pdf.Heading(1, "a", SCRIPT), "1–1"), (pdf.Heading(2, "b", HEADING), '"><img src=x onerror=alert(1)>')]
    doc = soup(pdf.front_matter(ONERROR, LOCAL, SCRIPT, entries))
    assert_inert(doc)
    assert doc.find("p", class_="meta").get_text() == SCRIPT
    assert [a.get_text() for a in doc.nav.find_all("a")] == [SCRIPT, HEADING]
    doc = soup(pdf.front_matter("T", "S", Markup("Built with <code>make</code>."), []))
    assert doc.find("p", class_="meta").code.get_text() == "make"


# ---------------------------------------------------------------------------------------------
# What WeasyPrint may read


@pytest.fixture
def secret(tmp_path) -> Path:
    p = tmp_path / "secret.png"
    p.write_bytes(PNG)
    return p


def test_the_fetcher_serves_data_uris_and_the_templates_only(secret):
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert pdf.fetch_asset(data_uri).read() == PNG
    css = TEMPLATES / "study.css"
    assert pdf.fetch_asset(css.as_uri()).read() == css.read_bytes()
    refused = [secret.as_uri(), "file:///etc/passwd", "file:///etc/ssl/private/secret.png",
               (TEMPLATES / ".." / "pdf.py").as_uri(), "file://otherhost" + str(css), str(css),
               "http://127.0.0.1:9/x.png", "https://example.org/x.png", "ftp://example.org/x.png"]
    for url in refused:
        with pytest.raises(pdf.RefusedURL):
            pdf.fetch_asset(url)
        with pytest.raises(pdf.RefusedURL):
            pdf.url_fetcher()(url)  # as WeasyPrint calls it


@pytest.fixture
def server():
    """A local web server that records what is asked of it."""
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
            self.end_headers()
            self.wfile.write(b"p { color: red }" if self.path.endswith(".css") else PNG)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    httpd.shutdown()
    httpd.server_close()


def images(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as doc:
        return sum(len(page.get_images()) for page in doc.pages)


@pytest.mark.slow
def test_weasyprint_embeds_no_local_file_and_asks_no_server(secret, server):
    import weasyprint

    base, asked = server
    page = (f'<p>text</p><img src="{secret.as_uri()}"><img src="{base}/remote.png">'
            f'<link rel="stylesheet" href="{base}/style.css"><div style="background: url({base}/bg.png)">x</div>')
    # Without the fetcher, WeasyPrint would embed both images and ask the server three times.
    assert images(weasyprint.HTML(string=page).write_pdf()) == 2 and len(asked) == 3
    asked.clear()
    assert images(pdf._html(page).write_pdf()) == 0
    assert asked == []
    own = f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}">'
    assert images(pdf._html(own + page).write_pdf()) == 1  # the figures the package embeds still show


# ---------------------------------------------------------------------------------------------
# A chapter through the exporters: reader and reviewer editions, PDF


def _display(obj, source: str) -> nbformat.NotebookNode:
    if hasattr(obj, "_repr_mimebundle_"):
        data = obj._repr_mimebundle_()
    elif hasattr(obj, "_repr_html_"):
        data = {"text/html": obj._repr_html_(), "text/plain": repr(obj)}
    else:
        data = {"text/markdown": obj.data, "text/plain": "<IPython.core.display.Markdown object>"}
    out = nbformat.v4.new_output("display_data", data=data)
    return nbformat.v4.new_code_cell(source, outputs=[out], execution_count=1)


@pytest.fixture(scope="module")
def chapter_nb(tmp_path_factory):
    """An executed chapter whose data carry every injection, with a local image that exists."""
    secret = tmp_path_factory.mktemp("local") / "secret.png"
    secret.write_bytes(PNG)
    notes = INJECTIONS + [f'<img src="{secret.as_uri()}">']
    df = pd.DataFrame({"note": notes})
    cells = [nbformat.v4.new_markdown_cell("# Injection chapter\n\n## Notes\n\nThe notes as data.")]
    cells += [_display(report.say("Left out on purpose: " + " ".join(f"({i}) {t}" for i, t in enumerate(notes))),
                       "report.say(notes_sentence)"),
              _display(report.say("The note *{note}* is kept.", note=notes[-1]), "report.say(template, note=note)"),
              _display(tables.style(df, "Table 1. " + HEADING), "tables.style(df, caption)"),
              _display(report.key_findings("x", notes), "report.key_findings('x', notes)")]
    return nbformat.v4.new_notebook(cells=cells), notes


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["reader", "reviewer"])
def test_both_html_editions_show_the_injections_as_text(chapter_nb, edition):
    from analysis.publish.render import ReaderHTMLExporter, ReviewerHTMLExporter

    nb, notes = chapter_nb
    exporter = ReaderHTMLExporter() if edition == "reader" else ReviewerHTMLExporter()
    page, _ = exporter.from_notebook_node(nb, {"study_stem": "10_injection"})
    doc = soup(page)
    main = doc.main
    assert_inert(doc, main)
    assert not main.find_all("script") and not doc.find_all(src=lambda s: s and s.startswith("file:"))
    assert [h.get_text().rstrip("¶") for h in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])] == [
        "1. Injection chapter", "1.1 Notes"]  # numbered as in the PDF
    text = text_of(main)
    for note in notes:
        assert text.count(shown(note)) >= 3, note  # the sentence, the table, the findings
    assert shown("Table 1. " + HEADING) in text
    assert ("report.say(notes_sentence)" in text) == (edition == "reviewer")


@pytest.mark.slow
def test_the_pdf_has_no_injected_heading_and_no_image(chapter_nb, tmp_path):
    from analysis.publish.render import StudyPDFExporter

    nb, notes = chapter_nb
    data, _ = StudyPDFExporter().from_notebook_node(nb, {"study_stem": "10_injection"})
    assert images(data) == 0
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert [t for _, t, _ in outline(doc)] == ["1. Injection chapter", "1.1 Notes"]
    path = tmp_path / "chapter.pdf"
    path.write_bytes(data)
    text = "".join(page_texts(path))
    assert "Injected heading" in text and "alert(1)" in text
    contents = page_texts(path)[1]
    assert "Injected" not in contents


def test_a_long_bibliography_shows_its_first_entries_and_names_the_file_of_all():
    import pandas as pd

    from analysis.publish.report import bibliography

    src = pd.DataFrame({"source_id": [f"s{i:03d}" for i in range(12)], "publisher": "Outlet <b>", "title": "T",
                        "author": "", "date_printed": "", "url": "https://example.org/x"})
    whole = bibliography(src)._repr_html_()
    short = bibliography(src, max_entries=5, whole="data/processed/sources.csv")._repr_html_()
    assert whole.count("<li ") == 12 and "first" not in whole and "<b>" not in whole
    assert short.count("<li ") == 5 and "The first 5 of 12 sources" in short and "data/processed/sources.csv" in short


def test_a_bibliography_entry_has_one_full_stop_per_field():
    # « n.d. » and a title ending in « ? » keep their own stop; an outlet that is its own author is named once
    from analysis.publish.report import bibliography

    src = pd.DataFrame([{"source_id": "x", "publisher": "INSEE", "author": "INSEE", "title": "Pourquoi ?",
                         "date_printed": "", "url": "https://example.org/a"}])
    out = bibliography(src)._repr_html_()
    assert "n.d.</strong> " in out and "n.d.." not in out and "?</cite> " in out and "INSEE. INSEE" not in out
