"""The study's apparatus in the pages: section numbers as in the PDF, chapter-prefixed figures,
and the sidebar, previous/next links and search that reports/site.js feeds, offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest
from browser import ARGS, CHROMIUM
from pdfinspect import outline

from analysis import paths
from analysis.publish.site import chapter_entry, site_js

CHAPTERS = sorted(p for p in (paths.REPORTS / "chapters").iterdir() if p.is_dir())


def site() -> dict:
    line = (paths.REPORTS / "site.js").read_text(encoding="utf-8").split("\n")[1]
    return json.loads(line.split("=", 1)[1].strip().rstrip(";").replace("<\\/", "</"))


def test_site_js_cannot_close_its_script_and_keeps_every_section(tmp_path):
    page = tmp_path / "x.html"
    page.write_text('<main><h1 id="x">T</h1><p>intro</p><h2 id="x-s1">1.1 A</h2><p>a &lt;/script&gt; b</p>'
                    '<h2 id="x-s2">1.2 B</h2><script>var no = 1;</script><p>c</p></main>', encoding="utf-8")
    text = site_js([("10_x", page)])
    assert "</script" not in text and "<\\/script" in text
    data = json.loads(text.split("\n")[1].split("=", 1)[1].strip().rstrip(";").replace("<\\/", "</"))
    assert data["chapters"] == [{"stem": "10_x", "title": "T", "sections": [
        {"id": "x-s1", "title": "1.1 A"}, {"id": "x-s2", "title": "1.2 B"}]}]
    assert [s["text"] for s in data["search"]] == ["intro", "a </script> b", "c"]


def test_every_chapter_is_in_the_site_in_order_with_its_numbered_sections():
    data = site()
    assert [c["stem"] for c in data["chapters"]] == [c.name for c in CHAPTERS]
    for chapter, entry in zip(CHAPTERS, data["chapters"], strict=True):
        number = int(chapter.name[:2]) // 10
        assert entry["sections"], chapter.name
        if number == 0:  # the summary, the front chapter: no numbers
            assert not re.match(r"\d", entry["title"]) and not any(re.match(r"\d", s["title"])
                                                                    for s in entry["sections"])
            continue
        assert entry["title"].startswith(f"{number}. ")
        for k, section in enumerate(entry["sections"], start=1):
            if section["title"].startswith("Appendix"):  # appendices are named by their letter
                continue
            assert section["title"].startswith(f"{number}.{k} "), section
            assert f'id="{section["id"]}"' in (chapter / f"{chapter.name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_html_sections_are_numbered_as_in_the_pdf(chapter):
    html_sections = [s["title"] for s in chapter_entry(chapter.name, (chapter / f"{chapter.name}.html")
                                                       .read_text(encoding="utf-8"))["sections"]]
    pdf_sections = [title for level, title, _ in outline(pikepdf.open(chapter / f"{chapter.name}.pdf"))]
    assert html_sections == pdf_sections


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_figures_and_tables_carry_their_chapter_number(chapter):
    number = int(chapter.name[:2]) // 10
    html = (chapter / f"{chapter.name}.html").read_text(encoding="utf-8")
    labels = re.findall(r"<strong>Figure ([\d.]+)\.</strong>", html) + re.findall(r"Table ([\d.]+)\. ", html)
    assert all(label.startswith(f"{number}.") for label in labels), labels


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_sidebar_pager_and_search_work_offline_at_every_width(width):
    from playwright.sync_api import sync_playwright

    chapter = CHAPTERS[2]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900})
        outside = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                   else (outside.append(r.request.url), r.abort()))
        page.goto((chapter / f"{chapter.name}.html").as_uri(), wait_until="load")
        toc = page.eval_on_selector_all("#study-toc > ol > li > a", "as => as.map(a => a.textContent)")
        assert len(toc) == len(CHAPTERS)
        number = int(chapter.name[:2]) // 10
        assert page.eval_on_selector("#study-toc a[aria-current=page]", "a => a.textContent").startswith(f"{number}. ")
        pager = page.eval_on_selector_all("#study-pager a", "as => as.map(a => a.className)")
        assert pager == ["prev", "next"]
        page.fill("#study-search-box", "etat civil")
        hits = page.eval_on_selector_all("#study-search-results a", "as => as.map(a => a.getAttribute('href'))")
        assert hits and all(Path(h.split("#")[0]).name.endswith(".html") for h in hits)
        page.fill("#study-search-box", "zzzz-nothing")
        assert "No section mentions" in page.inner_text("#study-search-results")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert outside == []
        browser.close()


def test_pdfs_carry_document_metadata_in_step_with_the_citation():
    import pikepdf
    import yaml

    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for pdf in [paths.REPORTS / "study.pdf", *(c / f"{c.name}.pdf" for c in CHAPTERS)]:
        doc = pikepdf.open(pdf)
        info = {k: str(v) for k, v in doc.docinfo.items()}
        assert info["/Author"] == cff["authors"][0]["name"], pdf.name
        assert info["/Title"] and info["/Subject"].startswith("How far French cities"), pdf.name
        assert "e-administration" in info["/Keywords"] and str(doc.Root.Lang) == "en", pdf.name
