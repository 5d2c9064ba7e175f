"""Hand-written formulas replaced by library calls (issue 9, §5): each old implementation is kept
here as the reference, and the library version must give the same numbers on a range of inputs."""

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from analysis.models import correlation as C
from analysis.models import proportions as P

# ---------------------------------------------------------------------------------------------
# Wilson interval with the finite-population correction: statsmodels' proportion_confint


def _wilson_by_hand(p: float, n_eff: float, alpha: float) -> tuple[float, float]:
    """The formula proportions._wilson held before it called statsmodels."""
    z = stats.norm.ppf(1 - alpha / 2)
    denom = 1 + z**2 / n_eff
    centre = (p + z**2 / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z**2 / (4 * n_eff**2)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _fpc_cases():
    for population in (20, 25, 100, 500, 3_000, 35_000):
        for n in (1, 2, 5, 19, 60, 95, 150, 400, 999):
            if n >= population:
                continue
            for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
                yield k, n, population


@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.1, 0.2, 0.5])
def test_wilson_with_effective_n_equals_the_hand_written_formula(alpha):
    checked = fractional = 0
    for k, n, population in _fpc_cases():
        n_eff = n * (population - 1) / (population - n)
        fractional += not float(n_eff).is_integer()  # statsmodels takes a non-integer nobs and count
        lo, hi = P._wilson(k / n, n_eff, alpha)
        ref = _wilson_by_hand(k / n, n_eff, alpha)
        assert (lo, hi) == pytest.approx(ref, rel=1e-13, abs=1e-15), (k, n, population)
        assert 0.0 <= lo <= k / n + 1e-15 and k / n <= hi + 1e-15 and hi <= 1.0  # k = n: hi is 1 - 1 ulp
        assert isinstance(lo, float) and isinstance(hi, float)
        checked += 1
    assert checked > 150 and fractional > 140


def test_share_interval_with_population_unchanged_by_the_swap():
    # the public path: interval_for_count with a population goes through _wilson
    for k, n, population in [(81, 95, 500), (57, 95, 500), (3, 20, 25), (400, 999, 35_000), (0, 60, 100)]:
        fpc = (population - n) / (population - 1)
        got = P.interval_for_count(k, n, "wilson", population, 0.05)
        assert got == pytest.approx(_wilson_by_hand(k / n, n / fpc, 0.05), rel=1e-13, abs=1e-15)


# ---------------------------------------------------------------------------------------------
# Kendall's W: from scipy's Friedman chi-square; the exact permutation p-value unchanged


def _kendall_w_by_hand(rankings, exact_max: int = 200000) -> dict:
    """correlation.kendall_w's numbers as computed before W came from scipy.stats.friedmanchisquare."""
    r = np.asarray(rankings, dtype=float)
    m, n = r.shape
    ranks = np.vstack([stats.rankdata(row) for row in r])

    def w_of(rk):
        totals = rk.sum(axis=-2)
        s = ((totals - totals.mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
        ties = sum(((np.unique(row, return_counts=True)[1] ** 3) - np.unique(row, return_counts=True)[1]).sum()
                   for row in ranks)
        return 12 * s / (m**2 * (n**3 - n) - m * ties)

    w = float(w_of(ranks))
    chi2 = m * (n - 1) * w
    p_chi2 = float(stats.chi2.sf(chi2, n - 1))
    if math.factorial(n) ** (m - 1) <= exact_max:
        perms = np.array(list(itertools.permutations(range(n))))
        dist = [w_of(np.vstack([ranks[0]] + [ranks[i + 1][perms[c]] for i, c in enumerate(combo)]))
                for combo in itertools.product(range(len(perms)), repeat=m - 1)]
        exact = True
    else:  # the Monte Carlo branch (20,000 draws, untouched by the swap) is left out: too slow here
        raise NotImplementedError
    pvalue = float(np.mean(np.asarray(dist) >= w - 1e-12))
    return {"w": w, "chi2": chi2, "p_chi2": p_chi2, "pvalue": pvalue, "exact": exact}


def _rankings():
    rng = np.random.default_rng(7)
    yield np.array([[-2.5, -1, -1, -2.5, -3], [-1, -1, -3, -3, -3]])  # the study's domain tiers
    yield np.array([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])  # identical: W = 1
    yield np.array([[1, 2, 3], [3, 2, 1]])  # opposite: W = 0
    yield np.array([[1, 1, 3, 4], [1, 2, 3, 4]])  # a tie
    yield np.array([[1, 1, 1, 2], [2, 2, 1, 1], [3, 1, 2, 3]])  # ties in every rater
    for m, n in [(2, 3), (2, 4), (2, 5), (3, 3), (3, 4), (4, 3), (2, 6)]:
        for _ in range(3):
            yield np.array([rng.permutation(n) + 1 for _ in range(m)])
            yield rng.integers(0, 3, size=(m, n)) + np.eye(m, n, dtype=int)  # coarse scores with ties


def test_kendall_w_from_friedman_equals_the_hand_written_formula():
    checked = 0
    for r in _rankings():
        got, ref = C.kendall_w(r), _kendall_w_by_hand(r)
        assert got.estimate == pytest.approx(ref["w"], rel=1e-12, abs=1e-14), r
        assert got.statistic == pytest.approx(ref["chi2"], rel=1e-12, abs=1e-13), r
        assert got.details["pvalue_chi2"] == pytest.approx(ref["p_chi2"], rel=1e-12, abs=1e-15), r
        assert got.pvalue == ref["pvalue"], r  # the permutation p-value counts the same arrangements
        assert got.details["exact"] is ref["exact"]
        assert 0.0 <= got.estimate <= 1.0 + 1e-12
        checked += 1
    assert checked > 40


def test_friedman_tie_correction_is_kendalls():
    # scipy corrects Friedman's chi-square by 1 - sum(t^3 - t) / (m n (n^2 - 1)): Kendall's W with
    # its tie correction, 12 S / (m^2 (n^3 - n) - m sum(t^3 - t)), times m (n - 1). By hand:
    # ranks [1.5, 1.5, 3, 4] and [1, 2, 3, 4]; totals 2.5, 3.5, 6, 8; S = 18.5; T = 6.
    chi2 = stats.friedmanchisquare(*np.array([[1, 1, 3, 4], [1, 2, 3, 4]]).T).statistic
    assert chi2 / (2 * 3) == pytest.approx(12 * 18.5 / (4 * (64 - 4) - 2 * 6), rel=1e-14)


def test_vectorised_fisher_equals_scipy_fisher_exact_table_by_table():
    """end_class_comparison tests tens of thousands of class splits: one array call replaces one
    scipy call per table, with scipy's definition (tables no more likely than the observed one)."""
    import numpy as np
    from scipy.stats import fisher_exact

    from analysis.models import proportions as P

    rng = np.random.default_rng(20121203)
    tables = [list(rng.integers(0, 80, 4)) for _ in range(1500)]
    tables += [[0, 0, 0, 0], [5, 0, 0, 5], [0, 3, 4, 0], [128, 0, 1, 103], [0, 0, 3, 4], [22, 0, 0, 8], [1, 1, 1, 1]]
    new = P.fisher_two_sided(tables)
    old = np.array([fisher_exact([[a, b], [c, d]]).pvalue for a, b, c, d in tables])
    np.testing.assert_allclose(new, old, rtol=1e-12, atol=0)
