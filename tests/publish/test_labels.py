"""Readers see words, not identifiers: the codebook's labels in tables, and a scan of the pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis import paths
from analysis.publish import labels, tables

IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def test_terms_columns_sources_and_booleans_read_as_words():
    df = pd.DataFrame({"indicator": ["civil_status_dematerialised"], "agreement": ["within_rounding"],
                       "study": ["interconnectes"], "source_id": ["weka_2013_interconnectes"],
                       "preferred": [True], "ci_low": [0.5]})
    out = labels.readable(df)
    assert list(out.columns) == ["Indicator", "Agreement of the reports", "Study", "Source", "Preferred report",
                                 "95 % interval, low"]
    assert out.iloc[0].tolist() == ["civil status partly dematerialised", "within rounding",
                                    "Les Interconnectés / Kurt Salmon (2012)", "Weka 2013", "yes", 0.5]


def test_a_label_in_the_codebook_wins_and_a_sentence_is_left_alone():
    assert labels.term("over_100k", "subgroup") == "over 100,000 inhabitants"
    assert labels.term("Les villes de plus de 100 000 habitants") == "Les villes de plus de 100 000 habitants"
    assert labels.cite("no_such_source") == "no_such_source n.d."


def test_tables_show_labels_and_align_numbers_right_and_text_left():
    df = pd.DataFrame({"indicator": ["e_parapheur"], "value": [0.42]})
    html = tables.style(df, "Table 9.9. x")._repr_html_()
    assert "e_parapheur" not in html and "electronic signature book (parapheur)" in html and "Indicator" in html
    unlabelled = tables.style(pd.DataFrame({"indicator": ["no_label_here"]}), "Table 9.9. y")._repr_html_()
    assert "no label here" in unlabelled and "no_label_here" not in unlabelled
    assert re.search(r"td\.col1 \{\s*text-align: right;", html) and re.search(r"td \{[^}]*text-align: left;", html)
    raw = tables.style(df, "Table 9.9. x", readable=False)._repr_html_()
    assert "e_parapheur" in raw or "e_<wbr>parapheur" in raw


class _Visible(HTMLParser):
    """The text a reader sees, code formatting included (the data dictionary, whose names are the
    files', is in the reviewer edition only): no script or style, and no address shown as a link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self._skip, self._links = [], 0, []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag in ("script", "style") or (tag == "a" and href.startswith("http")):
            self._skip += 1  # an address shown as a link is an address, not a word
        if tag == "a":
            self._links.append(href.startswith("http"))

    def handle_endtag(self, tag):
        if tag in ("script", "style") or (tag == "a" and self._links and self._links.pop()):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


READER_PAGES = sorted(p for p in (paths.REPORTS / "chapters").glob("*/*.html") if not p.name.endswith(".reviewer.html"))


@pytest.mark.parametrize("page", READER_PAGES, ids=[p.stem for p in READER_PAGES])
def test_no_identifier_or_boolean_in_the_reader_pages_visible_text(page):
    parser = _Visible()
    parser.feed(page.read_text(encoding="utf-8"))
    text = " ".join(parser.text)
    found = sorted(set(IDENTIFIER.findall(text)))
    assert found == [], found[:20]
    assert not re.search(r"\b(True|False)\b", text)


def test_a_long_table_shows_its_first_rows_and_says_where_the_rest_is():
    df = pd.DataFrame({"value": range(100)})
    t = tables.style(df, "Table 9.1. Many.", max_rows=10, whole="data/processed/x.csv")
    assert t.caption == "Table 9.1. Many. The first 10 of 100 rows; all are in data/processed/x.csv."
    assert t._repr_html_().count("<tr>") == 11
    assert tables.style(df, "Table 9.2. All.", max_rows=200).caption == "Table 9.2. All."


def test_a_study_name_drops_its_date_in_brackets():
    from analysis.publish import labels

    assert labels.term("markess", "study").startswith("Markess (")
    assert labels.study_name("markess") == "Markess"
    assert labels.study_name("lecko") == "Lecko"


def test_every_source_has_its_own_citation_letters_telling_one_outlet_year_apart():
    from analysis.publish import labels

    sources = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str, keep_default_na=False)
    cited = sources["source_id"].map(labels.cite)
    assert not cited.duplicated().any(), cited[cited.duplicated(keep=False)].tolist()
    assert {"Labo Société Numérique 2018a", "Labo Société Numérique 2018b", "01net n.d.-a"} <= set(cited)
    assert [labels._letter(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]
