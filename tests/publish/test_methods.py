"""The Data and methods chapter describes exactly the methods the results use, with references."""

from __future__ import annotations

import re

import pytest

from analysis import params, paths
from analysis.data import reconcile
from analysis.data.load import Processed
from analysis.data.parse import WORD_FRACTION_RESOLUTION
from analysis.models.result import Result
from analysis.publish import methods, xref

STEM = "70_methods"


@pytest.fixture(scope="module")
def results():
    return methods.load_all()


def test_every_result_is_described_by_a_method(results):
    assert methods.undescribed(results) == []


def test_every_method_with_a_section_is_used_and_has_its_heading(results):
    uses = methods.usage(results)
    headings = xref.sections(STEM)
    for m in methods.METHODS:
        assert uses[m.key], f"{m.key}: no result uses it; drop it from METHODS and from the chapter"
        if m.section:
            assert headings.count(m.title) == 1, m.title


def test_every_reference_cited_by_a_method_exists():
    for m in methods.METHODS:
        assert set(m.refs) <= set(methods.REFERENCES), m.key
    for r in methods.REFERENCES.values():
        assert 1800 < r.year < 2100 and r.short and r.authors and r.title
        assert bool(r.container) != bool(r.publisher), f"{r.key}: an article or a book"


def test_a_method_is_recognised_by_its_text_name_or_details():
    r = Result(name="x (n = 60)", method="Wilson score, over n in [60]", estimate=0.5,
               details={"censored_interval": [0.4, 0.6]})
    used = {m.key for m in methods.METHODS if m.used_by(r)}
    assert {"wilson", "n-grid", "jeffreys"} <= used
    assert not any(m.used_by(Result(name="y", method="something new", estimate=1.0)) for m in methods.METHODS)
    assert methods.undescribed({"g": {"y": Result(name="y", method="something new", estimate=1.0)}}) == \
        ["something new"]


def test_citations_and_cross_references_are_links(results):
    ch = methods.Chapter(STEM, results, sections={"conflicts": "When reports disagree"})
    text = str(ch.render("A [@wilson; @newcombe] and @manski, see [§wilson] and [§conflicts]; {x}.", x="a_b"))
    assert "([Wilson 1927](#ref-wilson); [Newcombe 1998](#ref-newcombe))" in text
    assert "[Manski (2003)](#ref-manski)" in text
    n = xref.sections(STEM).index(methods.BY_KEY["wilson"].title) + 1
    assert f"[section {ch.number}.{n}](#{STEM}-s{n})" in text
    assert "a\\_b" in text  # values are escaped
    assert list(ch.cited) == ["wilson", "newcombe", "manski"]
    with pytest.raises(KeyError):
        ch.render("[@nobody]")
    with pytest.raises(KeyError):
        ch.render("[§nowhere]")


def test_the_bibliography_lists_what_was_cited_with_anchors(results):
    ch = methods.Chapter(STEM, results)
    ch.render("[@wilson] [@agresti] [@clopper-pearson]")
    out = ch.bibliography()._repr_html_()
    assert re.findall(r'id="ref-([a-z-]+)"', out) == ["agresti", "clopper-pearson", "wilson"]
    assert "<em>Categorical Data Analysis</em>" in out and "Biometrika" in out


def test_a_reference_escapes_its_fields():
    r = methods.Reference("x", "A & B", 2000, "A, <b>", "T <i>", publisher="P & Q")
    assert "<b>" not in r.html() and "&lt;i&gt;" in r.html() and "P &amp; Q" in r.html()


def test_french_quotations_are_marked_and_held_together():
    out = methods.french("le mot « près de » ici")
    assert out == 'le mot <span lang="fr">«\u00a0près de\u00a0»</span> ici'


