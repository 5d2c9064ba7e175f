"""Correlation and concordance at the sample sizes this project has: three, four, a handful.

At such n, asymptotic p-values are wrong and "significant" is often out of reach whatever the
truth: with four cities the smallest two-sided Spearman p-value is 1/12. So p-values here come
from enumerating every permutation (up to n = 10), intervals from a seeded bootstrap, and each
result states the smallest p-value its n allows and the power it has.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

import numpy as np
from scipy import stats
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.tools import add_constant

from analysis.models.result import Result

EXACT_MAX_N = 10
MC_PERMUTATIONS = 999  # per simulated sample in power_at_n past EXACT_MAX_N
NULL_DRAWS = 20_000  # permutations behind the one null distribution those samples share


def _ranks(a) -> np.ndarray:
    """Midranks along the last axis: one sample, or one per row."""
    return stats.rankdata(np.asarray(a, dtype=float), axis=-1)


# Both statistics work along the last axis and broadcast over the others, so that thousands of
# permutations, bootstrap resamples or simulated samples are computed in one array operation.


def _spearman_stat(rx: np.ndarray, ry: np.ndarray) -> np.ndarray:
    """Pearson correlation of ranks (ties handled by midranks)."""
    rx = rx - rx.mean(axis=-1, keepdims=True)
    ry = ry - ry.mean(axis=-1, keepdims=True)
    num = (ry * rx).sum(axis=-1)
    den = np.sqrt((rx**2).sum(axis=-1) * (ry**2).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _kendall_stat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kendall's tau-b."""
    i, j = np.triu_indices(x.shape[-1], k=1)
    sx = np.sign(x[..., j] - x[..., i]).astype(np.int8)
    sy = np.sign(y[..., j] - y[..., i]).astype(np.int8)
    num = (sx * sy).sum(axis=-1, dtype=np.int64)
    n0 = len(i)
    tx = n0 - np.count_nonzero(sx, axis=-1)
    ty = n0 - np.count_nonzero(sy, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / np.sqrt((n0 - tx) * (n0 - ty))


STATISTICS = {"spearman": (_spearman_stat, True), "kendall": (_kendall_stat, False)}


def permutation_distribution(x, y, method: str, *, max_exact: int = EXACT_MAX_N,
                             resamples: int = 20000, seed: int = 0) -> tuple[np.ndarray, bool]:
    """The statistic under every permutation of y (exact), or under random ones past max_exact.

    The random permutations are drawn a block at a time with `Generator.permuted`, which consumes
    the random stream exactly as one `rng.permutation(n)` call per resample did: same draws, same
    p-values, without a Python loop or a resamples x n index matrix held at once.
    """
    fn, use_ranks = STATISTICS[method]
    x, y = np.asarray(x, float), np.asarray(y, float)
    a, b = (_ranks(x), _ranks(y)) if use_ranks else (x, y)
    n = len(x)
    chunk = _rows_per_block(n, method)
    if n <= max_exact:
        perms = _all_permutations(n)
        return np.concatenate([fn(a, b[perms[i:i + chunk]]) for i in range(0, len(perms), chunk)]), True
    rng = np.random.default_rng(seed)
    out = [fn(a, b[_random_permutations(rng, n, min(chunk, resamples - i))]) for i in range(0, resamples, chunk)]
    return np.concatenate(out), False


def _rows_per_block(n: int, method: str, budget: int = 2_000_000) -> int:
    """Permutations per block so that a block's widest temporary holds about `budget` numbers.

    Spearman works on n values per permutation, Kendall on n(n-1)/2 pairs. Every statistic is
    computed row by row, so the block size never changes a result, only the memory it takes.
    """
    width = n if method == "spearman" else max(1, n * (n - 1) // 2)
    return max(1, min(100_000, budget // width))


def _random_permutations(rng: np.random.Generator, n: int, rows: int) -> np.ndarray:
    """`rows` random permutations of range(n): the same draws as `rows` calls of rng.permutation(n)."""
    return rng.permuted(np.broadcast_to(np.arange(n), (rows, n)), axis=1)


@functools.cache
def _all_permutations(n: int) -> np.ndarray:
    return np.array(list(itertools.permutations(range(n))), dtype=np.int8)


def correlation(x, y, *, method: str = "spearman", n_boot: int = 2000, seed: int = 0,
                alpha: float = 0.05, name: str = "correlation") -> Result:
    """Spearman or Kendall coefficient, exact permutation p-value, bootstrap percentile interval."""
    if method not in STATISTICS:
        raise ValueError(f"method must be one of {sorted(STATISTICS)}")
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.shape != y.shape or len(x) < 2:
        raise ValueError("need two paired samples of at least two values")
    n = len(x)
    fn, use_ranks = STATISTICS[method]
    a, b = (_ranks(x), _ranks(y)) if use_ranks else (x, y)
    observed = float(fn(a, b[None, :])[0])
    warnings = []
    if math.isnan(observed):
        raise ValueError("one of the variables is constant: no correlation is defined")
    dist, exact = permutation_distribution(x, y, method, seed=seed)
    dist = dist[~np.isnan(dist)]
    pvalue = float(np.mean(np.abs(dist) >= abs(observed) - 1e-12))
    min_p = float(np.mean(np.abs(dist) >= np.nanmax(np.abs(dist)) - 1e-12))
    if not exact:
        warnings.append(f"n = {n} > {EXACT_MAX_N}: p-value from {len(dist)} random permutations")
    if min_p > alpha:
        warnings.append(f"with n = {n} the smallest two-sided p-value possible is {min_p:.3g}: "
                        f"no result can reach the {alpha:g} level")
    if n < 4:
        warnings.append(f"n = {n}: too few pairs for a bootstrap interval")
        n_boot = 0
    # bootstrap over pairs; a resample where either variable is constant has no correlation
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    bx, by = x[idx], y[idx]
    keep = (np.ptp(bx, axis=-1) > 0) & (np.ptp(by, axis=-1) > 0)
    bx, by = bx[keep], by[keep]
    boots = fn(_ranks(bx), _ranks(by)) if use_ranks else fn(bx, by)
    lo = hi = None
    if n_boot == 0:
        pass
    elif len(boots) >= 0.5 * n_boot:
        lo, hi = (float(v) for v in np.quantile(boots, [alpha / 2, 1 - alpha / 2]))
    else:
        warnings.append("most bootstrap resamples were degenerate: no interval")
    if 4 <= n < 8:
        warnings.append(f"n = {n}: a bootstrap interval at this n is rough and too narrow")
    label = {"spearman": "Spearman rank correlation", "kendall": "Kendall tau-b"}[method]
    boot_text = f"bootstrap percentile interval ({n_boot} resamples, seed {seed})" if n_boot else "no interval"
    return Result(name=name, method=f"{label}; {'exact' if exact else 'Monte Carlo'} permutation p-value; {boot_text}",
                  estimate=observed, ci_low=lo, ci_high=hi, confidence_level=1 - alpha, n=n,
                  statistic=observed, pvalue=pvalue, unit="coefficient",
                  assumptions=("pairs are exchangeable under no association",),
                  warnings=tuple(warnings),
                  details={"min_pvalue": min_p, "n_permutations": int(len(dist)), "exact": exact})


def power_at_n(n: int, rho: float, *, method: str = "spearman", alpha: float = 0.05,
               simulations: int = 2000, seed: int = 0) -> float:
    """Probability that the exact test rejects at `alpha` when the true (Gaussian) correlation is rho."""
    rng = np.random.default_rng(seed)
    cov = [[1, rho], [rho, 1]]
    fn, use_ranks = STATISTICS[method]
    if n <= EXACT_MAX_N:
        # Every simulated sample against every permutation, a block of samples at a time.
        xy = rng.multivariate_normal([0, 0], cov, size=(simulations, n))
        x, y = xy[..., 0], xy[..., 1]
        a, b = (_ranks(x), _ranks(y)) if use_ranks else (x, y)
        obs = fn(a, b)
        perms = _all_permutations(n)
        block = max(1, 2_000_000 // (len(perms) * n))
        hits = 0
        for s in range(0, simulations, block):
            dist = fn(a[s:s + block, None, :], b[s:s + block][:, perms])
            p = np.mean(np.abs(dist) >= np.abs(obs[s:s + block, None]) - 1e-12, axis=-1)
            hits += int(np.count_nonzero(p <= alpha))
        return hits / simulations
    # Past EXACT_MAX_N, a Monte Carlo test with MC_PERMUTATIONS random permutations per sample.
    # Simulated samples are continuous, so without ties: the ranks of x and of y are permutations
    # of 1..n, and the statistic under a uniformly random permutation has the same distribution
    # whatever the sample. Each sample's count of permuted statistics at least as extreme as its
    # own is therefore Binomial(MC_PERMUTATIONS, q(|obs|)), q the tail of that one null
    # distribution: estimated once from NULL_DRAWS permutations, then a count drawn per sample.
    # This is the one-sample-at-a-time test (`_power_one_at_a_time`) in distribution, not draw for
    # draw; tests/models/test_correlation.py compares the two. Cost O(NULL_DRAWS x n) instead of
    # O(simulations x MC_PERMUTATIONS x n) and 2 million Python calls.
    # Samples a block at a time (the same draws as one call: the stream is read in order), so
    # that memory stays about _rows_per_block x n numbers whatever n and simulations.
    block = _rows_per_block(n, method)
    obs = np.empty(simulations)
    for s in range(0, simulations, block):
        xy = rng.multivariate_normal([0, 0], cov, size=(min(block, simulations - s), n))
        x, y = xy[..., 0], xy[..., 1]
        a, b = (_ranks(x), _ranks(y)) if use_ranks else (x, y)
        obs[s:s + len(xy)] = np.abs(fn(a, b))
    null = np.sort(np.abs(permutation_distribution(np.arange(n), np.arange(n), method, max_exact=0,
                                                   resamples=NULL_DRAWS, seed=int(rng.integers(2**63)))[0]),
                   kind="stable")
    tail = (len(null) - np.searchsorted(null, obs - 1e-12, side="left")) / len(null)
    extreme = rng.binomial(MC_PERMUTATIONS, tail)
    return int(np.count_nonzero(extreme / MC_PERMUTATIONS <= alpha)) / simulations


def _power_one_at_a_time(n: int, rho: float, *, method: str = "spearman", alpha: float = 0.05,
                         simulations: int = 2000, seed: int = 0) -> float:
    """The Monte Carlo power as first written, one sample and one permutation at a time.

    The reference `power_at_n` is checked against past EXACT_MAX_N (slow: simulations x 999 calls).
    """
    rng = np.random.default_rng(seed)
    cov = [[1, rho], [rho, 1]]
    fn, use_ranks = STATISTICS[method]
    hits = 0
    for _ in range(simulations):
        xy = rng.multivariate_normal([0, 0], cov, size=n)
        x, y = xy[:, 0], xy[:, 1]
        a, b = (_ranks(x), _ranks(y)) if use_ranks else (x, y)
        obs = fn(a, b[None, :])[0]
        dist = fn(a, b[np.array([rng.permutation(n) for _ in range(MC_PERMUTATIONS)])])
        if np.mean(np.abs(dist) >= abs(obs) - 1e-12) <= alpha:
            hits += 1
    return hits / simulations


def kendall_w(rankings, *, name: str = "concordance", exact_max: int = 200000, seed: int = 0) -> Result:
    """Kendall's coefficient of concordance W of m raters over n items (ties corrected).

    `rankings` is an m x n array of scores or ranks (higher score = ranked higher is fine: each
    row is ranked). The p-value enumerates every combination of the raters' permutations when
    there are at most `exact_max`, else draws them at random; the chi-square p-value is in details.
    """
    r = np.asarray(rankings, dtype=float)
    if r.ndim != 2 or r.shape[0] < 2 or r.shape[1] < 3:
        raise ValueError("need at least 2 raters and 3 items")
    m, n = r.shape
    ranks = np.vstack([_ranks(row) for row in r])

    def w_of(rk):
        totals = rk.sum(axis=-2)
        s = ((totals - totals.mean(axis=-1, keepdims=True)) ** 2).sum(axis=-1)
        ties = sum(((np.unique(row, return_counts=True)[1] ** 3) - np.unique(row, return_counts=True)[1]).sum()
                   for row in ranks)
        return 12 * s / (m**2 * (n**3 - n) - m * ties)

    # W from Friedman's chi-square (ranked within each rater, the same tie correction):
    # W = chi2 / (m (n - 1)). w_of stays for the exact permutation distribution, unchanged
    # (p counts arrangements with W >= this W - 1e-12); tests/models/test_library_swaps.py
    # compares the two computations of W.
    friedman = stats.friedmanchisquare(*r.T)
    chi2, p_chi2 = float(friedman.statistic), float(friedman.pvalue)
    w = chi2 / (m * (n - 1))
    n_combos = math.factorial(n) ** (m - 1)
    if n_combos <= exact_max:
        perms = np.array(list(itertools.permutations(range(n))))
        dist = []
        for combo in itertools.product(range(len(perms)), repeat=m - 1):
            rk = np.vstack([ranks[0]] + [ranks[i + 1][perms[c]] for i, c in enumerate(combo)])
            dist.append(w_of(rk))
        exact = True
    else:
        rng = np.random.default_rng(seed)
        dist = [w_of(np.vstack([ranks[0]] + [row[rng.permutation(n)] for row in ranks[1:]]))
                for _ in range(20000)]
        exact = False
    dist = np.asarray(dist)
    pvalue = float(np.mean(dist >= w - 1e-12))
    warnings = []
    if m * n < 20:
        warnings.append(f"{m} raters x {n} items: little information; the chi-square p-value would be unreliable")
    return Result(name=name, method="Kendall's W with tie correction; "
                  + ("exact permutation p-value" if exact else "Monte Carlo permutation p-value"),
                  estimate=w, confidence_level=None, n=n, statistic=chi2, pvalue=pvalue,
                  unit="W (0 = no agreement, 1 = identical rankings)",
                  assumptions=("raters rank the same items independently",), warnings=tuple(warnings),
                  details={"raters": m, "items": n, "pvalue_chi2": p_chi2, "exact": exact})


def grouped_logistic(shares: Sequence[float], sizes: Sequence[int], levels: Sequence[float], *,
                     alpha: float = 0.05, name: str = "size gradient") -> Result:
    """Binomial GLM of a share on an ordered size level (the log of a city-size class's midpoint).

    Group sizes were not published: they are parameters, and the caller runs scenarios.
    """
    shares, sizes, levels = (np.asarray(v, dtype=float) for v in (shares, sizes, levels))
    if np.any((shares < 0) | (shares > 1)):
        raise ValueError("a group share is outside [0, 1]: the group-size scenario is inconsistent")
    k = np.round(shares * sizes)
    X = add_constant(levels - levels.mean())
    fit = GLM(np.column_stack([k, sizes - k]), X, family=families.Binomial()).fit()
    b = float(fit.params[1])
    lo, hi = (float(v) for v in fit.conf_int(alpha)[1])
    warnings = [f"{len(shares)} groups: the gradient rests on that many points"]
    if fit.df_resid > 0 and fit.pearson_chi2 / fit.df_resid > 1.5:
        warnings.append("the groups depart from a straight logit gradient")
    return Result(name=name, method="binomial GLM, logit link, on group counts", estimate=math.exp(b),
                  ci_low=math.exp(lo), ci_high=math.exp(hi), confidence_level=1 - alpha,
                  n=int(sizes.sum()), statistic=float(fit.tvalues[1]), pvalue=float(fit.pvalues[1]),
                  unit="odds ratio per unit of size level",
                  assumptions=("group sizes as set in params.yaml (not published)",
                               "candidates independent within a group"),
                  warnings=tuple(warnings),
                  details={"shares": shares.tolist(), "sizes": sizes.tolist(), "levels": levels.tolist(),
                           "log_odds_ratio": b})


def middle_group_share(overall: float, groups: dict[str, tuple[float | None, int]]) -> float:
    """The one unpublished group share that makes the groups add up to the overall share."""
    total = sum(n for _, n in groups.values())
    known = sum(p * n for p, n in groups.values() if p is not None)
    missing = [g for g, (p, _) in groups.items() if p is None]
    if len(missing) != 1:
        raise ValueError("exactly one group share must be unknown")
    return (overall * total - known) / groups[missing[0]][1]


def mann_whitney(a, b, *, name: str = "two groups") -> Result:
    """Exact Mann-Whitney U test of whether group a tends to be larger than group b."""
    res = stats.mannwhitneyu(a, b, alternative="two-sided", method="exact")
    n1, n2 = len(a), len(b)
    auc = float(res.statistic) / (n1 * n2)
    return Result(name=name, method="Mann-Whitney U, exact two-sided p-value",
                  estimate=auc, confidence_level=None, n=n1 + n2, statistic=float(res.statistic),
                  pvalue=float(res.pvalue),
                  unit="probability that a value of the first group exceeds one of the second",
                  assumptions=("values independent",),
                  warnings=(f"{n1} against {n2}: very little information",) if min(n1, n2) < 5 else (),
                  details={"n_a": n1, "n_b": n2})
