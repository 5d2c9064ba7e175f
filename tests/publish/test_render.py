"""The rendered study as a reader meets it: pages in a real browser, the PDF through poppler.

Chromium is Debian's (installed by scripts/system-deps.sh), driven headless by Playwright; no
browser is downloaded. Every page must load with no console error and no request leaving the
machine, show all its images, and every link must resolve. Screenshots go to test-output/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
import pytest
from browser import ARGS, CHROMIUM
from pdfinspect import internal_links, outline, page_labels, page_texts, words_past_right_margin

from analysis import paths

pytestmark = pytest.mark.slow

SHOTS = paths.ROOT / "test-output" / "screenshots"
CHAPTERS = sorted(p for p in (paths.REPORTS / "chapters").iterdir() if p.is_dir())
PDFS = [paths.REPORTS / "study.pdf"] + [c / f"{c.name}.pdf" for c in CHAPTERS]
PAGES = [paths.REPORTS / "index.html"]
PAGES += [p / f"{p.name}{suffix}" for p in CHAPTERS for suffix in (".html", ".reviewer.html")]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `make system-deps` (scripts/system-deps.sh)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_every_chapter_has_all_editions():
    assert [c.name for c in CHAPTERS] == [p.stem for p in sorted(paths.NOTEBOOKS.glob("[0-9]0_*.py"))]
    assert len(CHAPTERS) == 8 and CHAPTERS[0].name == "00_summary"
    for c in CHAPTERS:
        for suffix in (".html", ".reviewer.html", ".pdf", ".ipynb"):
            assert (c / f"{c.name}{suffix}").is_file(), (c, suffix)
    assert (paths.REPORTS / "study.pdf").is_file()


@pytest.mark.parametrize("page_path", PAGES, ids=[str(p.relative_to(paths.REPORTS)) for p in PAGES])
def test_page_in_a_real_browser(browser, page_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, outside = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto(page_path.as_uri(), wait_until="load")
    assert errors == [], errors
    assert outside == [], f"the page asked the network for {outside}"
    images = page.evaluate("Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])")
    assert all(ok for ok, _ in images), "an image did not load"
    assert all(alt and not alt.startswith("No description") for _, alt in images), "an image has no alt text"
    assert page.title()
    hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    for href in hrefs:
        u = urlparse(href)
        if u.scheme in ("http", "https", "mailto"):
            continue
        target = Path(unquote(u.path))
        assert target.is_file(), f"{page_path.name}: broken link {href}"
        if u.fragment and target.suffix == ".html":
            html = target.read_text(encoding="utf-8")
            ids = {u.fragment, unquote(u.fragment)}  # nbconvert writes some ids percent-encoded
            assert any(f'id="{i}"' in html for i in ids), f"missing anchor {href}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{page_path.parent.name}-{page_path.stem}.png"), full_page=False)
    # Nothing wider than the window: no horizontal scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.close()


def test_reader_edition_hides_code_and_reviewer_shows_it():
    for c in CHAPTERS:
        reader = (c / f"{c.name}.html").read_text(encoding="utf-8")
        reviewer = (c / f"{c.name}.reviewer.html").read_text(encoding="utf-8")
        assert "jp-CodeMirrorEditor jp-Editor" not in reader
        assert "jp-CodeMirrorEditor jp-Editor" in reviewer and "import" in reviewer
        # One script, the study's own, from disk (sidebar, search): nothing from the network.
        assert re.findall(r'<script src="([^"]+)"', reader) == ["../../site.js"], c.name
        assert "<link rel=\"stylesheet\" href=\"http" not in reader


def test_study_pdf_text_headings_and_french_characters():
    text = "".join(page_texts(paths.REPORTS / "study.pdf"))
    for heading in ["Contents", "Summary: how far French cities", "Lecko 2014",
                    "PAC: how large cities", "Les Interconnectés / Kurt Salmon 2012",
                    "Markess", "Trends: local e-administration", "Synthesis", "Data and methods"]:
        assert heading in text, heading
    for word in ["Réunion", "collectivités", "l’État", "œuvre", "«", "»", "é", "è", "ç", "–", "’", "≥"]:
        assert word in text, word
    assert "\ufffd" not in text  # no replacement character: no missing glyph


def test_pdf_fonts_are_embedded_and_pages_sane():
    for pdf in PDFS:
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.strip().splitlines()[2:]
        assert rows, pdf
        for row in rows:
            assert re.search(r"\byes\s+yes\s+yes\b", row), f"{pdf.name}: font not embedded: {row}"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        assert (round(float(size.group(1))), round(float(size.group(2)))) == (595, 842), "not A4"
        assert 3 <= pages <= 150, (pdf.name, pages)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_no_text_runs_past_the_right_margin(pdf):
    # A table wider than the page is clipped in print: every word must end inside the margins.
    assert words_past_right_margin(pdf) == []


def test_study_pages_are_the_chapters_pages_with_their_labels_outline_and_links():
    study_path = paths.REPORTS / "study.pdf"
    study = pikepdf.open(study_path)
    texts, labels = page_texts(study_path), page_labels(study)
    body_texts, body_labels = [], []
    for c in CHAPTERS:
        chapter = pikepdf.open(c / f"{c.name}.pdf")
        first = outline(chapter)[0][2]  # the chapter's h1: its first body page
        body_texts += page_texts(c / f"{c.name}.pdf")[first:]
        body_labels += page_labels(chapter)[first:]
    front = len(texts) - len(body_texts)
    assert texts[front:] == body_texts
    assert labels[front:] == body_labels and labels[:front] == ["i", "ii", "iii", "iv"][:front]
    for text, label in zip(texts[front:], body_labels, strict=True):
        assert label in text.splitlines(), label  # the footer shows the label
    marks = outline(study)
    tops = [t for lv, t, _ in marks if lv == 1]
    assert tops[0] == "Summary: how far French cities took their online services"  # the front chapter: unnumbered
    assert [t.split(" ", 1)[1] for t in tops[1:]] == [
        "Lecko 2014: the sophistication of online services in the largest cities",
        "PAC: how large cities roll out their e-services",
        "Les Interconnectés / Kurt Salmon 2012: e-services of large collectivités",
        "Markess: local decision makers and their digital strategies",
        "Trends: local e-administration and its citizens in public series",
        "Synthesis: where the studies agree, city size, and a timeline of maturity",
        "Data and methods"]
    contents = "".join(texts[1:front])
    def bare(text):  # a heading broken across lines loses its spaces and hyphens in pdftotext
        return re.sub(r"[\s\-]", "", text)

    for _, title, page in marks:
        assert bare(title) in bare(texts[page]) and labels[page] in contents, title
    targets = list(dict.fromkeys((dest, top) for src, dest, top in internal_links(study) if src < front))
    assert [dest for dest, _ in targets] == [page for _, _, page in marks]


@pytest.mark.parametrize("fmt, suffix", [("study_reader", ".html"), ("study_reviewer", ".html"),
                                         ("study_pdf", ".pdf")])
@pytest.mark.parametrize("notebook", ["pipeline/01_clean.ipynb", "chapters/20_pac/20_pac.ipynb"])
def test_exporters_work_from_the_nbconvert_command_line_on_any_executed_notebook(tmp_path, fmt, suffix, notebook):
    # The entry points registered by the package, as `make bench`'s naive way and users call them.
    src = paths.REPORTS / notebook
    res = subprocess.run([str(Path(sys.executable).with_name("jupyter")), "nbconvert", "--to", fmt,
                          "--output-dir", str(tmp_path), str(src)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    out = tmp_path / (src.stem + suffix)
    assert out.stat().st_size > 1000
    if suffix == ".pdf":
        labels = page_labels(pikepdf.open(out))
        assert labels[2] == ("2–1" if "20_pac" in notebook else "1"), labels
