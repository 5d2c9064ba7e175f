"""Cross-references found from the chapters' headings, and the summary's links that land."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from analysis import paths
from analysis.publish import xref

SCRIPT = """# %% [markdown]
# # Title
#
# ## First part
#
# text with ## not a heading

# %%
x = 1

# %% [markdown]
# ## Second part
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "30_topic.py").write_text(SCRIPT, encoding="utf-8")
    xref.sections.cache_clear()
    yield tmp_path
    xref.sections.cache_clear()


def test_sections_are_the_second_level_headings_in_order(folder):
    assert xref.sections("30_topic", folder) == ("First part", "Second part")


def test_a_section_link_carries_its_number_and_the_anchor_the_renderer_writes(folder):
    link = xref.section("30_topic", "Second", folder)
    assert link == "[§3.2](../30_topic/30_topic.html#30_topic-s2)"


@pytest.mark.parametrize("words", ["Third", ""])  # no heading, both headings
def test_a_heading_found_zero_or_several_times_stops_the_build_with_the_headings(folder, words):
    with pytest.raises(LookupError, match=r"30_topic\.py: \d+ second-level headings start with"):
        xref.section("30_topic", words, folder)


def test_chapter_and_figure_links():
    assert xref.chapter("50_trends") == "[Chapter 5](../50_trends/50_trends.html)"
    assert xref.figure("50_trends", 2) == "[Figure 5.2](../50_trends/50_trends.html#figure-5-2)"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def _parse(path):
    p = _Ids()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("edition", ["html", "reviewer.html"])
def test_every_link_of_the_summary_lands_on_an_element_of_the_rendered_study(edition):
    summary = paths.REPORTS / "chapters" / "00_summary" / f"00_summary.{edition}"
    links = [h for h in _parse(summary).hrefs if re.match(r"\.\./\d\d_[a-z]+/", h)]
    assert len(links) >= 10
    for href in links:
        page, _, anchor = href.partition("#")
        target = (summary.parent / unquote(page)).resolve()
        assert target.is_file(), href
        if anchor:
            assert unquote(anchor) in _parse(target).ids, href


@pytest.mark.parametrize("script", sorted(paths.NOTEBOOKS.glob("*.py")), ids=lambda p: p.stem)
def test_the_headings_read_as_text_are_those_of_the_py_percent_reader(script):
    from analysis.pipeline.notebooks import read_script

    cells = [c for c in read_script(script).cells if c.cell_type == "markdown"]
    expected = tuple(line[3:].strip() for c in cells for line in c.source.splitlines() if line.startswith("## "))
    xref.sections.cache_clear()
    assert xref.sections(script.stem) == expected
