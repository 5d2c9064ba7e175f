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
