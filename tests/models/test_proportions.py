"""Survey-share intervals against statsmodels, scipy and brute force."""

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from analysis.models import proportions as P


def test_wilson_81_of_95_matches_statsmodels():
    r = P.share_interval(k=81, n=95, method="wilson")
    lo, hi = proportion_confint(81, 95, alpha=0.05, method="wilson")
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), abs=1e-12)
    assert r.n == 95 and "Wilson" in r.method


def test_printed_85_percent_of_95_is_81():
    r = P.share_interval(0.85, 95)
    assert r.details["counts"] == [81]
    assert r.confidence_interval() == pytest.approx(proportion_confint(81, 95, method="wilson"))


def test_clopper_pearson_matches_statsmodels_beta():
    r = P.share_interval(k=7, n=20, method="clopper-pearson")
    assert (r.ci_low, r.ci_high) == pytest.approx(proportion_confint(7, 20, method="beta"), abs=1e-12)


def test_finite_population_wilson_is_narrower_and_contains_the_estimate():
    infinite = P.share_interval(k=81, n=95)
    finite = P.share_interval(k=81, n=95, population=500)
    assert finite.ci_low < 81 / 95 < finite.ci_high
    assert finite.ci_high - finite.ci_low < infinite.ci_high - infinite.ci_low
    # the width shrinks by about sqrt((N - n) / (N - 1))
    ratio = (finite.ci_high - finite.ci_low) / (infinite.ci_high - infinite.ci_low)
    assert ratio == pytest.approx(math.sqrt(405 / 499), abs=0.03)


def test_exact_hypergeometric_interval_by_brute_force():
    k, n, N, alpha = 3, 8, 20, 0.05
    r = P.share_interval(k=k, n=n, population=N, method="clopper-pearson", alpha=alpha)
    # brute force: the population counts K not rejected by either one-sided test
    kept = [K for K in range(N + 1)
            if sum(stats.hypergeom.pmf(x, N, K, n) for x in range(k, n + 1)) > alpha / 2
            and sum(stats.hypergeom.pmf(x, N, K, n) for x in range(0, k + 1)) > alpha / 2]
    assert (r.ci_low, r.ci_high) == pytest.approx((min(kept) / N, max(kept) / N))


def test_census_has_no_sampling_error():
    r = P.share_interval(k=12, n=25, population=25, method="clopper-pearson")
    assert r.ci_low == r.ci_high == pytest.approx(12 / 25)


@pytest.mark.parametrize("k,n", [(0, 2), (2, 2), (0, 95), (95, 95)])
def test_edge_shares_stay_in_0_1_and_warn(k, n):
    r = P.share_interval(k=k, n=n)
    assert 0 <= r.ci_low <= r.estimate <= r.ci_high <= 1
    assert any("0 or 1" in w for w in r.warnings)
    if n < 30:
        assert any("small n" in w for w in r.warnings)


def test_word_fraction_covers_every_compatible_count():
    assert P.compatible_counts(0.2, 95, 0.05) == [17, 18, 19, 20, 21]
    r = P.share_interval(0.2, 95, resolution=0.05)
    assert r.ci_low == pytest.approx(proportion_confint(17, 95, method="wilson")[0])
    assert r.ci_high == pytest.approx(proportion_confint(21, 95, method="wilson")[1])


def test_impossible_base_is_flagged():
    r = P.share_interval(0.30, 95)
    assert any("not the base" in w for w in r.warnings)


def test_unknown_n_is_a_sensitivity_and_narrows_with_n():
    sens = P.n_sensitivity(0.44, [50, 100, 200, 400])
    widths = [s.ci_high - s.ci_low for s in sens]
    assert widths == sorted(widths, reverse=True)
    assert all(any("not published" in w for w in s.warnings) for s in sens)


def test_nonresponse_bounds():
    r = P.nonresponse_bounds(0.85, 95, 500)
    assert r.ci_low == pytest.approx(0.85 * 0.19)
    assert r.ci_high == pytest.approx(0.85 * 0.19 + 0.81)
    assert r.confidence_level is None and r.warnings


