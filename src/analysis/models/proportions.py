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
from scipy import special, stats
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


def _wilson(p, n_eff: float, alpha: float):
    """Wilson score interval around the observed share p with an effective sample size n_eff.

    The finite-population correction shrinks the variance p(1-p)/n by (N-n)/(N-1), which is the
    variance of a sample of n_eff = n (N-1)/(N-n) drawn with replacement. statsmodels' Wilson
    interval takes a non-integer count and nobs: p n_eff successes of n_eff (the hand-written
    formula it replaces is kept in tests/models/test_library_swaps.py and compared).
    """
    return proportion_confint(p * n_eff, n_eff, alpha=alpha, method="wilson")


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
    """The interval of the share k/n (of a frame of `population` units, if given)."""
    return span_for_counts([k], n, method, population, alpha)


def span_for_counts(ks: Iterable[int], n: int, method: str = "wilson", population: int | None = None,
                    alpha: float = 0.05) -> tuple[float, float]:
    """The lowest lower and the highest upper bound of the intervals of every count in `ks` out of n.

    One array call for all counts (a printed share of a large base allows many): the same
    arithmetic, element by element, as one call per count."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}")
    ks = list(ks)
    counts = np.asarray(ks, dtype=float)
    if population is None:
        lo, hi = proportion_confint(counts, n, alpha=alpha, method="wilson" if method == "wilson" else "beta")
    elif method == "wilson":
        fpc = (population - n) / (population - 1)
        lo, hi = _wilson(counts / n, n / fpc, alpha) if fpc > 0 else (counts / n, counts / n)
    else:
        lo, hi = np.array([_hypergeometric(int(k), n, population, alpha) for k in ks]).T
    return float(np.min(lo)), float(np.max(hi))


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
    lo, hi = span_for_counts(ks, n, method, population, alpha)
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
                    name: str = "difference between reports",
                    assumption: str = "the reports are treated as two independent samples") -> Result:
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
                  assumptions=(assumption,),
                  warnings=warnings, details={"counts": [k1, k2], "nobs": [n1, n2],
                                              "compatible_within_sampling_error": compatible})


# ---------------------------------------------------------------------------------------------
# Which bases can have produced a printed figure (GRIM-style), and what it allows


def printed_range(value: float, resolution: float, qualifier: str = "exact", lower: float | None = None,
                  upper: float | None = None) -> tuple[float, float]:
    """The true shares a printed figure allows at its printed precision.

    « 30 % » (step 0.01) is anything in [29.5 %, 30.5 %]; « un tiers » (step 0.05) [28.3 %, 38.3 %];
    « près de 60 % » the parsed range widened by half a step; « plus de 10 % » and « plus d'un sur
    deux » are one-sided: (10 %, 100 %] and (50 %, 100 %]; « moins de » the other side.
    """
    half = resolution / 2
    lo = value if lower is None else lower
    hi = value if upper is None else upper
    if qualifier == "more_than":
        return value, 1.0
    if qualifier == "at_least":
        return value, 1.0
    if qualifier == "less_than":
        return 0.0, value
    return max(0.0, lo - half), min(1.0, hi + half)


def counts_in_range(n: int, lo: float, hi: float, *, strict_low: bool = False) -> list[int]:
    """Whole counts k of n with k/n in [lo, hi] (or (lo, hi] when strict_low)."""
    eps = 1e-9
    ks = range(max(0, math.floor(lo * n) - 1), min(n, math.ceil(hi * n) + 1) + 1)
    return [k for k in ks if (k / n > lo + eps if strict_low else k / n >= lo - eps) and k / n <= hi + eps]


def subset_sums(parts: dict[str, int]) -> dict[int, list[str]]:
    """Every base that a set of respondent groups can make: each non-empty combination's total."""
    import itertools

    out: dict[int, list[str]] = {}
    names = sorted(parts)
    for r in range(1, len(names) + 1):
        for combo in itertools.combinations(names, r):
            out.setdefault(sum(parts[c] for c in combo), list(combo))
    return dict(sorted(out.items()))


