"""Survey shares with honest uncertainty.

The press prints a share ("85 %") and rarely the n behind it. What can be said depends on
assumptions that must travel with the number: how many answered (the 2012 barometer: about 95 of
500 collectivités), whether they are like those who did not (they are not a random sample), and
how the printed share was rounded. Each function here returns a Result naming them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    test_proportions_2indep,
)

from analysis.models.result import Result

METHODS = {"wilson": "Wilson score", "clopper-pearson": "Clopper-Pearson exact"}
SMALL_N = 30


#: The largest base (respondents, units of a frame) a model accepts: France has about 35,000
#: communes and 68 million inhabitants; a larger base is a transcription error, not a survey.
MAX_BASE = 100_000_000
MAX_EXACT_POPULATION = 1_000_000


def compatible_counts(p: float, n: int, resolution: float = 0.01) -> list[int]:
    """Whole counts k out of n whose share k/n prints as p at the given step.

    "85 %" of 95 can only be 81 (80/95 = 84.2 %, 82/95 = 86.3 %); "un sur cinq" (a word
    fraction, step 0.05) of 95 is anything from 17 to 21.
    """
    half = resolution / 2 + 1e-9
    if not 0 < n <= MAX_BASE:
        raise ValueError(f"a base of {n} is not a survey this study can hold (1 to {MAX_BASE:,})")
    # The bounds by arithmetic, then the exact test on the few candidates at each edge: the time
    # does not grow with n (a loop over range(n + 1) hung on a base of 10^9).
    lo, hi = max(0, math.floor((p - half) * n) - 1), min(n, math.ceil((p + half) * n) + 1)
    return [k for k in range(lo, hi + 1) if abs(k / n - p) <= half]


def _wilson(p: float, n_eff: float, alpha: float) -> tuple[float, float]:
    """Wilson score interval around the observed share p with an effective sample size n_eff.

    The finite-population correction shrinks the variance p(1-p)/n by (N-n)/(N-1), which is the
    variance of a sample of n_eff = n (N-1)/(N-n) drawn with replacement.
    """
    z = stats.norm.ppf(1 - alpha / 2)
    denom = 1 + z**2 / n_eff
    centre = (p + z**2 / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z**2 / (4 * n_eff**2)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _hypergeometric(k: int, n: int, population: int, alpha: float) -> tuple[float, float]:
    """Exact interval for the population share when n of N units are drawn without replacement."""
    if population > MAX_EXACT_POPULATION:
        raise ValueError(f"the exact hypergeometric interval enumerates the population: {population:,} units is "
                         f"over {MAX_EXACT_POPULATION:,}; use the Wilson interval with the finite-population "
                         "correction")
    big_k = np.arange(population + 1)
    upper_tail = stats.hypergeom.sf(k - 1, population, big_k, n)  # P(X >= k | K)
    lower_tail = stats.hypergeom.cdf(k, population, big_k, n)  # P(X <= k | K)
    lo = big_k[upper_tail > alpha / 2].min()
    hi = big_k[lower_tail > alpha / 2].max()
    return lo / population, hi / population


def interval_for_count(k: int, n: int, method: str = "wilson", population: int | None = None,
                       alpha: float = 0.05) -> tuple[float, float]:
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}")
    if population is None:
        lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson" if method == "wilson" else "beta")
        return float(lo), float(hi)
    if method == "wilson":
        fpc = (population - n) / (population - 1)
        return _wilson(k / n, n / fpc, alpha) if fpc > 0 else (k / n, k / n)
    return _hypergeometric(k, n, population, alpha)


def share_interval(p: float | None = None, n: int = 0, *, k: int | None = None, method: str = "wilson",
                   population: int | None = None, resolution: float = 0.01, alpha: float = 0.05,
                   name: str = "share", n_is_assumed: bool = False) -> Result:
    """Interval for a share printed as p (or counted as k) among n respondents.

    With `population` (the N surveyed) a finite-population correction applies: Wilson on the
    effective n = n (N-1)/(N-n), or the exact hypergeometric interval for Clopper-Pearson.
    When several whole counts print as p, the interval covers all of them.
    """
    if n <= 0:
        raise ValueError("n must be positive")
    if population is not None and population < n:
        raise ValueError(f"population {population} is smaller than n {n}")
    assumptions = ["respondents behave like a simple random sample of the frame"
                   + (f" of {population} units (finite-population correction)" if population else "")]
    warnings: list[str] = []
    if k is None:
        if p is None:
            raise ValueError("give p or k")
        ks = compatible_counts(p, n, resolution)
        if not ks:
            warnings.append(f"no whole count out of {n} prints as {p:.3g} at step {resolution:g}: "
                            "n is probably not the base of this share")
            ks = [round(p * n)]
        if len(ks) > 1:
            assumptions.append(f"the printed share allows {ks[0]} to {ks[-1]} of {n}; the interval covers all")
    else:
        ks = [k]
        p = k / n
    bounds = [interval_for_count(kk, n, method, population, alpha) for kk in ks]
    lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    if n < SMALL_N:
        warnings.append(f"small n ({n}): the interval is wide and rests on few answers")
    if p in (0.0, 1.0):
        warnings.append("a share of 0 or 1: only one side of the interval is informative")
    if n_is_assumed:
        warnings.append(f"n = {n} was not published: this interval is a sensitivity, not a fact")
    label = METHODS[method] + (" with finite-population correction" if population else "")
    if population and method == "clopper-pearson":
        label = "exact hypergeometric (finite population)"
    return Result(name=name, method=label, estimate=float(p), ci_low=lo, ci_high=hi,
                  confidence_level=1 - alpha, n=n, unit="share", assumptions=tuple(assumptions),
                  warnings=tuple(warnings),
                  details={"counts": ks, "population": population, "resolution": resolution})


def n_sensitivity(p: float, n_grid: Iterable[int], *, method: str = "wilson", resolution: float = 0.01,
                  alpha: float = 0.05, name: str = "share") -> list[Result]:
    """The interval for each plausible n: for studies (Markess) that never said how many answered."""
    return [share_interval(p, int(n), method=method, resolution=resolution, alpha=alpha,
                           name=f"{name} (n = {int(n)})", n_is_assumed=True) for n in n_grid]


def nonresponse_bounds(p: float, respondents: int, surveyed: int, name: str = "share") -> Result:
    """Worst-case (Manski) bounds on the share among all surveyed units.

    If the non-respondents all said "no", the share is p r; if all said "yes", p r + (1 - r),
    with r the response rate. No assumption about who answered, and so wide.
    """
    if not 0 < respondents <= surveyed:
        raise ValueError("need 0 < respondents <= surveyed")
    r = respondents / surveyed
    lo, hi = p * r, p * r + (1 - r)
    return Result(name=name, method="worst-case bounds under non-response (Manski)", estimate=float(p),
                  ci_low=lo, ci_high=hi, confidence_level=None, n=respondents, unit="share",
                  assumptions=("none about the non-respondents",),
                  warnings=(f"only {r:.0%} of the {surveyed} surveyed answered",) if r < 0.5 else (),
                  details={"response_rate": r, "surveyed": surveyed, "width": hi - lo})


def compare_reports(p1: float, p2: float, n1: int, n2: int | None = None, *, alpha: float = 0.05,
                    name: str = "difference between reports") -> Result:
    """Could two printed values of the same share both be true within sampling error?

    Treats them as estimates from two independent samples of n1 and n2 answers (Newcombe's score
    interval for the difference, score test). If both outlets report the same sample, sampling
    cannot explain any gap at all: the test is then the most generous reading.
    """
    n2 = n2 or n1
    k1, k2 = round(p1 * n1), round(p2 * n2)
    lo, hi = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=alpha)
    test = test_proportions_2indep(k1, n1, k2, n2, method="score", compare="diff")
    compatible = bool(lo <= 0 <= hi)
    warnings = ()
    if not compatible:
        warnings = (f"the two reports cannot both be right: a gap of {abs(p1 - p2):.0%} is beyond "
                    f"sampling error at n = {n1}",)
    return Result(name=name, method="Newcombe score interval for a difference of proportions; score test",
                  estimate=float(k1 / n1 - k2 / n2), ci_low=float(lo), ci_high=float(hi),
                  confidence_level=1 - alpha, n=n1 + n2, statistic=float(test.statistic),
                  pvalue=float(test.pvalue), unit="share difference",
                  assumptions=("the reports are treated as two independent samples",),
                  warnings=warnings, details={"counts": [k1, k2], "nobs": [n1, n2],
                                              "compatible_within_sampling_error": compatible})