def test_compare_reports_matches_statsmodels_and_flags_incompatibility():
    r = P.compare_reports(0.65, 0.50, 95)
    lo, hi = confint_proportions_2indep(62, 95, 48, 95, method="newcomb")
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi))
    assert r.details["compatible_within_sampling_error"] is False and r.warnings
    close = P.compare_reports(0.21, 0.20, 95)
    assert close.details["compatible_within_sampling_error"] is True and not close.warnings


def test_bad_arguments():
    with pytest.raises(ValueError):
        P.share_interval(0.5, 0)
    with pytest.raises(ValueError):
        P.share_interval(0.5, 100, population=50)
    with pytest.raises(ValueError):
        P.share_interval(k=3, n=10, method="agresti")
    assert np.isfinite(P.share_interval(0.5, 10).ci_low)


# ---------------------------------------------------------------------------------------------
# Bases consistent with a printed figure (GRIM-style), printed precision, one-sided figures


def test_printed_range_by_qualifier():
    assert P.printed_range(0.30, 0.01) == pytest.approx((0.295, 0.305))
    assert P.printed_range(1 / 3, 0.05) == pytest.approx((1 / 3 - 0.025, 1 / 3 + 0.025))
    assert P.printed_range(0.10, 0.01, "more_than") == (0.10, 1.0)
    assert P.printed_range(0.20, 0.01, "less_than") == (0.0, 0.20)
    assert P.printed_range(0.60, 0.01, "approximately", 0.55, 0.60) == pytest.approx((0.545, 0.605))


def test_thirty_and_fifty_percent_cannot_come_from_95_but_fit_60():
    bases = {"all respondents": 95, "villes": 60}
    for p in (0.30, 0.50):
        r = P.based_share(p, bases, resolution=0.01)
        assert r.details["fits"] == ["villes"] and r.n == 60 and not r.warnings
    both = P.based_share(0.85, bases, resolution=0.01)
    assert both.details["fits"] == ["all respondents", "villes"]
    # the interval covers both bases
    assert both.ci_low <= min(P.interval_for_count(81, 95)[0], P.interval_for_count(51, 60)[0]) + 1e-12


def test_a_figure_that_fits_no_base_is_warned_about():
    r = P.based_share(0.49, {"small": 20}, resolution=0.01, all_bases=[20, 45, 49])
    assert r.warnings and "fits none" in r.warnings[0] and r.details["other_bases_that_fit"] == [45, 49]


def test_one_sided_figures_get_one_sided_intervals():
    r = P.based_share(0.10, {"all": 95}, resolution=0.01, qualifier="more_than")
    assert r.ci_high == 1.0 and "one-sided" in r.method
    # the lower bound is the one-sided 95 % bound of the smallest count above 10 % (10 of 95)
    assert r.ci_low == pytest.approx(P.interval_for_count(10, 95, alpha=0.10)[0])


def test_one_base_consistency():
    bad = P.one_base_consistency([(0.65, 0.01, "exact"), (0.50, 0.01, "exact")], range(1, 96))
    assert not bad.details["consistent"] and bad.warnings
    thirds = [(0.30, 0.01, "exact"), (1 / 3, 0.05, "exact")]
    assert not P.one_base_consistency(thirds, range(1, 96)).details["consistent"]
    ok = P.one_base_consistency([(0.51, 0.01, "exact"), (0.50, 0.05, "exact")], [60, 95])
    assert ok.details["consistent"] and ok.details["bases"] == {"95": [48]}


def test_smallest_consistent_n_for_markess():
    assert P.smallest_consistent_n([0.44, 0.49, 0.56]) <= 80
    assert all(not P.compatible_counts(v, 60) for v in (0.44, 0.49, 0.56))


def test_subset_sums():
    assert P.subset_sums({"a": 5, "b": 10}) == {5: ["a"], 10: ["b"], 15: ["a", "b"]}


def test_end_class_comparison_bounds_over_splits():
    r = P.end_class_comparison(0.55, 0.87, 161, 270)
    lo, hi = r.details["pvalue_range"]
    assert lo < 1e-6 and hi > 0.05 and r.pvalue == hi
    assert 0 < r.details["share_beyond_chance"] < 1
    worst = r.details["least_favourable"]
    assert abs(worst["k_low"] / worst["n_low"] - 0.55) <= 0.005 + 1e-9
    assert abs(worst["k_high"] / worst["n_high"] - 0.87) <= 0.005 + 1e-9
    assert worst["n_low"] + worst["n_high"] <= 270
    assert any("clustered" in w for w in r.warnings)