def based_share(value: float, bases: dict[str, int], *, resolution: float, qualifier: str = "exact",
                lower: float | None = None, upper: float | None = None, population: dict[str, int] | None = None,
                method: str = "wilson", alpha: float = 0.05, name: str = "share",
                all_bases: Iterable[int] = ()) -> Result:
    """A printed share on the base(s) that can have produced it.

    For each plausible base (named: "all respondents" 95, "villes et agglomérations" 60), the whole
    counts consistent with the printed figure at its printed precision; the interval covers every
    consistent count on every consistent base, and names them. A one-sided figure (« plus de 10 % »)
    gets a one-sided interval. A figure that fits none of the plausible bases is warned about, with
    the bases that would fit (from `all_bases`), and its interval falls back on the largest base.
    """
    lo_p, hi_p = printed_range(value, resolution, qualifier, lower, upper)
    one_sided = qualifier in ("more_than", "at_least", "less_than")
    strict = qualifier == "more_than"
    fits: dict[str, list[int]] = {}
    for label, n in bases.items():
        ks = counts_in_range(n, lo_p, hi_p, strict_low=strict)
        if ks:
            fits[label] = ks
    warnings: list[str] = []
    others = [n for n in all_bases if counts_in_range(int(n), lo_p, hi_p, strict_low=strict)]
    used = fits
    if not fits:
        big = max(bases, key=bases.get)
        listed = ", ".join(f"{k}: {v}" for k, v in bases.items())
        warnings.append(f"the printed figure fits none of the plausible bases ({listed}) at its printed precision"
                        + (f"; bases that would fit include {others[:6]}" if others else ""))
        used = {big: [round(value * bases[big])]}
    bounds = []
    a = 2 * alpha if one_sided else alpha  # a one-sided 1 - alpha bound is one side of a 1 - 2 alpha interval
    for label, ks in used.items():
        n = bases[label]
        pop = (population or {}).get(label)
        bounds.append(span_for_counts(ks, n, method, pop, a))
    ci_lo, ci_hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    if qualifier in ("more_than", "at_least"):
        ci_hi = 1.0
    elif qualifier == "less_than":
        ci_lo = 0.0
    assumptions = ["respondents behave like a simple random sample of the frame",
                   "the base is one the printed figure can come from: " + (
                       ", ".join(f"{k} ({bases[k]}; {v[0]}" + (f" to {v[-1]}" if len(v) > 1 else "") + ")"
                                 for k, v in used.items()))]
    if one_sided:
        assumptions.append("a one-sided figure: a one-sided interval")
    # Beside it, the censored Jeffreys interval on the same plausible bases (each with its frame).
    frames = {bases[k]: (population or {}).get(k) for k in fits}
    censored = censored_details(value, [bases[k] for k in fits], resolution=resolution, qualifier=qualifier,
                                lower=lower, upper=upper, population={n: f for n, f in frames.items() if f},
                                alpha=alpha) if fits else {
        "censored_interval": None, "censored_method": CENSORED_METHOD, "censored_bases": [],
        "censored_note": "no censored interval: the printed figure fits none of the plausible bases"}
    return Result(name=name, method=METHODS[method] + (" (one-sided)" if one_sided else "")
                  + ", on every base and count consistent with the printed figure",
                  estimate=float(value), ci_low=ci_lo, ci_high=ci_hi, confidence_level=1 - alpha,
                  n=max(bases[k] for k in used), unit="share", assumptions=tuple(assumptions),
                  warnings=tuple(warnings),
                  details={"bases": {k: bases[k] for k in used}, "counts": {k: v for k, v in used.items()},
                           "fits": sorted(fits), "printed_range": [lo_p, hi_p], "resolution": resolution,
                           "qualifier": qualifier, "other_bases_that_fit": others, **censored})


def one_base_consistency(reports: list[tuple], bases: Iterable[int],
                         name: str = "reports of one figure") -> Result:
    """Can several printed reports of one construct all come from one count on one base?

    Each report is (value, resolution, qualifier), or (value, resolution, qualifier, lower, upper)
    for a figure whose words bound it (« près de la moitié »: 45 % to 50 %). For each base n, the
    counts k whose k/n prints as every report at its own precision; the estimate is the number of
    bases where some count fits them all (0: the reports cannot describe one number, whatever the
    base).
    """
    bases = [int(b) for b in bases]
    ranges = [printed_range(*r) for r in reports]
    lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
    strict = any(r[2] == "more_than" and rng[0] == lo for r, rng in zip(reports, ranges, strict=True))
    ok = {n: counts_in_range(n, lo, hi, strict_low=strict) for n in bases} if lo <= hi else {}
    ok = {n: ks for n, ks in ok.items() if ks}
    return Result(name=name, method="whole counts consistent with every report at its printed precision",
                  estimate=float(len(ok)), confidence_level=None, n=len(reports), unit="bases consistent",
                  assumptions=("the reports describe one construct measured once",),
                  warnings=() if ok else ("no base and count can print as all of these reports: they are not one "
                                          "number rounded differently",),
                  details={"consistent": bool(ok), "bases": {str(n): ks for n, ks in ok.items()},
                           "common_range": [lo, hi] if lo <= hi else None,
                           "reports": [list(r) for r in reports]})


