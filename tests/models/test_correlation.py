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


def test_random_permutations_are_the_draws_of_one_permutation_call_each():
    # permutation_distribution past max_exact draws its permutations a block at a time; the
    # stream, and so every p-value, is the one a Python loop of rng.permutation(n) gave.
    x, y = np.random.default_rng(1).normal(size=(2, 13))
    dist, exact = C.permutation_distribution(x, y, "spearman", resamples=2500, seed=7)
    rng = np.random.default_rng(7)
    perms = np.array([rng.permutation(13) for _ in range(2500)])
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    loop = [stats.pearsonr(rx, ry[p]).statistic for p in perms[:50]]
    assert not exact and dist.shape == (2500,)
    assert dist[:50] == pytest.approx(loop, abs=1e-12)
    assert np.array_equal(dist, C._spearman_stat(rx, ry[perms]))
    # several blocks (800 permutations of 2 500 each): still the one stream, in order
    x, y = np.random.default_rng(3).normal(size=(2, 2500))
    dist, _ = C.permutation_distribution(x, y, "spearman", resamples=2000, seed=9)
    rng = np.random.default_rng(9)
    perms = np.array([rng.permutation(2500) for _ in range(2000)])
    assert C._rows_per_block(2500, "spearman") < 2000
    assert np.array_equal(dist, C._spearman_stat(stats.rankdata(x), stats.rankdata(y)[perms]))


@pytest.mark.parametrize("method", ["spearman", "kendall"])
def test_null_of_a_tie_free_sample_is_the_null_of_range_n(method):
    # Why power_at_n may share one null distribution between all its samples: without ties the
    # statistic over every permutation of y takes the same values whatever the sample.
    fn, use_ranks = C.STATISTICS[method]
    x, y = np.random.default_rng(2).normal(size=(2, 7))
    a, b = (stats.rankdata(x), stats.rankdata(y)) if use_ranks else (x, y)
    perms = C._all_permutations(7)
    ref = np.arange(7.0) + 1
    assert np.sort(fn(a, b[perms])) == pytest.approx(np.sort(fn(ref, ref[perms])), abs=1e-12)


@pytest.mark.parametrize(("n", "rho", "seed"), [(11, 0.6, 0), (14, 0.3, 5)])
def test_monte_carlo_power_agrees_with_the_one_at_a_time_simulation(n, rho, seed):
    """Statistical equivalence, not equality: the vectorised power draws each sample's count of
    extreme permutations from its binomial distribution instead of drawing 999 permutations, so
    the two estimates share their simulated samples' distribution but not their random numbers.
    Each is a mean of `sims` Bernoulli draws: the difference of two independent estimates has a
    standard error of at most sqrt(2 x 0.25 / sims) = 0.022 at sims = 1000; 0.07 is over three of
    those. The seeds are fixed, so the test is deterministic (the differences are 0.004 and 0.006;
    over five seeds at n = 11 the two agree on average within 0.01)."""
    sims = 1000
    fast = C.power_at_n(n, rho, simulations=sims, seed=seed)
    slow = C._power_one_at_a_time(n, rho, simulations=sims, seed=seed)
    assert 0.1 < slow < 0.9
    assert abs(fast - slow) <= 0.07
    assert C.power_at_n(n, rho, simulations=sims, seed=seed) == fast  # seeded: the same every run


def test_monte_carlo_power_of_a_large_sample_is_quick_and_sane():
    # 2 000 samples of 500 pairs: the one-at-a-time loop took 2 million permutation calls.
    assert C.power_at_n(500, 0.0, simulations=2000) == pytest.approx(0.05, abs=0.02)
    assert C.power_at_n(500, 0.3, simulations=500) == 1.0