def test_censored_interval_matches_numerical_integration():
    from scipy import integrate

    r = P.censored_share_interval(0.44, [100, 165], resolution=0.01)
    # the posterior by brute force: Jeffreys prior times the probability that k/n prints as 44 %
    def post(x):
        like = sum(stats.binom.pmf(k, n, x) for n in (100, 165) for k in P.compatible_counts(0.44, n))
        return like * stats.beta.pdf(x, 0.5, 0.5)

    total = integrate.quad(post, 0, 1, points=[0.44], limit=200)[0]
    below = integrate.quad(post, 0, r.ci_low, limit=200)[0] / total
    above = integrate.quad(post, r.ci_high, 1, limit=200)[0] / total
    assert below == pytest.approx(0.025, abs=1e-4) and above == pytest.approx(0.025, abs=1e-4)
    assert r.ci_low < 0.44 < r.ci_high


def test_censored_interval_refuses_an_impossible_base():
    with pytest.raises(ValueError):
        P.censored_share_interval(0.44, [60])


# ---------------------------------------------------------------------------------------------
# The censored (Jeffreys) interval: brute force, one-sided figures, finite frames


def _brute_censored(value, resolution, n_values, frame=None, alpha=0.05, grid=400_000):
    """The censored posterior by enumeration: every k of every n tested against the printed
    figure by hand, the posterior of the share on a fine grid (infinite frame), or of K / N over
    every population count K (finite frame: prior BetaBinomial(N, 1/2, 1/2), hypergeometric sampling)."""
    half = resolution / 2 + 1e-9
    admissible = {n: [k for k in range(n + 1) if abs(k / n - value) <= half] for n in n_values}
    if frame is None:
        p = (np.arange(grid) + 0.5) / grid
        dens = sum(stats.binom.pmf(k, n, p) for n, ks in admissible.items() for k in ks)
        dens = dens * stats.beta.pdf(p, 0.5, 0.5)
        cdf = np.cumsum(dens) / dens.sum()
        return p[np.searchsorted(cdf, alpha / 2)], p[np.searchsorted(cdf, 1 - alpha / 2)]
    (n, ks), = admissible.items()
    big = np.arange(frame + 1)
    post = stats.betabinom.pmf(big, frame, 0.5, 0.5) * sum(stats.hypergeom.pmf(k, frame, big, n) for k in ks)
    cdf = np.cumsum(post) / post.sum()
    return big[np.argmax(cdf >= alpha / 2 - 1e-12)] / frame, big[np.argmax(cdf >= 1 - alpha / 2 - 1e-12)] / frame


def test_censored_interval_against_brute_force_enumeration():
    # « 40 % » at a 5-point step (37.5 % to 42.5 %) on 5 or 10 respondents: k = 2 of 5, 4 of 10
    r = P.censored_share_interval(0.40, [5, 10], resolution=0.05)
    assert r.details["counts"] == {"5": [2, 2], "10": [4, 4]}
    assert (r.ci_low, r.ci_high) == pytest.approx(_brute_censored(0.40, 0.05, [5, 10]), abs=2e-5)
    # several counts on one base: « 50 % » at a 10-point step on 12 (k = 6 only) and 20 (9 to 11)
    r = P.censored_share_interval(0.50, [12, 20], resolution=0.10)
    assert (r.ci_low, r.ci_high) == pytest.approx(_brute_censored(0.50, 0.10, [12, 20]), abs=2e-5)
    # a finite frame: 8 of 20 units asked, the population share by enumeration of every K
    r = P.censored_share_interval(0.40, [8], resolution=0.10, population={8: 20})
    assert (r.ci_low, r.ci_high) == pytest.approx(_brute_censored(0.40, 0.10, [8], frame=20), abs=1e-12)


