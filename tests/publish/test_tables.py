"""Tables as chapters show them: deterministic ids, readable numbers, no column wider than the page."""

import pandas as pd

from analysis.publish import tables


def test_same_table_same_html_and_caption_as_text():
    df = pd.DataFrame({"a": [0.5, 1800000.0], "b": ["x", "y"]})
    t1, t2 = tables.style(df, "Table 1. Caption."), tables.style(df, "Table 1. Caption.")
    assert t1._repr_html_() == t2._repr_html_()
    assert repr(t1) == "Table 1. Caption."


def test_numbers_default_to_cell_format_unless_a_format_is_given():
    df = pd.DataFrame({"share": [0.85], "count": [1800000.0], "rate": [0.1234]})
    html = tables.style(df, "c", formats={"rate": "{:.0%}"})._repr_html_()
    assert ">0.85<" in html and ">1,800,000<" in html and ">12%<" in html
    assert "0.850" not in html and "1800000.000" not in html


def test_text_is_escaped_and_only_long_tokens_get_break_opportunities():
    url = "https://www.example.org/a-very-long-path/to-a-document.html"
    df = pd.DataFrame({"v": [url, "short words here & <there>", "interconnectes", "within_rounding", "a" * 40]})
    html = tables.style(df, "c")._repr_html_()
    assert "short words here &amp; &lt;there&gt;" in html
    assert ">interconnectes<" in html and "within_<wbr>rounding" in html
    assert "https:/<wbr>/<wbr>www.<wbr>example.<wbr>org/<wbr>a-<wbr>very-" in html
    assert "a" * 16 + "<wbr>" + "a" * 16 + "<wbr>" + "a" * 8 in html
    # The text a reader copies is unchanged: <wbr> is an element, not a character.
    assert tables.text_cell(url).replace("<wbr>", "") == url
    assert tables.text_cell(None) == "" and tables.text_cell(3) == "3"


def test_the_conflicts_log_reads_periods_in_words():
    import pandas as pd

    conflicts = pd.DataFrame({"study": ["dinum"], "indicator": ["x"], "period": ["2019-11"], "agreement": ["conflict"],
                              "rank": [1], "source_id": ["s"], "expression": ["69 %"], "value": [0.69],
                              "figure_id": ["F1"]})
    figures = pd.DataFrame({"figure_id": ["F1"], "parsed_unit": ["share"]})
    view = tables.conflicts_view(conflicts, figures)
    assert view["period"].tolist() == ["November 2019"] and view["value"].tolist() == ["69.0%"]


def test_a_column_of_sentences_is_marked_for_its_measure_on_a_phone():
    df = pd.DataFrame({"series": ["a", "b"], "caveats": ["only three points: the interval rests on few residual "
                                                         "degrees of freedom", ""]})
    html = tables.style(df, "Table 9.1. x")._repr_html_()
    assert html.count("sentences") == 2 and 'class="data row0 col0" ' in html  # the caveats column only


def test_a_date_in_the_conflicts_log_is_as_precise_as_printed():
    conflicts = pd.DataFrame({"study": ["lecko"] * 2, "indicator": ["publication_date"] * 2, "period": ["2014"] * 2,
                              "agreement": ["conflict"] * 2, "rank": [1, 2], "source_id": ["a", "b"],
                              "expression": ["5 mars", "janvier 2014"], "value": [2014.1726, 2014.0425],
                              "figure_id": ["D1", "D2"]})
    figures = pd.DataFrame({"figure_id": ["D1", "D2"], "parsed_unit": ["date", "date"],
                            "date_iso": ["2014-03-05", "2014-01"]})
    assert tables.conflicts_view(conflicts, figures)["value"].tolist() == ["5 March 2014", "January 2014"]
