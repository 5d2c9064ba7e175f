"""Numbers as chapters print them: in prose (num, pct, interval) and in table cells (cell)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.publish import fmt


@pytest.mark.parametrize("x, text", [
    (0.85, "0.85"), (0.850, "0.85"), (1800000.0, "1,800,000"), (2400000000.0, "2,400,000,000"),
    (2012.921, "2012.921"), (0.083333, "0.083"), (1.0, "1"), (-0.09, "-0.09"), (12345.678, "12,345.678"),
    (9999.5, "9999.5"), (1e-5, "0"), (-1e-5, "0"), (float("nan"), ""), (None, ""), (7, "7"),
])
def test_cell_drops_zeros_that_carry_nothing(x, text):
    assert fmt.cell(x) == text


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_cell_reads_back_within_its_last_digit(x):
    back = float(fmt.cell(x).replace(",", ""))
    assert math.isclose(back, x, abs_tol=0.0005 + 1e-12 * abs(x))


def test_prose_formats():
    assert fmt.pct(0.654) == "65%" and fmt.interval(0.56, 0.73) == "[56%, 73%]"
    assert fmt.num(2249975) == "2,249,975" and fmt.score(1.77, 5) == "1.77 / 5"
    assert fmt.listing(["a", "b", "c"]) == "a, b and c" and fmt.count_words(1, "city", "cities") == "1 city"


def test_a_date_reads_as_words_whatever_the_locale():
    assert fmt.day("2012-10-01") == "1 October 2012"
    assert fmt.day("2013-07-31") == "31 July 2013"


def test_a_points_interval_carries_its_signs():
    assert fmt.pts_interval(-0.0786, 0.1528, 1) == "[-7.9, +15.3] pts"


@pytest.mark.parametrize("counts, text", [([12, 13], "12 or 13"), ([7], "7"), ([11, 12, 13, 14], "11 to 14"),
                                          ([14, 11], "11 to 14"), ([1200, 1201], "1,200 or 1,201")])
def test_the_counts_a_word_allows_read_as_counts_not_as_an_interval(counts, text):
    assert fmt.count_range(counts) == text


def test_the_same_counts_as_shares():
    assert fmt.share_range([12, 13], 25) == "48% or 52%" and fmt.share_range([3], 4) == "75%"


def test_no_compatible_count_is_an_error():
    with pytest.raises(ValueError):
        fmt.count_range([])


@pytest.mark.parametrize("x, resolution, qualifier, text", [
    (0.065, 0.001, "exact", "6.5%"), (0.16, 0.01, "approximately", "about 16%"),
    (0.5, 0.05, "more_than", "more than 50%"), (0.102, 0.001, "exact", "10.2%"), (0.44, 0.01, "exact", "44%")])
def test_a_share_keeps_the_precision_it_was_printed_at(x, resolution, qualifier, text):
    assert fmt.as_printed(x, resolution, qualifier) == text


def test_a_period_reads_as_words():
    assert fmt.period("2018-10") == "October 2018" and fmt.period("2022") == "2022"


def test_a_conflicting_figure_shows_the_span_the_outlets_print():
    assert fmt.as_reported(0.065, 0.001, "exact", "conflict", 0.05, 0.065) == "6.5% (outlets print 5.0% to 6.5%)"
    assert fmt.as_reported(0.076, 0.001, "exact", "single", 0.076, 0.076) == "7.6%"


@pytest.mark.parametrize("qualifier, expression, word", [
    ("approximately", "près de 16%", "nearly "), ("approximately", "Près d\u2019un tiers", "nearly "),
    ("approximately", "presque la moitié", "nearly "), ("approximately", "environ 5%", "about "),
    ("approximately", None, "about "), ("more_than", "plus de 50 %", "more than "), ("exact", "16 %", ""),
])
def test_qualifier_word_follows_the_printed_french(qualifier, expression, word):
    assert fmt.qualifier_word(qualifier, expression) == word
    assert fmt.as_printed(0.16, 0.01, qualifier, expression) == f"{word}16%"


def test_as_reported_row_prints_each_outlet_in_its_own_words():
    import pandas as pd

    figures = pd.DataFrame({"figure_id": ["A", "B"], "value": [0.065, 0.05], "resolution": [0.001, 0.01],
                            "qualifier": ["exact", "approximately"], "expression": ["6,5 %", "environ 5%"]})
    row = {"value": 0.065, "preferred_figure_id": "A", "qualifier": "exact", "expression": "6,5 %",
           "agreement": "conflict", "figure_ids": "A;B"}
    assert fmt.as_reported_row(row, figures) == "6.5% (outlets print about 5% to 6.5%)"
    assert fmt.as_reported_row({**row, "agreement": "single"}, figures) == "6.5%"


@pytest.mark.parametrize("x, qualifier, expression, text", [
    (1 / 3, "approximately", "Près d'un tiers", "nearly a third"), (0.5, "more_than", "plus d'un décideur sur deux",
                                                                   "more than half"),
    (0.1, "more_than", "plus d'un sur dix", "more than a tenth"), (0.2, "exact", "une collectivité sur cinq",
                                                                   "a fifth"),
    (0.3333333333, "exact", "1/3", "a third"), (0.0, "exact", "Aucune", "none"), (0.75, "exact", "les trois quarts",
                                                                                  "three quarters"),
])
def test_a_share_printed_in_words_reads_in_words(x, qualifier, expression, text):
    from analysis.data.parse import WORD_FRACTION_RESOLUTION

    assert fmt.as_printed(x, WORD_FRACTION_RESOLUTION, qualifier, expression) == text


def test_a_share_in_digits_or_without_its_words_stays_a_percentage():
    assert fmt.as_printed(0.5, 0.05, "more_than") == "more than 50%"  # no printed words given
    assert fmt.as_printed(0.33, 0.01, "exact", "33 %") == "33%"  # printed in digits
    assert fmt.fraction_words(0.37, 0.05, "environ 37 %") is None  # not a simple fraction
