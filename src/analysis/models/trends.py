"""Trends, diffusion curves, count growth and the PAC rollout projections.

The context series have three to six points each, and several were measured differently from one
edition to the next. So: no curve is fitted to fewer points than it has parameters plus one
(a difference or a slope with a warning instead), every slope and projection carries an interval,
and the number of points is in every result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
from scipy import optimize, stats
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.regression.linear_model import OLS, WLS
from statsmodels.tools.tools import add_constant

from analysis.models.result import Result

FEW_POINTS = 5
#: A count or share model estimates its scale (quasi-likelihood, Student t) as soon as the points
#: scatter more than the model's sampling allows: a threshold above 1 would keep intervals that the
#: data show to be too narrow.
OVERDISPERSED = 1.0


def _coef_ci(fit, index: int, alpha: float, estimated_scale: bool) -> tuple[float, float]:
    """Wald interval of one coefficient; with an estimated dispersion, Student t on the residual df."""
    if not estimated_scale:
        lo, hi = fit.conf_int(alpha)[index]
        return float(lo), float(hi)
    q = stats.t.ppf(1 - alpha / 2, fit.df_resid)
    b, se = float(fit.params[index]), float(fit.bse[index])
    return b - q * se, b + q * se


def _glm_projection(fit, x_centered: float, alpha: float, estimated_scale: bool) -> dict:
    """Mean and interval of a GLM at one x, built on the link scale (t quantile when the dispersion
    was estimated) and mapped back through the inverse link, so it stays within the range."""
    row = np.array([1.0, x_centered])
    eta = float(row @ fit.params)
    se = float(np.sqrt(row @ fit.cov_params() @ row))
    q = stats.t.ppf(1 - alpha / 2, fit.df_resid) if estimated_scale else stats.norm.ppf(1 - alpha / 2)
    inv = fit.model.family.link.inverse
    return {"mean": float(inv(eta)), "ci_low": float(inv(eta - q * se)), "ci_high": float(inv(eta + q * se))}


def too_few_points(n_points: int, n_params: int) -> bool:
    """A fit needs at least one residual degree of freedom to say anything about its error."""
    return n_points <= n_params


def _as_arrays(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError("x and y must be 1-d and of the same length")
    if len(x) < 2:
        raise ValueError(f"a trend needs at least two points, got {len(x)}")
    if len(np.unique(x)) < 2:
        raise ValueError("all points are at the same x")
    return x, y


def difference(x, y, *, name: str, unit: str = "", reason: str = "") -> Result:
    """First-to-last change per unit of x: what two or three points allow, with no interval."""
    x, y = _as_arrays(x, y)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    slope = (y[-1] - y[0]) / (x[-1] - x[0])
    warn = reason or f"only {len(x)} points: a difference between the first and last, not a fitted trend"
    return Result(name=name, method="difference between first and last points (no model)",
                  estimate=float(slope), confidence_level=None, n=len(x), unit=unit,
                  assumptions=("the points measure the same thing the same way",), warnings=(warn,),
                  details={"x": x.tolist(), "y": y.tolist(), "change": float(y[-1] - y[0])})


def linear_trend(x, y, *, weights=None, horizon: float | None = None, name: str = "trend",
                 unit: str = "per year", alpha: float = 0.05) -> Result:
    """OLS (or WLS with weights, e.g. n / (p (1 - p)) for shares with known n) slope with its interval."""
    x, y = _as_arrays(x, y)
    if too_few_points(len(x), 2):
        return difference(x, y, name=name, unit=unit)
    X = add_constant(x - x.mean())
    model = WLS(y, X, weights=weights) if weights is not None else OLS(y, X)
    fit = model.fit()
    lo, hi = fit.conf_int(alpha)[1]
    warnings = []
    if len(x) < FEW_POINTS:
        warnings.append(f"only {len(x)} points: the interval rests on normal, independent residuals")
    details = {"intercept_at_mean_x": float(fit.params[0]), "mean_x": float(x.mean()),
               "r_squared": float(fit.rsquared), "df_resid": float(fit.df_resid),
               "x": x.tolist(), "y": y.tolist()}
    if horizon is not None:
        pred = fit.get_prediction(np.array([[1.0, horizon - x.mean()]])).summary_frame(alpha=alpha)
        details["projection"] = {"x": horizon, "mean": float(pred["mean"].iloc[0]),
                                 "ci_low": float(pred["mean_ci_lower"].iloc[0]),
                                 "ci_high": float(pred["mean_ci_upper"].iloc[0]),
                                 "pi_low": float(pred["obs_ci_lower"].iloc[0]),
                                 "pi_high": float(pred["obs_ci_upper"].iloc[0])}
        if horizon > x.max() + (x.max() - x.min()):
            warnings.append("the projection reaches further ahead than the series reaches back")
    return Result(name=name, method="weighted least squares" if weights is not None else "ordinary least squares",
                  estimate=float(fit.params[1]), ci_low=float(lo), ci_high=float(hi),
                  confidence_level=1 - alpha, n=len(x), statistic=float(fit.tvalues[1]),
                  pvalue=float(fit.pvalues[1]), unit=unit,
                  assumptions=("a straight line in time", "independent errors of equal variance"
                               if weights is None else "independent binomial-like errors"),
                  warnings=tuple(warnings), details=details)


def _logistic(t, r, t0, k=1.0):
    return k / (1 + np.exp(-r * (t - t0)))


def logistic_diffusion(x, y, *, n=None, horizon: float | None = None, saturation: float | None = 1.0,
                       name: str = "diffusion", alpha: float = 0.05) -> Result:
    """S-shaped diffusion of a share over time, with its growth rate and a projection.

    With the n behind each share: a binomial GLM with a logit link (quasi-binomial when the points
    scatter more than binomial sampling allows). Without: nonlinear least squares on the logistic
    curve, saturation fixed (default 1) or free (saturation=None, one more parameter).
    """
    x, y = _as_arrays(x, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("shares must lie in [0, 1]")
    n_params = 2 if saturation is not None else 3
    if too_few_points(len(x), n_params):
        return difference(x, y, name=name, unit="share per year",
                          reason=f"{len(x)} points for a {n_params}-parameter logistic curve: no curve "
                                 "fitted, a difference instead")
    xc = x.mean()
    warnings: list[str] = []
    details: dict = {"x": x.tolist(), "y": y.tolist(), "center_x": float(xc)}
    if n is not None:
        n = np.asarray(n, dtype=float)
        k = np.round(y * n)
        X = add_constant(x - xc)
        glm = GLM(np.column_stack([k, n - k]), X, family=families.Binomial())
        fit = glm.fit()
        dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else float("nan")
        method = "binomial GLM, logit link"
        if dispersion > OVERDISPERSED:
            # The dispersion is passed as a number: statsmodels' scale="X2" computes it on the
            # proportion scale for a two-column endog and would shrink the errors instead.
            fit = glm.fit(scale=dispersion)
            method = "quasi-binomial GLM, logit link (dispersion estimated)"
            warnings.append(f"the points scatter {dispersion:.1f} times more than binomial sampling allows")
        r = float(fit.params[1])
        lo, hi = _coef_ci(fit, 1, alpha, dispersion > OVERDISPERSED)
        t0 = xc - fit.params[0] / fit.params[1]
        details["dispersion"] = dispersion
        if horizon is not None:
            details["projection"] = {"x": horizon,
                                     **_glm_projection(fit, horizon - xc, alpha, dispersion > OVERDISPERSED)}
        curve = lambda t: fit.predict(add_constant(np.asarray(t) - xc, has_constant="add"))  # noqa: E731
        df = fit.df_resid
    else:
        k_fixed = saturation
        f = (lambda t, r, t0: _logistic(t, r, t0, k_fixed)) if k_fixed is not None else _logistic
        slope0 = 4 * (y[-1] - y[0]) / max(x[-1] - x[0], 1e-9) or 0.1
        p0 = [slope0, xc] if k_fixed is not None else [slope0, xc, max(y.max() * 1.2, 1e-3)]
        try:
            popt, pcov = optimize.curve_fit(f, x, y, p0=p0, maxfev=20000)
        except RuntimeError as exc:
            return difference(x, y, name=name, unit="share per year",
                              reason=f"the logistic curve did not converge ({exc}); a difference instead")
        df = len(x) - len(popt)
        tcrit = stats.t.ppf(1 - alpha / 2, df)
        se = np.sqrt(np.diag(pcov))
        r, t0 = float(popt[0]), float(popt[1])
        lo, hi = r - tcrit * se[0], r + tcrit * se[0]
        method = "nonlinear least squares, logistic curve" + (
            f" with saturation fixed at {k_fixed:g}" if k_fixed is not None else " with free saturation")
        if k_fixed is None:
            details["saturation"] = float(popt[2])
        curve = lambda t: f(np.asarray(t, dtype=float), *popt)  # noqa: E731
        if horizon is not None:
            # delta method on the curve at the horizon
            eps = 1e-6
            grad = np.array([(f(horizon, *(popt + eps * np.eye(len(popt))[i])) - f(horizon, *popt)) / eps
                             for i in range(len(popt))])
            var = float(grad @ pcov @ grad)
            mean = float(f(horizon, *popt))
            half = tcrit * math.sqrt(max(var, 0.0))
            details["projection"] = {"x": horizon, "mean": mean, "ci_low": max(0.0, mean - half),
                                     "ci_high": min(1.0, mean + half)}
    if len(x) < FEW_POINTS:
        warnings.append(f"only {len(x)} points for a curve: treat the shape and projection as illustrative")
    grid = np.linspace(x.min(), (horizon or x.max()), 50)
    # The slope in points a year where the series is at its centre, as for logit_trend: a reader's
    # measure of the pace beside the logit-scale rate (d/dt of K / (1 + e^(-r(t - t0))) = r p (1 - p/K)).
    p_c = float(np.asarray(curve([xc]), dtype=float)[0])
    ceiling = float(details.get("saturation", saturation if saturation is not None else 1.0))
    factor = p_c * (1 - p_c / ceiling)
    details["share_at_center"] = p_c
    details["pts_per_year"] = r * factor
    details["pts_per_year_ci"] = [float(lo) * factor, float(hi) * factor]
    details["midpoint_x"] = float(t0)
    details["curve"] = {"x": grid.tolist(), "y": np.asarray(curve(grid), dtype=float).tolist()}
    details["df_resid"] = float(df)
    return Result(name=name, method=method, estimate=r, ci_low=float(lo), ci_high=float(hi),
                  confidence_level=1 - alpha, n=len(x), unit="logit per year",
                  assumptions=("an S-shaped (logistic) path", "the points measure the same thing"),
                  warnings=tuple(warnings), details=details)


def count_growth(x, counts, *, horizon: float | None = None, name: str = "growth",
                 alpha: float = 0.05) -> Result:
    """Yearly growth rate and doubling time of a count (Poisson GLM, log link).

    When the counts scatter more than Poisson allows (they do: they are cumulative), the scale is
    estimated from the Pearson statistic (quasi-Poisson), which widens the interval honestly.
    """
    x, counts = _as_arrays(x, counts)
    if np.any(counts < 0):
        raise ValueError("counts must be non-negative")
    if too_few_points(len(x), 2):
        d = difference(x, np.log(np.maximum(counts, 0.5)), name=name, unit="log count per year")
        return replace(d, estimate=math.exp(d.estimate) - 1, unit="growth per year",
                       method="growth between first and last counts (no model)")
    xc = x.mean()
    X = add_constant(x - xc)
    glm = GLM(counts, X, family=families.Poisson())
    fit = glm.fit()
    dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else float("nan")
    method = "Poisson GLM, log link"
    warnings = []
    if dispersion > OVERDISPERSED:
        fit = glm.fit(scale=dispersion)
        method = "quasi-Poisson GLM, log link (dispersion estimated)"
        warnings.append(f"counts scatter {dispersion:.1f} times more than Poisson allows; scale estimated")
    b = float(fit.params[1])
    blo, bhi = _coef_ci(fit, 1, alpha, dispersion > OVERDISPERSED)
    # One reference distribution for the interval and the p-value: Student t on the residual
    # degrees of freedom when the scale was estimated, the normal otherwise.
    tstat = float(fit.tvalues[1])
    pvalue = float(2 * stats.t.sf(abs(tstat), fit.df_resid)) if dispersion > OVERDISPERSED else float(fit.pvalues[1])
    details = {"log_rate": b, "log_rate_ci": [blo, bhi], "dispersion": dispersion,
               "x": x.tolist(), "y": counts.tolist(), "center_x": float(xc)}
    if b > 0:
        details["doubling_time"] = math.log(2) / b
        details["doubling_time_ci"] = [math.log(2) / bhi, math.log(2) / blo if blo > 0 else None]
    else:
        warnings.append("no growth: the doubling time is undefined")
    if horizon is not None:
        details["projection"] = {"x": horizon, **_glm_projection(fit, horizon - xc, alpha, dispersion > OVERDISPERSED)}
    grid = np.linspace(x.min(), x.max(), 50)  # the line stops with the data; a projection is a point with its interval
    details["curve"] = {"x": grid.tolist(),
                        "y": fit.predict(add_constant(grid - xc, has_constant="add")).tolist()}
    if len(x) < FEW_POINTS:
        warnings.append(f"only {len(x)} points")
    return Result(name=name, method=method, estimate=math.exp(b) - 1, ci_low=math.exp(blo) - 1,
                  ci_high=math.exp(bhi) - 1, confidence_level=1 - alpha, n=len(x),
                  statistic=tstat, pvalue=pvalue, unit="growth per year",
                  assumptions=("constant relative growth (exponential)",), warnings=tuple(warnings),
                  details=details)


# ---------------------------------------------------------------------------------------------
# PAC rollout plans


def months_between(start: date, end: date) -> float:
    return (end - start).days / (365.25 / 12)


def rollout_rate(lower: float, upper: float, *, period_months: float | None = None,
                 horizon: str | None = None, reference: date | None = None,
                 population: int | None = None, name: str = "rollout") -> Result:
    """New e-services per year implied by a plan, as a range; per 100,000 inhabitants in details.

    A plan stated over a window ("15 sur les 24 prochains mois") gives the rate directly. A plan to
    a calendar horizon ("40 à 50 d'ici à fin 2013") needs the date it was stated, which nobody
    published for the PAC white paper: `reference` is then a parameter and the result says so.
    """
    assumptions = ["the plan is carried out at an even pace"]
    warnings = []
    if period_months is not None:
        lo, hi = lower * 12, upper * 12  # parser gives per month
        window = period_months
    elif horizon is not None:
        if reference is None:
            raise ValueError("a plan to a horizon needs a reference date")
        end = date.fromisoformat(horizon) if len(horizon) == 10 else date(int(horizon), 12, 31)
        window = months_between(reference, end)
        if window <= 0:
            raise ValueError(f"reference date {reference} is after the horizon {horizon}")
        lo, hi = lower / window * 12, upper / window * 12
        assumptions.append(f"stated on {reference.isoformat()} (the white paper's date is not published; a parameter)")
        warnings.append("depends on the unpublished date of the white paper: see the sensitivity")
    else:
        raise ValueError("need period_months or horizon")
    details = {"per_year_range": [lo, hi], "window_months": window}
    if population:
        details["per_100k_per_year_range"] = [lo / population * 1e5, hi / population * 1e5]
        details["population"] = population
    return Result(name=name, method="plan arithmetic (no model)", estimate=(lo + hi) / 2, ci_low=lo,
                  ci_high=hi, confidence_level=None, n=1, unit="new e-services per year",
                  assumptions=tuple(assumptions), warnings=tuple(warnings), details=details)


def reference_sensitivity(lower: float, upper: float, horizon: str, references: Sequence[date],
                          population: int | None = None, name: str = "rollout") -> list[Result]:
    return [rollout_rate(lower, upper, horizon=horizon, reference=r, population=population,
                         name=f"{name} (stated {r.isoformat()})") for r in references]


# ---------------------------------------------------------------------------------------------
# Shares on the logit scale, counts with a choice of growth path


def _logit(p):
    p = np.asarray(p, dtype=float)
    return np.log(p / (1 - p))


def _expit(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def share_trend(x, y, *, n=None, name: str = "trend", alpha: float = 0.05, n_note: str = "") -> Result:
    """A share's trend fitted on the logit scale, so that no fitted value leaves [0, 1].

    With the n behind each point: a binomial GLM (quasi-binomial, Student t on the residual degrees
    of freedom, when the points scatter more than sampling allows), i.e. weighted by n. Without:
    least squares on the logits. The estimate is the slope in logits a year; its sign is the
    direction, and `details["pts_per_year"]` gives the change in points a year at the mean share,
    with the interval mapped the same way. The fitted curve is drawn over the data's span only:
    no projection.
    """
    x, y = _as_arrays(x, y)
    if np.any((y <= 0) | (y >= 1)):
        raise ValueError("shares must lie strictly between 0 and 1 for a logit trend")
    if too_few_points(len(x), 2):
        return difference(x, y, name=name, unit="share per year")
    xc = float(x.mean())
    X = add_constant(x - xc)
    warnings: list[str] = []
    assumptions = ["a straight line on the logit scale (an S-shaped path on the share scale)",
                   "the points measure the same thing the same way"]
    estimated_scale = True
    if n is not None:
        nn = np.broadcast_to(np.asarray(n, dtype=float), x.shape)
        k = np.round(y * nn)
        glm = GLM(np.column_stack([k, nn - k]), X, family=families.Binomial())
        fit = glm.fit()
        dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else float("nan")
        if dispersion > 1:
            fit = glm.fit(scale=dispersion)
            method = "quasi-binomial GLM, logit link, weighted by n (dispersion estimated; t intervals)"
            if dispersion > 1.5:
                # Whether the scatter is beyond sampling is a test (Pearson's chi-squared on the residual
                # degrees of freedom), not a reading of the ratio: with one or two, a ratio of 2 is common.
                p_scatter = float(stats.chi2.sf(dispersion * fit.df_resid, fit.df_resid))
                p_words = "p < 0.001" if p_scatter < 0.001 else f"p = {p_scatter:.3f}" if p_scatter < 0.01 else \
                    f"p = {p_scatter:.2f}"
                warnings.append(
                    f"the points scatter {dispersion:.1f} times more than sampling of n allows: "
                    + ("the waves differ by more than chance" if p_scatter < 0.05 else
                       f"with {fit.df_resid:.0f} residual degree{'s' if fit.df_resid != 1 else ''} of freedom the "
                       "data cannot tell whether that is more than chance")
                    + f" (Pearson chi-squared, {p_words})")
        else:
            method = "binomial GLM, logit link, weighted by n"
            estimated_scale = False
        assumptions.append("each point a simple random sample of its n" + (f" ({n_note})" if n_note else ""))
        details = {"dispersion": dispersion, "n_per_point": nn.tolist()}
    else:
        fit = OLS(_logit(y), X).fit()
        method = "least squares on the logits of the shares (n unknown; t intervals)"
        details = {}
    b = float(fit.params[1])
    lo, hi = _coef_ci(fit, 1, alpha, estimated_scale)
    if estimated_scale:
        tstat = b / float(fit.bse[1])
        pvalue = float(2 * stats.t.sf(abs(tstat), fit.df_resid))
    else:
        tstat, pvalue = float(fit.tvalues[1]), float(fit.pvalues[1])
    pbar = float(_expit(fit.params[0]))
    grid = np.linspace(x.min(), x.max(), 30)
    curve = _expit(fit.params[0] + fit.params[1] * (grid - xc))
    if len(x) < FEW_POINTS:
        warnings.append(f"only {len(x)} points: the interval rests on few residual degrees of freedom")
    details.update({"x": x.tolist(), "y": y.tolist(), "center_x": xc, "share_at_center": pbar,
                    "pts_per_year": b * pbar * (1 - pbar),
                    "pts_per_year_ci": [lo * pbar * (1 - pbar), hi * pbar * (1 - pbar)],
                    "fitted": _expit(fit.params[0] + fit.params[1] * (x - xc)).tolist(),
                    "curve": {"x": grid.tolist(), "y": curve.tolist()}, "df_resid": float(fit.df_resid)})
    return Result(name=name, method=method, estimate=b, ci_low=lo, ci_high=hi, confidence_level=1 - alpha,
                  n=len(x), statistic=tstat, pvalue=pvalue, unit="logit per year",
                  assumptions=tuple(assumptions), warnings=tuple(warnings), details=details)


def extrapolation_check(x_old, y_old, x_new, y_new, *, horizon: float, name: str, n: float | None = None,
                        alpha: float = 0.05, between_waves: float | None = None,
                        between_waves_df: float | None = None) -> Result:
    """Did a line through the early points of a share predict the later ones?

    The line is fitted on the logit scale, as every share trend here (`share_trend`), so that the
    line, its projection and its prediction intervals stay within [0, 1] (a straight line on the
    share scale through falling trust reached a prediction interval of [-18 %, 51 %]). With the n
    behind each wave (one n for every wave): a binomial GLM weighted by n (quasi-binomial, Student
    t on the residual degrees of freedom, when the points scatter more than sampling allows), and a
    later wave's prediction interval adds the sampling of a new wave of n to the uncertainty of the
    line. Without n: least squares on the logits, with the usual prediction interval (Student t).
    Each later observation is checked against its 1 - alpha prediction interval; the line is also
    projected to `horizon`. The estimate is the number of later points outside the interval.

    Three early waves cannot show how much waves scatter beyond sampling; `between_waves`, the
    dispersion the whole series shows (its Pearson chi-square over its residual degrees of freedom),
    widens the interval by that much when it exceeds the early points' own (a new wave then varies
    as the series' waves do), with Student t on `between_waves_df`, the degrees of freedom that
    dispersion was estimated on. The misses under sampling alone stay in the details, so the verdict
    can say whether it depends on that allowance.
    """
    x_old, y_old = _as_arrays(x_old, y_old)
    if np.any((y_old <= 0) | (y_old >= 1)):
        raise ValueError("shares must lie strictly between 0 and 1 for a logit line")
    xc = float(x_old.mean())
    X = add_constant(x_old - xc)
    if n is not None:
        n = float(n)
        k = np.round(y_old * n)
        glm = GLM(np.column_stack([k, n - k]), X, family=families.Binomial())
        fit = glm.fit()
        dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else float("nan")
        estimated = bool(dispersion > 1)
        if estimated:
            fit = glm.fit(scale=dispersion)
        phi = dispersion if estimated else 1.0
        q = stats.t.ppf(1 - alpha / 2, fit.df_resid) if estimated else stats.norm.ppf(1 - alpha / 2)
        q_sampling, phi_sampling = q, phi
        widened = between_waves is not None and between_waves > phi
        if widened:
            phi = float(between_waves)
            if between_waves_df:
                q = stats.t.ppf(1 - alpha / 2, between_waves_df)
            # the line's own uncertainty scaled by the same dispersion (its covariance is linear in it)
            fit = glm.fit(scale=phi)
            method_extra = (f"; intervals widened by the dispersion the whole series shows between waves "
                            f"({phi:.1f} times sampling)")
        else:
            method_extra = ""
        method = ("binomial GLM, logit link, weighted by n" if not estimated else
                  "quasi-binomial GLM, logit link, weighted by n (dispersion estimated; t intervals)") + \
            " through the early points; prediction intervals at the later waves (for a new wave of the same n)" + \
            method_extra

        def predict(xv: float) -> tuple[float, float, float, float, float]:
            row = np.array([1.0, xv - xc])
            eta = float(row @ fit.params)
            se = float(np.sqrt(row @ fit.cov_params() @ row))
            p = float(_expit(eta))
            se_obs = math.sqrt(se**2 + phi / (n * p * (1 - p)))
            return eta, eta - q * se, eta + q * se, eta - q * se_obs, eta + q * se_obs
        details = {"dispersion": dispersion, "n_per_wave": n, "between_waves": between_waves if widened else None}
        if widened:
            base_fit = glm.fit(scale=phi_sampling) if phi_sampling != 1.0 else glm.fit()

            def sampling_only_inside(xv: float, yv: float) -> bool:
                row = np.array([1.0, xv - xc])
                eta = float(row @ base_fit.params)
                se = float(np.sqrt(row @ base_fit.cov_params() @ row))
                p = float(_expit(eta))
                half = q_sampling * math.sqrt(se**2 + phi_sampling / (n * p * (1 - p)))
                return bool(_expit(eta - half) <= yv <= _expit(eta + half))
            details["misses_sampling_only"] = sum(
                not sampling_only_inside(float(xv), float(yv))
                for xv, yv in zip(np.asarray(x_new, float), np.asarray(y_new, float), strict=True))
    else:
        fit = OLS(_logit(y_old), X).fit()
        estimated = True
        q = stats.t.ppf(1 - alpha / 2, fit.df_resid)
        method = ("least squares on the logits of the early points (n unknown; t intervals); prediction "
                  "intervals at the later ones")

        def predict(xv: float) -> tuple[float, float, float, float, float]:
            fr = fit.get_prediction(np.array([[1.0, xv - xc]])).summary_frame(alpha=alpha)
            return (float(fr["mean"].iloc[0]), float(fr["mean_ci_lower"].iloc[0]), float(fr["mean_ci_upper"].iloc[0]),
                    float(fr["obs_ci_lower"].iloc[0]), float(fr["obs_ci_upper"].iloc[0]))
        details = {}

    def row_at(xv: float) -> dict:
        eta, clo, chi, plo, phi_ = (float(_expit(v)) for v in predict(xv))
        return {"x": float(xv), "predicted": eta, "ci_low": clo, "ci_high": chi, "pi_low": plo, "pi_high": phi_}

    rows = []
    for xv, yv in zip(np.asarray(x_new, float), np.asarray(y_new, float), strict=True):
        row = row_at(xv)
        row["observed"] = float(yv)
        row["inside"] = bool(row["pi_low"] <= yv <= row["pi_high"])
        rows.append(row)
    misses = sum(not r["inside"] for r in rows)
    b = float(fit.params[1])
    blo, bhi = _coef_ci(fit, 1, alpha, estimated)
    pbar = float(_expit(fit.params[0]))
    grid = np.linspace(x_old.min(), horizon, 60)
    band = np.linspace(x_old.max(), horizon, 40)
    band_rows = [row_at(v) for v in band]
    details.update({
        "checks": rows, "horizon": row_at(horizon), "scale": "logit", "center_x": xc,
        "slope": b, "slope_ci": [blo, bhi], "share_at_center": pbar,
        "pts_per_year": b * pbar * (1 - pbar), "pts_per_year_ci": [blo * pbar * (1 - pbar), bhi * pbar * (1 - pbar)],
        "curve": {"x": grid.tolist(), "y": _expit(fit.params[0] + b * (grid - xc)).tolist()},
        "band": {"x": band.tolist(), "low": [r["pi_low"] for r in band_rows],
                 "high": [r["pi_high"] for r in band_rows]},
        "x_old": x_old.tolist(), "y_old": y_old.tolist()})
    return Result(name=name, method=method, estimate=float(misses), confidence_level=1 - alpha, n=len(x_old),
                  unit="later points outside the prediction interval",
                  assumptions=("the early line (straight on the logit scale) is the extrapolation being tested",)
                  + (("each wave a simple random sample of n",) if n is not None else ()),
                  warnings=tuple(w for w in (
                      f"{misses} of {len(rows)} later points fall outside what the early line predicted"
                      if misses else "",
                      f"only {len(x_old)} early points: the line's interval rests on few degrees of freedom"
                      if len(x_old) < FEW_POINTS else "",
                      f"under sampling alone, {details['misses_sampling_only']} of {len(rows)} later points would "
                      "fall outside: the verdict depends on how much waves differ beyond sampling"
                      if details.get("misses_sampling_only", misses) != misses else "") if w),
                  details=details)


def growth_paths(x, counts, *, horizon: float, name: str = "growth", alpha: float = 0.05) -> Result:
    """Constant relative growth against slowing growth (a quadratic in time on the log scale).

    Both quasi-Poisson GLMs with the dispersion of the larger model; the estimate is the curvature
    (negative: slowing), tested with t on the residual degrees of freedom, and the projection to
    `horizon` is given under both paths: the gap between them is model uncertainty that no single
    interval shows.
    """
    x, counts = _as_arrays(x, counts)
    xc = float(x.mean())
    t = x - xc
    X1, X2 = add_constant(t), np.column_stack([np.ones_like(t), t, t**2])
    if too_few_points(len(x), 3):
        raise ValueError(f"{len(x)} points cannot compare a 2- and a 3-parameter growth path")
    fit2 = GLM(counts, X2, family=families.Poisson()).fit()
    disp = max(float(fit2.pearson_chi2 / fit2.df_resid), 1.0)
    fit2 = GLM(counts, X2, family=families.Poisson()).fit(scale=disp)
    fit1 = GLM(counts, X1, family=families.Poisson()).fit(scale=disp)
    q = stats.t.ppf(1 - alpha / 2, fit2.df_resid)
    c, se = float(fit2.params[2]), float(fit2.bse[2])
    tstat = c / se
    pvalue = float(2 * stats.t.sf(abs(tstat), fit2.df_resid))

    def project(fit, row):
        eta = float(row @ fit.params)
        s = float(np.sqrt(row @ fit.cov_params() @ row))
        qq = stats.t.ppf(1 - alpha / 2, fit.df_resid)
        return {"mean": math.exp(eta), "ci_low": math.exp(eta - qq * s), "ci_high": math.exp(eta + qq * s)}

    h = horizon - xc
    proj = {"constant": {"x": horizon, **project(fit1, np.array([1.0, h]))},
            "slowing": {"x": horizon, **project(fit2, np.array([1.0, h, h * h]))}}
    warnings = []
    if len(x) < FEW_POINTS + 1:
        warnings.append(f"only {len(x)} points for a three-parameter path: the curvature is poorly determined")
    return Result(name=name, method="quasi-Poisson GLMs, log link: linear against quadratic in time (t test "
                  "on the quadratic term)", estimate=c, ci_low=c - q * se, ci_high=c + q * se,
                  confidence_level=1 - alpha, n=len(x), statistic=tstat, pvalue=pvalue,
                  unit="change of the log growth rate per year",
                  assumptions=("a smooth path on the log scale",), warnings=tuple(warnings),
                  details={"projection": proj, "dispersion": disp,
                           "projection_range": [min(p["ci_low"] for p in proj.values()),
                                                max(p["ci_high"] for p in proj.values())]})
