"""The study's order of chapters and its landing page."""

import json

import pytest

from analysis.publish import book
from analysis.publish.pdf import LayoutError


def chapter(folder, stem, title="T"):
    d = folder / stem
    d.mkdir()
    (d / "findings.json").write_text(json.dumps({"stem": stem, "title": title, "findings": ["a < b"]}))
    return d


def test_chapters_come_in_number_order_not_name_order(tmp_path):
    for stem in ["100_annex", "20_b", "10_a"]:
        chapter(tmp_path, stem)
    (tmp_path / "not_a_chapter").mkdir()
    assert [p.name for p in book.chapter_dirs(tmp_path)] == ["10_a", "20_b", "100_annex"]


def test_two_chapters_with_one_number_are_refused_by_name(tmp_path):
    chapter(tmp_path, "30_a")
    chapter(tmp_path, "30_b")
    with pytest.raises(LayoutError, match=r"several chapters have number \[3\]: 30_a, 30_b"):
        book.chapter_dirs(tmp_path)


def test_landing_page_escapes_findings_and_links_every_edition(tmp_path):
    chapter(tmp_path, "10_a", title="A & B")
    page = book.landing_page(book.findings(tmp_path))
    assert "<li>a &lt; b</li>" in page and "<h2>A &amp; B</h2>" in page
    for href in ["chapters/10_a/10_a.html", "chapters/10_a/10_a.reviewer.html", "chapters/10_a/10_a.pdf",
                 "study.pdf"]:
        assert f'href="{href}"' in page