def test_a_finite_frame_narrows_the_censored_interval():
    infinite = P.censored_share_interval(0.85, [95])
    finite = P.censored_share_interval(0.85, [95], population={95: 500})
    assert finite.ci_high - finite.ci_low < infinite.ci_high - infinite.ci_low
    assert finite.ci_low < 0.85 < finite.ci_high
    with pytest.raises(ValueError):
        P.censored_share_interval(0.85, [95], population={95: 50})


def test_one_sided_censored_interval_excludes_what_the_words_exclude():
    # « plus de 10 % » of 95 or 60: only counts above 10 % (10 of 95, 7 of 60 and more)
    r = P.censored_share_interval(0.10, [95, 60], resolution=0.01, qualifier="more_than")
    assert all(lo / int(n) > 0.10 for n, (lo, _) in r.details["counts"].items())
    assert r.details["counts"] == {"60": [7, 60], "95": [10, 95]}
    assert r.ci_high == 1.0 and r.details["one_sided"] == "lower"
    # the old reading, 10 % give or take 2.5 points, let in counts at or below 10 %: a lower bound below
    symmetric = P.censored_share_interval(0.10, [95, 60], resolution=0.05)
    assert r.ci_low > symmetric.ci_low
    # the bound is the least favourable one: the one-sided Jeffreys bound of 7 of 60 or 10 of 95
    assert r.ci_low == pytest.approx(min(stats.beta.ppf(0.05, 7.5, 53.5), stats.beta.ppf(0.05, 10.5, 85.5)))
    # and it is conservative: the whole censored posterior lies above it (its 5 % quantile is higher)
    ns, ks = zip(*[(n, k) for n in (60, 95) for k in P.counts_in_range(n, 0.10, 1.0, strict_low=True)], strict=True)
    from scipy.special import betaln, gammaln
    logw = np.array([gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + betaln(k + 0.5, n - k + 0.5)
                     for n, k in zip(ns, ks, strict=True)])
    w = np.exp(logw - logw.max())
    assert r.ci_low < P._censored_quantile(0.05, ns, ks, w / w.sum(), np.zeros(len(ns)))
    # Markess « plus d'un sur deux » at n = 165: no longer [40.4 %, 59.6 %] but above 50 % of 165
    m = P.censored_share_interval(0.50, [165], resolution=0.05, qualifier="more_than")
    assert m.ci_low > 0.404 and m.ci_high == 1.0 and m.details["counts"]["165"][0] == 83
    # « moins de 20 % » the other way round
    less = P.censored_share_interval(0.20, [95], resolution=0.01, qualifier="less_than")
    assert less.ci_low == 0.0 and less.ci_high < P.censored_share_interval(0.20, [95], resolution=0.05).ci_high
    assert less.details["counts"]["95"][1] / 95 <= 0.20


@pytest.mark.parametrize("value,n_values,resolution,qualifier,lower,upper", [
    (0.85, [95, 60], 0.01, "exact", None, None),
    (1 / 3, [95], 0.05, "exact", None, None),
    (0.60, [95, 60], 0.05, "approximately", 0.55, 0.60),
    (0.44, [100, 165, 250, 400], 0.01, "exact", None, None),
    (0.10, [95], 0.01, "more_than", None, None),
    (0.50, [165], 0.05, "more_than", None, None),
    (0.20, [95], 0.01, "less_than", None, None),
])
def test_censored_interval_contains_the_printed_range_midpoint(value, n_values, resolution, qualifier, lower, upper):
    r = P.censored_share_interval(value, n_values, resolution=resolution, qualifier=qualifier, lower=lower,
                                  upper=upper)
    lo_p, hi_p = P.printed_range(value, resolution, qualifier, lower, upper)
    assert r.ci_low <= (lo_p + hi_p) / 2 <= r.ci_high
    assert 0 <= r.ci_low < r.ci_high <= 1


