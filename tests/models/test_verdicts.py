"""Each verdict branch: the words follow from the interval or the test, never from hope."""

import pytest

from analysis.models import verdicts as V
from analysis.models.result import Result


def r(lo, hi, est=None, p=None):
    est = (lo + hi) / 2 if est is None else est
    return Result(name="x", method="m", estimate=est, ci_low=lo, ci_high=hi, pvalue=p)


def test_trend_verdict_each_branch():
    assert V.trend_verdict(r(0.02, 0.07)) == "rose"
    assert V.trend_verdict(r(-0.071, -0.021)) == "fell"
    assert V.trend_verdict(r(-0.01, 0.03)) == "cannot tell whether it rose or fell"
    assert V.trend_verdict(r(-0.01, 0.03), up="grew", down="shrank") == "cannot tell whether it grew or shrank"
    # the trust series of the issue: -4.6 pts [-7.1, -2.1] must read "fell", never "rose"
    assert V.trend_verdict(r(-0.071, -0.021, -0.046)) == "fell"


def test_trend_verdict_needs_an_interval():
    with pytest.raises(ValueError, match="interval"):
        V.trend_verdict(Result(name="d", method="difference", estimate=0.05, confidence_level=None))


def test_sign_on_the_bound_is_undecided():
    assert V.sign(r(0.0, 0.1)) == 0
    assert V.sign(r(-0.1, 0.0)) == 0
    assert V.sign(r(0.5, 0.9), null=0.4) == 1


def test_difference_verdict_each_branch():
    assert V.difference_verdict(r(0.1, 0.5)) == "differ"
    assert V.difference_verdict(r(-0.5, -0.1)) == "differ"
    assert V.difference_verdict(r(-0.1, 0.2)) == "cannot tell apart"
    no_ci = Result(name="x", method="m", estimate=0.1, pvalue=0.01)
    assert V.difference_verdict(no_ci) == "differ"
    assert V.difference_verdict(Result(name="x", method="m", estimate=0.1, pvalue=0.5)) == "cannot tell apart"
    with pytest.raises(ValueError):
        V.difference_verdict(Result(name="x", method="m", estimate=0.1))


def test_agreement_verdict_each_branch():
    assert V.agreement_verdict(0.9, 0.01) == "agree"
    # a weak positive W that chance explains is not a difference in ranking
    assert V.agreement_verdict(0.65, 0.50) == "cannot tell whether they agree"
    assert "differ" not in V.agreement_verdict(0.1, 0.9)
    with pytest.raises(ValueError):
        V.agreement_verdict(1.5, 0.01)


def test_within_and_phrases():
    res = r(0.2, 0.4)
    assert V.within(res, 0.2) and V.within(res, 0.3) and not V.within(res, 0.41)
    assert V.contains_phrase(res, 0.3, "no change") == "includes no change"
    assert V.contains_phrase(res, 0.0, "no change") == "excludes no change"
    assert V.significance_phrase(0.01) == "beyond chance"
    assert V.significance_phrase(0.2) == "within what chance allows"


def test_clauses_each_branch():
    assert V.trend_clause(r(0.1, 0.2), "use") == "use rose"
    assert V.trend_clause(r(-0.2, -0.1), "trust") == "trust fell"
    assert V.trend_clause(r(-0.2, 0.1), "trust") == "the data cannot tell whether trust rose or fell"
    assert V.difference_clause(r(0.1, 0.3), "small", "large") == "small and large differ"
    assert V.difference_clause(r(-0.1, 0.3), "small", "large") == "the data cannot tell small and large apart"
    assert V.agreement_clause(0.9, 0.01, "the studies") == "the studies agree"
    assert V.agreement_clause(0.65, 0.5, "the studies") == "the data cannot tell whether the studies agree"
    assert V.capitalised("the data") == "The data"
