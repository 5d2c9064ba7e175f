"""Rank correlation, concordance and group models against enumeration, scipy and textbook identities."""

import itertools

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.models import correlation as C


def test_exact_spearman_p_for_n4_equals_full_enumeration():
    x = [145034, 134633, 170049, 287845]
    y = [8.75, 12.0, 7.5, 36.0]
    r = C.correlation(x, y, method="spearman")
    rho_obs = stats.spearmanr(x, y).statistic
    rhos = [stats.spearmanr(x, [y[i] for i in p]).statistic for p in itertools.permutations(range(4))]
    p_enum = np.mean([abs(v) >= abs(rho_obs) - 1e-12 for v in rhos])
    assert r.estimate == pytest.approx(rho_obs)
    assert r.pvalue == pytest.approx(p_enum)
    assert r.details["exact"] and r.details["n_permutations"] == 24


def test_spearman_with_ties_matches_enumeration_with_scipy_statistic():
    x = np.array([3.0, 1.0, 4.0, 1.5, 5.0, 9.0])
    y = np.array([2.0, 7.0, 1.0, 8.0, 8.0, 1.0])  # ties in y
    r = C.correlation(x, y, method="spearman")
    obs = stats.spearmanr(x, y).statistic
    perm = [stats.spearmanr(x, y[list(p)]).statistic for p in itertools.permutations(range(6))]
    assert r.estimate == pytest.approx(obs)
    assert r.pvalue == pytest.approx(np.mean(np.abs(perm) >= abs(obs) - 1e-12))


def test_kendall_exact_matches_scipy():
    x = np.arange(9)
    y = np.array([2, 1, 4, 3, 5, 7, 6, 8, 0])
    r = C.correlation(x, y, method="kendall")
    ref = stats.kendalltau(x, y, method="exact")
    assert r.estimate == pytest.approx(ref.statistic)
    assert r.pvalue == pytest.approx(ref.pvalue)


def test_small_n_says_what_it_cannot_do():
    r = C.correlation([1, 2, 3, 4], [1, 3, 2, 4])
    assert r.details["min_pvalue"] == pytest.approx(1 / 12)
    assert any("no result can reach" in w for w in r.warnings)
    r3 = C.correlation([1, 2, 3], [3, 2, 1])
    assert r3.ci_low is None and any("too few pairs" in w for w in r3.warnings)


def test_power_is_zero_when_the_smallest_p_exceeds_alpha():
    assert C.power_at_n(4, 0.9, simulations=200) == 0.0
    assert C.power_at_n(7, 0.95, simulations=100) > 0.5


@pytest.mark.parametrize("method", ["spearman", "kendall"])
def test_vectorised_power_and_bootstrap_equal_a_plain_loop(method):
    # The model code computes every simulated sample and resample at once; the reference here
    # does one at a time with scipy, in the same random order.
    n, rho, sims, seed, alpha = 4, 0.8, 200, 3, 0.1  # at n = 4 only alpha >= 1/12 can be reached
    rng = np.random.default_rng(seed)
    test = stats.spearmanr if method == "spearman" else stats.kendalltau
    hits = 0
    for _ in range(sims):
        xy = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=n)
        obs = abs(test(xy[:, 0], xy[:, 1]).statistic)
        dist = [abs(test(xy[:, 0], xy[list(p), 1]).statistic) for p in itertools.permutations(range(n))]
        hits += np.mean(np.asarray(dist) >= obs - 1e-12) <= alpha
    assert 0 < hits < sims
    assert C.power_at_n(n, rho, method=method, alpha=alpha, simulations=sims, seed=seed) == hits / sims

    x, y = np.array([3.0, 1, 4, 1, 5, 9, 2]), np.array([2.0, 7, 1, 8, 2, 8, 1])
    idx = np.random.default_rng(0).integers(0, len(x), size=(400, len(x)))
    boots = [test(x[r], y[r]).statistic for r in idx if np.ptp(x[r]) > 0 and np.ptp(y[r]) > 0]
    res = C.correlation(x, y, method=method, n_boot=400, seed=0)
    assert (res.ci_low, res.ci_high) == pytest.approx(tuple(np.quantile(boots, [0.025, 0.975])), abs=1e-12)


def test_constant_variable_is_an_error():
    with pytest.raises(ValueError, match="constant"):
        C.correlation([1, 2, 3], [5, 5, 5])


def test_kendall_w_textbook_identity_with_mean_spearman():
    # Kendall & Gibbons: mean pairwise Spearman = (m W - 1) / (m - 1), without ties.
    rng = np.random.default_rng(1)
    ranks = np.array([rng.permutation(6) + 1 for _ in range(4)])
    r = C.kendall_w(ranks)
    m = ranks.shape[0]
    mean_rho = np.mean([stats.spearmanr(ranks[i], ranks[j]).statistic
                        for i, j in itertools.combinations(range(m), 2)])
    assert (m * r.estimate - 1) / (m - 1) == pytest.approx(mean_rho)


def test_kendall_w_extremes_and_exact_p():
    same = C.kendall_w([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])
    assert same.estimate == pytest.approx(1.0)
    assert same.pvalue == pytest.approx(1 / 24**2)  # only the identical arrangements reach W = 1
    assert same.details["exact"]


def test_kendall_w_tie_correction():
    r = C.kendall_w([[1, 1, 3, 4], [1, 2, 3, 4]])
    # by hand: ranks [1.5,1.5,3,4] and [1,2,3,4]; totals 2.5,3.5,6,8 (mean 5); S = 18.5; T = 2^3-2 = 6
    assert r.estimate == pytest.approx(12 * 18.5 / (4 * (64 - 4) - 2 * 6))


def test_grouped_logistic_matches_individual_level_logit():
    shares, sizes, levels = [0.55, 0.56, 0.87], [150, 80, 40], [4.3, 5.0, 5.6]
    r = C.grouped_logistic(shares, sizes, levels)
    ys, xs = [], []
    for p, n, lv in zip(shares, sizes, levels, strict=True):
        k = round(p * n)
        ys += [1] * k + [0] * (n - k)
        xs += [lv] * n
    fit = sm.Logit(np.array(ys), sm.add_constant(np.array(xs) - np.mean(levels))).fit(disp=0)
    assert r.estimate == pytest.approx(np.exp(fit.params[1]), rel=1e-5)


def test_middle_group_share_adds_up():
    mid = C.middle_group_share(0.60, {"a": (0.55, 150), "b": (None, 80), "c": (0.87, 40)})
    assert (0.55 * 150 + mid * 80 + 0.87 * 40) / 270 == pytest.approx(0.60)
    with pytest.raises(ValueError):
        C.middle_group_share(0.6, {"a": (None, 1), "b": (None, 1)})


def test_mann_whitney_matches_scipy():
    a, b = [174156, 272222, 2249975], [850636, 491268, 447340, 344064, 140547]
    r = C.mann_whitney(a, b)
    assert r.pvalue == pytest.approx(stats.mannwhitneyu(a, b, method="exact").pvalue)