def smallest_n_for_difference(p_first: float, p_last: float, *, alpha: float = 0.05, n_max: int = 100_000,
                              name: str = "difference between two waves") -> Result:
    """The smallest number of respondents per wave at which two printed shares differ beyond sampling error.

    When a survey's size is not printed, no interval can be drawn around a change; this says instead how
    small the survey would have to be for the change to be within sampling error (Newcombe's hybrid score
    interval, the shares taken as printed, both waves of the same size). Computed on the whole grid at
    once, so its time does not depend on the answer.
    """
    n = np.arange(2, n_max + 1, dtype=float)
    l1, u1 = _wilson(p_last, n, alpha)
    l2, u2 = _wilson(p_first, n, alpha)
    d = p_last - p_first
    lo = d - np.sqrt((p_last - l1) ** 2 + (u2 - p_first) ** 2)
    hi = d + np.sqrt((u1 - p_last) ** 2 + (p_first - l2) ** 2)
    includes_zero = (lo <= 0) & (hi >= 0)
    found = None
    if not includes_zero[-1]:
        last_inside = np.flatnonzero(includes_zero)
        found = int(n[last_inside[-1] + 1]) if len(last_inside) else int(n[0])
    return Result(name=name, method="smallest equal wave size at which Newcombe's hybrid score interval for the "
                  "difference of two shares excludes zero", estimate=found, confidence_level=1 - alpha, n=None,
                  unit="respondents per wave", assumptions=("the shares as printed", "two independent samples"),
                  warnings=("no sample size printed: a threshold of size, not an interval",) + (
                      () if found else (f"within sampling error up to {n_max} respondents per wave",)),
                  details={"p_first": p_first, "p_last": p_last, "difference": d, "n_max": n_max})


def smallest_consistent_n(values: Iterable[float], resolution: float = 0.01, n_max: int = 10_000) -> int | None:
    """The smallest base on which every value prints as itself at the given step."""
    values = list(values)
    for n in range(1, n_max + 1):
        if all(compatible_counts(v, n, resolution) for v in values):
            return n
    return None