def test_a_used_method_without_its_section_stops_the_chapter(tmp_path, results):
    (tmp_path / f"{STEM}.py").write_text("# %% [markdown]\n# # Data and methods\n#\n# ## Something else\n",
                                         encoding="utf-8")
    xref.sections.cache_clear()
    try:
        with pytest.raises(LookupError, match="no section for the method"):
            methods.Chapter(STEM, results, folder=tmp_path)
    finally:
        xref.sections.cache_clear()


def test_overview_numbers_sections_as_the_script_orders_its_headings(results):
    ch = methods.Chapter(STEM, results)
    table = ch.overview()
    headings = xref.sections(STEM)
    for row in table.itertuples():
        if row.Section:
            title = headings[int(row.Section.split(".")[1]) - 1]
            assert methods.BY_KEY[next(m.key for m in methods.METHODS if m.name == row.Method)].title == title
    assert table["Results"].gt(0).all()


def test_reading_examples_cover_every_qualifier_and_hide_identifiers():
    f = Processed().figures
    ex = methods.reading_examples(f, WORD_FRACTION_RESOLUTION)
    assert set(ex["qualifier"]) == set(f["qualifier"])
    visible = ex.drop(columns=["qualifier", "As printed"]).astype(str)
    assert not visible.apply(lambda c: c.str.contains(r"[a-z]_[a-z]")).any().any()


def test_the_preferred_report_rule_reads_in_words():
    rule = dict(params.section("clean"))
    for criterion in reconcile.CRITERIA:
        clauses = methods.preference_in_words({**rule, "preferred_order": [criterion]})
        assert len(clauses) == 1 and "_" not in clauses[0], criterion


def test_parameters_exist_in_params_yaml_and_read_in_words():
    settings = params.load()
    for p in methods.PARAMETERS:
        for path in p.paths:
            assert methods._lookup(settings, path) is not None, path
    table = methods.parameters_table(settings)
    assert len(table) == len(methods.PARAMETERS)
    assert not table.drop(columns=["Chapter"]).apply(lambda c: c.str.contains("_")).any().any()
    assert "Parameter" in methods.parameters_table(settings, with_keys=True)


def test_constants_are_read_without_importing_the_models():
    from analysis.models import correlation, proportions, trends

    assert methods.constant("analysis.models.proportions", "SMALL_N") == proportions.SMALL_N
    assert methods.constant("analysis.models.trends", "FEW_POINTS") == trends.FEW_POINTS
    assert methods.constant("analysis.models.correlation", "EXACT_MAX_N") == correlation.EXACT_MAX_N
    with pytest.raises(LookupError):
        methods.constant("analysis.models.trends", "NO_SUCH_CONSTANT")


def test_words_dates_and_chapters():
    assert methods.words(0) == "no" and methods.words(4) == "four" and methods.words(25) == "25"
    assert methods.long_date("2012-10-01") == "1 October 2012"
    assert methods.long_date("2012-09") == "September 2012" and methods.long_date("2012") == "2012"
    assert methods.chapters_phrase([4, 3, 3]) == "chapters 3 and 4" and methods.chapters_phrase([5]) == "chapter 5"
    assert methods.chapter_of("interconnectes") == 3 and methods.chapter_of("no_such_group") is None


def test_the_chapter_script_types_no_reference_year_or_section_number():
    text = (paths.NOTEBOOKS / f"{STEM}.py").read_text(encoding="utf-8")
    for r in methods.REFERENCES.values():
        assert r.citation not in text, r.citation  # cited as [@key], never typed
    assert not re.search(r"section \d", text)


def test_the_plan_dates_say_whether_the_default_is_among_those_tried():
    tried = ["2012-06-01", "2012-10-01", "2013-07-01"]
    assert methods._dates("2012-10-01", tried) == ("1 October 2012, one of the three dates from 1 June 2012 to "
                                                   "1 July 2013 tried")
    assert methods._dates("2012-09-01", tried).startswith("1 September 2012; also three dates from")
    assert methods._dates("2012-10-01", []) == "1 October 2012"