def test_based_share_carries_the_censored_interval_on_its_plausible_bases():
    bases = {"all respondents": 95, "villes": 60}
    thirty = P.based_share(0.30, bases, resolution=0.01)
    assert thirty.details["censored_bases"] == [60] and "Jeffreys" in thirty.details["censored_method"]
    both = P.based_share(0.85, bases, resolution=0.01, population={"all respondents": 500})
    assert both.details["censored_bases"] == [60, 95]
    assert both.details["censored_interval"] == pytest.approx(
        [P.censored_share_interval(0.85, [95, 60], population={95: 500}).ci_low,
         P.censored_share_interval(0.85, [95, 60], population={95: 500}).ci_high])
    none = P.based_share(0.49, {"small": 20}, resolution=0.01)
    assert none.details["censored_interval"] is None and "fits none" in none.details["censored_note"]
    one_sided = P.based_share(0.10, bases, resolution=0.01, qualifier="more_than")
    assert one_sided.details["censored_interval"][1] == 1.0


def test_one_base_consistency_reads_bounded_words():
    # « près de la moitié » (45 % to 50 %, widened by half a 5-point step) and « 48 % »: one count
    ok = P.one_base_consistency([(0.50, 0.05, "approximately", 0.45, 0.50), (0.48, 0.01, "exact")], [60, 95])
    assert ok.details["consistent"] and ok.details["bases"] == {"60": [29], "95": [46]}
    bad = P.one_base_consistency([(0.50, 0.05, "approximately", 0.45, 0.50), (0.54, 0.01, "exact")], [60, 95])
    assert not bad.details["consistent"]


@pytest.mark.parametrize("p_first, p_last", [(0.33, 0.67), (0.65, 0.67), (0.80, 0.60)])
def test_smallest_n_for_difference_is_where_newcombes_interval_leaves_zero(p_first, p_last):
    n = P.smallest_n_for_difference(p_first, p_last).estimate

    def interval(m):  # statsmodels' Newcombe interval, at counts that print as the shares
        return confint_proportions_2indep(p_last * m, m, p_first * m, m, method="newcomb", compare="diff")

    lo, hi = interval(n)
    assert not lo <= 0 <= hi
    lo, hi = interval(n - 1)
    assert lo <= 0 <= hi


def test_smallest_n_for_difference_of_equal_shares_is_none_with_a_warning():
    r = P.smallest_n_for_difference(0.5, 0.5, n_max=1000)
    assert r.estimate is None and "1000" in r.warnings[-1] and r.details["n_max"] == 1000


def test_hypergeometric_pmf_from_log_binomials_agrees_with_scipy():
    rng = np.random.default_rng(7)
    successes = rng.integers(1, 300, 2000)
    total = successes + rng.integers(0, 300, 2000)
    draws = rng.integers(0, total + 1)
    x = np.clip(rng.integers(0, 300, 2000), np.maximum(0, draws - (total - successes)), np.minimum(successes, draws))
    ours, theirs = P._hypergeom_pmf(x, total, successes, draws), stats.hypergeom.pmf(x, total, successes, draws)
    keep = theirs > 1e-300
    assert np.max(np.abs(ours[keep] - theirs[keep]) / theirs[keep]) < 1e-10


def test_the_censored_mixture_is_scipys_beta_and_betabinomial_mixture_bit_for_bit():
    # the distribution function computed once per component must give the very numbers of scipy's
    # beta.cdf and betabinom.cdf (what the intervals were computed with), frames or none, at the
    # edges of the support and between them
    ns = np.array([60.0, 95.0, 95.0, 100.0])
    ks = np.array([7.0, 10.0, 30.0, 55.0])
    w = np.array([0.1, 0.2, 0.3, 0.4])
    for frame in (np.zeros(4), np.array([0.0, 500.0, 500.0, 0.0]), np.array([60.0, 500.0, 95.0, 120.0])):
        mixture = P._CensoredMixture(ns, ks, w, frame)
        for x in (0.0, 1e-9, 0.1234567, 0.999999, 1.0, *np.linspace(0.01, 0.99, 99)):
            out = np.where(frame > 0, 0.0, stats.beta.cdf(x, ks + 0.5, ns - ks + 0.5))
            finite = frame > 0
            if finite.any():
                m = np.floor(x * frame[finite] - ks[finite] + 1e-9)
                out[finite] = stats.betabinom.cdf(m, frame[finite] - ns[finite], ks[finite] + 0.5,
                                                  ns[finite] - ks[finite] + 0.5)
            assert mixture.cdf(x) == float(np.sum(w * out)), (frame, x)