def _log_comb(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def _hypergeom_pmf(x: np.ndarray, total: np.ndarray, successes: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """The hypergeometric probability, from log-binomials: scipy's own pmf computes each of the
    million cells of `fisher_two_sided` through Boost in about a second; this takes a tenth, and
    agrees with it to about 1e-13 relatively (tested), far below the 10 digits results are written with."""
    return np.exp(_log_comb(successes, x) + _log_comb(total - successes, draws - x) - _log_comb(total, draws))


def fisher_two_sided(tables) -> np.ndarray:
    """Fisher's exact two-sided p-value of many 2x2 tables [[a, b], [c, d]] at once.

    The definition scipy.stats.fisher_exact uses: the sum of the hypergeometric probabilities of
    every table with the observed margins that is no more likely than the observed one (with its
    relative tolerance of 1e-7), computed for all tables in one array instead of one call each
    (the class splits of `end_class_comparison` number in the tens of thousands).
    """
    t = np.asarray(tables, dtype=np.int64).reshape(-1, 4)
    a, b, c, d = t.T
    r1, r2, c1 = a + b, c + d, a + c
    total = r1 + r2
    lo, hi = np.maximum(0, c1 - r2), np.minimum(r1, c1)
    width = int((hi - lo).max()) + 1 if len(t) else 0
    x = lo[:, None] + np.arange(width)[None, :]
    valid = x <= hi[:, None]
    pmf = np.where(valid, _hypergeom_pmf(np.where(valid, x, lo[:, None]), total[:, None], c1[:, None],
                                         r1[:, None]), 0.0)
    # The observed table's probability is read from its own row, so that a tie is exactly a tie.
    observed = pmf[np.arange(len(t)), a - lo] if len(t) else np.zeros(0)
    p = np.where(pmf <= observed[:, None] * (1 + 1e-7), pmf, 0.0).sum(axis=1)
    # A table with an empty row or column has only itself: p = 1, as scipy says.
    degenerate = (r1 == 0) | (r2 == 0) | (c1 == 0) | (c1 == total)
    return np.where(degenerate, 1.0, np.minimum(p, 1.0))


def end_class_comparison(p_low: float, p_high: float, total_k: int, total_n: int, *, resolution: float = 0.01,
                         alpha: float = 0.05, name: str = "end classes") -> Result:
    """Two printed class shares compared exactly, over every class split the total allows.

    The sizes of the classes were not published: only the total (k of n). Every split (n_low,
    n_high, and the middle class the rest) whose counts print as p_low and p_high and leave the
    middle class a possible count is enumerated; for each, Fisher's exact test and the conditional
    exact interval of the odds ratio. The result gives the range of p-values and the union of the
    intervals over all splits, and the smallest classes from which every split is beyond chance.
    """
    from scipy.stats import contingency

    lows = {n: compatible_counts(p_low, n, resolution) for n in range(1, total_n + 1)}
    highs = {n: compatible_counts(p_high, n, resolution) for n in range(1, total_n + 1)}
    splits = []
    for nl, kls in lows.items():
        for nh, khs in highs.items():
            if nl + nh > total_n:
                break
            nm = total_n - nl - nh
            for kl in kls:
                for kh in khs:
                    km = total_k - kl - kh
                    if not 0 <= km <= nm:
                        continue
                    splits.append((nl, kl, nh, kh))
    keys = sorted(set(splits))
    pvals = dict(zip(keys, fisher_two_sided([[kh, nh - kh, kl, nl - kl] for nl, kl, nh, kh in keys]).tolist(),
                     strict=True))
    rows = [(*s, pvals[s]) for s in splits]
    if not rows:
        raise ValueError("no class split is consistent with the printed shares and the total")
    arr = np.array(rows, dtype=float)
    pmin, pmax = float(arr[:, 4].min()), float(arr[:, 4].max())
    beyond = arr[:, 4] < alpha
    # The smallest class size m such that every split with both end classes of at least m is beyond chance.
    sizes = np.minimum(arr[:, 0], arr[:, 2])
    threshold = None
    for m in sorted(set(sizes.astype(int).tolist())):
        if beyond[sizes >= m].all():
            threshold = int(m)
            break
    # The exact interval of the odds ratio at the most and least favourable splits.
    def ci(row):
        nl, kl, nh, kh = (int(v) for v in row[:4])
        orr = contingency.odds_ratio([[kh, nh - kh], [kl, nl - kl]])
        lo, hi = orr.confidence_interval(1 - alpha)
        return {"n_low": nl, "k_low": kl, "n_high": nh, "k_high": kh, "odds_ratio": float(orr.statistic),
                "ci_low": float(lo), "ci_high": float(hi), "pvalue": float(row[4])}
    worst, best = ci(arr[arr[:, 4].argmax()]), ci(arr[arr[:, 4].argmin()])
    warnings = ["programmes are clustered in cities (several candidates per city): the tests treat them as "
                "independent, so every p-value is optimistic"]
    if pmax >= alpha:
        warnings.append(f"for some splits (the smallest end classes) the gap is within chance: p reaches {pmax:.2f}")
    return Result(name=name, method="Fisher's exact test and conditional exact odds-ratio interval, over every class "
                  "split consistent with the printed shares and the total",
                  estimate=float(p_high - p_low), ci_low=None, ci_high=None, confidence_level=1 - alpha,
                  n=total_n, pvalue=pmax, unit="share difference (high against low class)",
                  assumptions=("the class shares are computed on the online programmes of the total",
                               "each programme an independent observation"),
                  warnings=tuple(warnings),
                  details={"splits": len(rows), "pvalue_range": [pmin, pmax],
                           "share_beyond_chance": float(beyond.mean()),
                           "min_class_for_every_split_beyond_chance": threshold, "least_favourable": worst,
                           "most_favourable": best, "total": [total_k, total_n]})


#: What the censored interval is, in words: the chapters and results name it so.
CENSORED_METHOD = ("Jeffreys prior on the share; the printed figure read as censored (a whole count known only "
                   "to print as the figure at its printed precision, or to lie beyond its bound); every plausible "
                   "base equally likely; exact mixture of beta distributions (beta-binomial on a finite frame)")
ONE_SIDED_NOTE = ("for a one-sided figure, the one-sided bound at the least favourable base and count the words "
                  "allow: the censored posterior lies above it whatever the prior leaves open")


class _CensoredMixture:
    """P(share <= x) under a mixture of the posteriors of (n, k) components, for many x.

    Without a frame (or for a component whose frame is 0) the component is Beta(k + 1/2, n - k + 1/2).
    With a frame of N units of which n were drawn, the population share is (k + K') / N with
    K' ~ BetaBinomial(N - n, k + 1/2, n - k + 1/2): the Jeffreys prior on the superpopulation share
    carried exactly to the units nobody asked (the finite-population analogue of the beta posterior).

    The same arithmetic as scipy's `beta.cdf` (the regularised incomplete beta) and `betabinom.cdf`
    (the sum of the probabilities up to m), with the beta-binomial probabilities computed once per
    component instead of at every step of the root finder: a quantile takes some forty evaluations.
    """

    def __init__(self, n, k, weights, frame):
        n, k, self.w, big = (np.asarray(v, dtype=float) for v in (n, k, weights, frame))
        self.k, self.big = k, big
        self.a, self.b = k + 0.5, n - k + 0.5
        self.finite = np.flatnonzero(big > 0)
        self.pmf = []
        for i in self.finite:
            m = big[i] - n[i]  # units nobody asked
            j = np.arange(0.0, m + 1)
            self.pmf.append(np.exp(-np.log(m + 1) - special.betaln(m - j + 1, j + 1)
                                   + special.betaln(j + self.a[i], m - j + self.b[i])
                                   - special.betaln(self.a[i], self.b[i])))

    def cdf(self, x: float) -> float:
        out = np.where(self.big > 0, 0.0, special.betainc(self.a, self.b, x) if 0 < x < 1 else float(x >= 1))
        for i, pmf in zip(self.finite, self.pmf, strict=True):
            m = np.floor(x * self.big[i] - self.k[i] + 1e-9)
            # clipped to [0, 1] as scipy clips it: a sum of probabilities can pass 1 by a few ulps
            out[i] = 0.0 if m < 0 else 1.0 if m >= len(pmf) - 1 else min(max(np.sum(pmf[:int(m) + 1]), 0.0), 1.0)
        return float(np.sum(self.w * out))


def _censored_cdf(x: float, n, k, weights, frame) -> float:
    """P(share <= x) under the mixture (see `_CensoredMixture`)."""
    return _CensoredMixture(n, k, weights, frame).cdf(x)


def _censored_quantile(q: float, n, k, weights, frame) -> float:
    from scipy import optimize as opt

    mixture = _CensoredMixture(n, k, weights, frame)
    if mixture.cdf(0.0) >= q:
        return 0.0
    x = float(opt.brentq(lambda x: mixture.cdf(x) - q, 0.0, 1.0, xtol=1e-12))
    # A finite frame's share moves in steps of 1/N: a quantile at a step is the step itself.
    for big in {int(b) for b in np.atleast_1d(frame) if b > 0}:
        j = round(x * big)
        if abs(x - j / big) < 1e-9:
            return j / big
    return x


def censored_share_interval(value: float, n_values: Iterable[int], *, resolution: float = 0.01,
                            qualifier: str = "exact", lower: float | None = None, upper: float | None = None,
                            population: dict[int, int] | None = None, alpha: float = 0.05,
                            name: str = "share") -> Result:
    """A Bayesian interval for a share known only as a rounded (censored) figure of an uncertain n.

    What is observed is not k but the event "k/n prints as the figure" (k in a set K_n, from the
    figure's printed range: its rounding interval, or beyond its bound for « plus de »), and n is
    one of `n_values`, a priori equally likely. With a Jeffreys prior Beta(1/2, 1/2) on the share,
    the posterior is exactly a mixture of Beta(k + 1/2, n - k + 1/2) over every (n, k) consistent
    with the figure, each weighted by the beta-binomial probability of k (so: uniform over n, the
    evidence of each n deciding its share of the mixture); its equal-tailed interval is found on the
    mixture's exact distribution function (no sampling, no approximation). `population` maps a base
    n to the frame it was drawn from (95 of 500): the posterior is then that of the frame's share.

    A one-sided figure (« plus de 10 % ») says nothing on its open side: there the posterior is the
    prior's, not the data's (under the Jeffreys prior, a 95 % lower bound of about 14 % for
    « plus de 10 % », which no reader of the words would sign). So the interval is one-sided (the
    open side 0 or 1) and its bound is the one-sided 1 - alpha bound of the least favourable base
    and count the words allow (for « plus de 10 % » of 95, 10 of 95): the censored posterior given
    "k >= k0" lies above the posterior given "k = k0" (monotone likelihood ratio), so this bound
    holds whatever the prior puts beyond it.
    """
    from scipy.special import betaln, gammaln

    lo_p, hi_p = printed_range(value, resolution, qualifier, lower, upper)
    frames = {int(k): int(v) for k, v in (population or {}).items() if v}
    comps = []
    for n in sorted({int(v) for v in n_values}):
        if n in frames and frames[n] < n:
            raise ValueError(f"a frame of {frames[n]} cannot hold a sample of {n}")
        for k in counts_in_range(n, lo_p, hi_p, strict_low=qualifier == "more_than"):
            logw = (gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + betaln(k + 0.5, n - k + 0.5)
                    - betaln(0.5, 0.5))
            comps.append((n, k, logw))
    if not comps:
        raise ValueError(f"no n of {sorted(set(n_values))} can print {value:.3g} at step {resolution:g}")
    ns = np.array([c[0] for c in comps], dtype=float)
    ks = np.array([c[1] for c in comps], dtype=float)
    big = np.array([frames.get(int(c[0]), 0) for c in comps], dtype=float)
    logw = np.array([c[2] for c in comps])
    # uniform over n: each n's components are weighted by their beta-binomial probability
    w = np.exp(logw - logw.max())
    w /= w.sum()
    side = {"more_than": "lower", "at_least": "lower", "less_than": "upper"}.get(qualifier)
    if side is None:
        lo = _censored_quantile(alpha / 2, ns, ks, w, big)
        hi = _censored_quantile(1 - alpha / 2, ns, ks, w, big)
    else:
        # the least favourable count on each base, and the least favourable base
        bounds = []
        for n in sorted(set(ns.tolist())):
            on_n = ns == n
            k0 = ks[on_n].min() if side == "lower" else ks[on_n].max()
            one = [np.array([n]), np.array([k0]), np.array([1.0]), np.array([frames.get(int(n), 0)])]
            bounds.append(_censored_quantile(alpha if side == "lower" else 1 - alpha, *one))
        lo, hi = (min(bounds), 1.0) if side == "lower" else (0.0, max(bounds))
    share_mean = np.where(big > 0, (ks + np.maximum(big - ns, 0) * (ks + 0.5) / (ns + 1)) / np.maximum(big, 1),
                          (ks + 0.5) / (ns + 1))
    mean = float(np.sum(w * share_mean))
    counts = {str(int(n)): [int(ks[ns == n].min()), int(ks[ns == n].max())] for n in sorted(set(ns.tolist()))}
    assumptions = ["a simple random sample of the base" + (" from its frame" if frames else ""),
                   "every plausible base equally likely a priori",
                   "the printed figure is a whole count of the base, rounded at its printed precision"
                   + (" (or beyond its bound)" if side else "")]
    return Result(name=name, method=CENSORED_METHOD + (f"; {ONE_SIDED_NOTE}" if side else ""),
                  estimate=float(value), ci_low=lo, ci_high=hi, confidence_level=1 - alpha, n=None, unit="share",
                  assumptions=tuple(assumptions),
                  details={"posterior_mean": mean, "components": len(comps), "one_sided": side,
                           "n_values": sorted({int(c[0]) for c in comps}), "counts": counts,
                           "frames": {str(n): frames[n] for n in sorted(frames)},
                           "printed_range": [lo_p, hi_p]})


def censored_details(value: float, n_values: Iterable[int], *, resolution: float, qualifier: str = "exact",
                     lower: float | None = None, upper: float | None = None, population: dict[int, int] | None = None,
                     alpha: float = 0.05) -> dict:
    """The censored Jeffreys interval as the details a frequentist share result carries beside its own
    interval: `censored_interval` ([low, high], or None with `censored_note` saying why), its method and
    the bases it rests on."""
    try:
        c = censored_share_interval(value, n_values, resolution=resolution, qualifier=qualifier, lower=lower,
                                    upper=upper, population=population, alpha=alpha)
    except ValueError as exc:
        return {"censored_interval": None, "censored_method": CENSORED_METHOD, "censored_bases": [],
                "censored_note": f"no censored interval: {exc}"}
    return {"censored_interval": [c.ci_low, c.ci_high], "censored_method": c.method,
            "censored_bases": c.details["n_values"], "censored_counts": c.details["counts"]}
