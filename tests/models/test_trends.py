"""Trend, diffusion and growth models against independent computations."""

import math
from datetime import date

import numpy as np
import pytest
from scipy import optimize, stats

from analysis.models import trends as T


def test_linear_trend_matches_scipy_linregress():
    x = np.array([2009.8, 2011.5, 2013.5, 2015.0])
    y = np.array([0.86, 0.79, 0.69, 0.66])
    r = T.linear_trend(x, y)
    ref = stats.linregress(x, y)
    t = stats.t.ppf(0.975, len(x) - 2)
    assert r.estimate == pytest.approx(ref.slope)
    assert (r.ci_low, r.ci_high) == pytest.approx((ref.slope - t * ref.stderr, ref.slope + t * ref.stderr))
    assert r.pvalue == pytest.approx(ref.pvalue)
    assert r.n == 4 and any("only 4 points" in w for w in r.warnings)


def test_two_points_give_a_difference_with_a_warning():
    r = T.linear_trend([2007.5, 2008.5], [0.31, 0.36])
    assert r.estimate == pytest.approx(0.05)
    assert r.ci_low is None and "difference" in r.method
    assert any("not a fitted trend" in w for w in r.warnings)


def test_no_logistic_curve_on_two_points():
    r = T.logistic_diffusion([2003, 2010], [0.35, 0.52])
    assert "curve" not in r.details and "no curve fitted" in r.warnings[0]


def test_no_free_saturation_curve_on_three_points():
    r = T.logistic_diffusion([2003, 2007, 2010], [0.35, 0.40, 0.52], saturation=None)
    assert "no curve fitted" in r.warnings[0]


def test_binomial_glm_slope_matches_direct_likelihood():
    x = np.array([2003.0, 2007.0, 2010.0, 2014.0])
    n = np.array([500, 500, 500, 500])
    k = np.array([150, 210, 260, 330])
    r = T.logistic_diffusion(x, k / n, n=n)
    xc = x - x.mean()

    def nll(b):
        eta = b[0] + b[1] * xc
        return -np.sum(k * eta - n * np.log1p(np.exp(eta)))

    b = optimize.minimize(nll, [0, 0.1], method="BFGS").x
    assert r.estimate == pytest.approx(b[1], rel=1e-4)


def test_overdispersion_widens_the_interval():
    x = np.array([2003.0, 2007.0, 2010.0])
    n = np.array([562, 476, 1270])
    y = np.array([0.35, 0.40, 0.52])
    r = T.logistic_diffusion(x, y, n=n)
    assert r.details["dispersion"] > 1.5 and "quasi-binomial" in r.method
    # with one residual degree of freedom and an estimated scale the interval must be wide
    assert r.ci_high - r.ci_low > 0.3
    assert r.ci_low < r.estimate < r.ci_high


def test_count_growth_matches_poisson_likelihood_and_doubling_time():
    x = np.array([2018.0, 2019.0, 2020.0, 2021.0, 2022.0])
    c = np.array([100, 121, 150, 178, 220])
    r = T.count_growth(x, c)
    xc = x - x.mean()
    b = optimize.minimize(lambda b: -np.sum(c * (b[0] + b[1] * xc) - np.exp(b[0] + b[1] * xc)),
                          [5, 0.1], method="BFGS").x
    assert r.estimate == pytest.approx(math.exp(b[1]) - 1, rel=1e-4)
    assert r.details["doubling_time"] == pytest.approx(math.log(2) / b[1], rel=1e-4)
    assert r.ci_low < r.estimate < r.ci_high


def test_linear_projection_interval_contains_its_mean():
    r = T.linear_trend([2019, 2020, 2021, 2022], [0.64, 0.71, 0.85, 0.84], horizon=2025)
    p = r.details["projection"]
    assert p["pi_low"] < p["ci_low"] < p["mean"] < p["ci_high"] < p["pi_high"]


def test_rollout_rates_from_windows():
    st_etienne = T.rollout_rate(15 / 24, 15 / 24, period_months=24)
    assert st_etienne.estimate == pytest.approx(7.5)
    villeurbanne = T.rollout_rate(30 / 48, 40 / 48, period_months=48, population=145034)
    assert (villeurbanne.ci_low, villeurbanne.ci_high) == pytest.approx((7.5, 10.0))
    assert villeurbanne.details["per_100k_per_year_range"][0] == pytest.approx(7.5 / 145034 * 1e5)


def test_rollout_to_a_horizon_depends_on_the_reference_date():
    early = T.rollout_rate(40, 50, horizon="2013-12-31", reference=date(2012, 6, 1))
    late = T.rollout_rate(40, 50, horizon="2013-12-31", reference=date(2013, 6, 1))
    assert late.estimate > early.estimate
    assert any("unpublished date" in w for w in early.warnings)
    months = T.months_between(date(2012, 6, 1), date(2013, 12, 31))
    assert early.ci_low == pytest.approx(40 / months * 12)
    with pytest.raises(ValueError):
        T.rollout_rate(40, 50, horizon="2013-12-31", reference=date(2014, 1, 1))
    with pytest.raises(ValueError):
        T.rollout_rate(40, 50, horizon="2013-12-31")


def test_guards():
    assert T.too_few_points(2, 2) and not T.too_few_points(3, 2)
    with pytest.raises(ValueError):
        T.linear_trend([2010], [0.5])
    with pytest.raises(ValueError):
        T.linear_trend([2010, 2010], [0.5, 0.6])
    with pytest.raises(ValueError):
        T.logistic_diffusion([2010, 2011, 2012], [0.5, 1.2, 0.3])


# ---------------------------------------------------------------------------------------------
# Shares on the logit scale, growth paths, extrapolation test


def test_share_trend_never_leaves_the_unit_interval():
    # DINUM's shares: a straight line reached 1.018 in 2025; the logit fit stays inside (0, 1)
    x, y = [2019.5, 2020.5, 2021.5, 2022.8], [0.64, 0.728, 0.85, 0.84]
    r = T.share_trend(x, y)
    assert 0 < min(r.details["curve"]["y"]) and max(r.details["curve"]["y"]) < 1
    assert r.details["curve"]["x"][-1] == pytest.approx(max(x))  # no projection beyond the data
    assert "projection" not in r.details
    ref = stats.linregress(x, np.log(np.array(y) / (1 - np.array(y))))
    assert r.estimate == pytest.approx(ref.slope)
    assert r.pvalue == pytest.approx(ref.pvalue)


def test_share_trend_weights_by_n_and_uses_t_when_overdispersed():
    x, y = np.array([2009.8, 2011.5, 2013.5, 2016.8, 2019.5]), np.array([0.86, 0.79, 0.69, 0.75, 0.71])
    r = T.share_trend(x, y, n=700)
    assert "quasi-binomial" in r.method and r.details["dispersion"] > 1.5
    q = stats.t.ppf(0.975, 3)
    se = (r.ci_high - r.estimate) / q
    assert r.estimate - q * se == pytest.approx(r.ci_low)
    assert r.pvalue == pytest.approx(2 * stats.t.sf(abs(r.estimate / se), 3))
    # binomial data with no extra scatter: a plain binomial GLM
    flat = T.share_trend([1, 2, 3, 4], [0.5, 0.52, 0.54, 0.56], n=100)
    assert flat.method.startswith("binomial GLM")


def test_share_trend_two_points_is_a_difference():
    r = T.share_trend([2007.5, 2008.5], [0.31, 0.36])
    assert r.ci_low is None and "difference" in r.method


def test_count_growth_p_value_and_interval_share_one_distribution():
    x = np.arange(2015, 2021, dtype=float)
    counts = np.array([100, 180, 200, 420, 380, 900], dtype=float)
    r = T.count_growth(x, counts)
    assert "quasi-Poisson" in r.method
    b_lo, b_hi = r.details["log_rate_ci"]
    q = stats.t.ppf(0.975, len(x) - 2)
    se = (b_hi - b_lo) / (2 * q)
    assert r.pvalue == pytest.approx(2 * stats.t.sf(abs(r.details["log_rate"] / se), len(x) - 2), rel=1e-6)


def test_growth_paths_give_both_projections_and_test_the_curvature():
    x = np.array([2018.0, 2018.8, 2019.8, 2020.8, 2022.5])
    counts = np.array([257, 343, 460, 589, 868], dtype=float)
    r = T.growth_paths(x, counts, horizon=2025)
    proj = r.details["projection"]
    for p in proj.values():
        assert p["ci_low"] < p["mean"] < p["ci_high"]
    lo, hi = r.details["projection_range"]
    assert lo == min(p["ci_low"] for p in proj.values()) and hi == max(p["ci_high"] for p in proj.values())
    assert r.ci_low < r.estimate < r.ci_high
    with pytest.raises(ValueError):
        T.growth_paths([1, 2, 3], [1, 2, 3], horizon=5)


def test_extrapolation_check_flags_later_points_outside_the_prediction_interval():
    r = T.extrapolation_check([2009.8, 2011.5, 2013.5], [0.86, 0.79, 0.69], [2016.8, 2019.5], [0.75, 0.71],
                              horizon=2025, name="trust")
    assert r.estimate == 2 and all(not c["inside"] for c in r.details["checks"])
    assert r.details["horizon"]["predicted"] < 0.2  # the old line's 2025 value
    ok = T.extrapolation_check([1, 2, 3], [0.1, 0.2, 0.31], [4], [0.4], horizon=5, name="line")
    assert ok.estimate == 0 and not any("fall outside" in w for w in ok.warnings)


def _shares_in(details: dict) -> list[float]:
    """Every fitted, predicted or interval share of an extrapolation check."""
    rows = details["checks"] + [details["horizon"]]
    out = [r[k] for r in rows for k in ("predicted", "ci_low", "ci_high", "pi_low", "pi_high")]
    return out + details["curve"]["y"] + details["band"]["low"] + details["band"]["high"]


@pytest.mark.parametrize("n", [None, 700])
def test_extrapolation_check_stays_within_0_1_where_a_straight_line_would_not(n):
    import statsmodels.api as sm

    x_old, y_old, x_new, y_new = [0.0, 1.0, 2.0], [0.5, 0.3, 0.14], [3.0, 4.0], [0.06, 0.04]
    # on the share scale the line through the early points predicts negative shares
    line = sm.OLS(y_old, sm.add_constant(np.array(x_old) - 1)).fit()
    frame = line.get_prediction(np.array([[1.0, 3.0], [1.0, 7.0]])).summary_frame(alpha=0.05)
    assert (frame["mean"] < 0).any() and (frame["obs_ci_lower"] < 0).all()
    r = T.extrapolation_check(x_old, y_old, x_new, y_new, horizon=8, name="falling share", n=n)
    shares = _shares_in(r.details)
    assert all(0 <= s <= 1 for s in shares)
    for row in r.details["checks"] + [r.details["horizon"]]:
        assert row["pi_low"] <= row["ci_low"] <= row["predicted"] <= row["ci_high"] <= row["pi_high"]
    # the verdict is computed: each later point against its own interval
    assert r.estimate == sum(not (c["pi_low"] <= c["observed"] <= c["pi_high"]) for c in r.details["checks"])
    assert r.details["scale"] == "logit" and r.details["slope"] < 0
    assert r.details["slope_ci"][0] < r.details["slope"] < r.details["slope_ci"][1]
    with pytest.raises(ValueError):
        T.extrapolation_check([0, 1, 2], [0.5, 0.3, 0.0], [3], [0.1], horizon=5, name="a zero share")


def test_extrapolation_check_with_n_matches_the_binomial_glm():
    import statsmodels.api as sm

    x, y, n = np.array([2009.8, 2011.5, 2013.5]), np.array([0.86, 0.79, 0.69]), 700
    r = T.extrapolation_check(x, y, [2016.8], [0.75], horizon=2025, name="trust", n=n)
    k = np.round(y * n)
    glm = sm.GLM(np.column_stack([k, n - k]), sm.add_constant(x - x.mean()), family=sm.families.Binomial()).fit()
    assert r.details["slope"] == pytest.approx(glm.params[1])
    # the mean at 2025 is the GLM's, mapped back from the logit; the wave's interval adds its sampling
    eta = glm.params[0] + glm.params[1] * (2025 - x.mean())
    assert r.details["horizon"]["predicted"] == pytest.approx(1 / (1 + np.exp(-eta)))
    h = r.details["horizon"]
    assert h["pi_high"] - h["pi_low"] > h["ci_high"] - h["ci_low"]


def test_extrapolation_check_widened_by_the_scatter_between_waves_misses_less():
    args = ([2010.0, 2011.5, 2013.5], [0.86, 0.79, 0.69], [2016.8, 2019.5], [0.75, 0.71])
    plain = T.extrapolation_check(*args, horizon=2025, name="t", n=700)
    wide = T.extrapolation_check(*args, horizon=2025, name="t", n=700, between_waves=13.1, between_waves_df=3)
    assert plain.estimate == 2 and "misses_sampling_only" not in plain.details
    assert wide.details["misses_sampling_only"] == plain.estimate and wide.estimate < plain.estimate
    for a, b in zip(plain.details["checks"], wide.details["checks"], strict=True):
        assert b["pi_low"] < a["pi_low"] and b["pi_high"] > a["pi_high"] and 0 <= b["pi_low"] and b["pi_high"] <= 1
    # a dispersion below the early points' own changes nothing
    same = T.extrapolation_check(*args, horizon=2025, name="t", n=700, between_waves=0.5)
    assert same.details["checks"] == plain.details["checks"]


@pytest.mark.parametrize("kwargs", [{"n": [400, 500, 450, 600]}, {}, {"saturation": None}])
def test_a_diffusion_curve_gives_its_pace_in_points_a_year_at_its_centre(kwargs):
    x, y = [2003.0, 2006.0, 2009.0, 2012.0], [0.2, 0.35, 0.55, 0.7]
    r = T.logistic_diffusion(x, y, **kwargs)
    xs, ys = np.asarray(r.details["curve"]["x"]), np.asarray(r.details["curve"]["y"])
    slope = np.gradient(ys, xs)[np.argmin(abs(xs - r.details["center_x"]))]
    assert r.details["pts_per_year"] == pytest.approx(slope, rel=0.05)
    lo, hi = r.details["pts_per_year_ci"]
    assert lo <= r.details["pts_per_year"] <= hi


def test_extra_scatter_is_called_beyond_chance_only_when_a_test_says_so():
    # Three waves of 1,000 with one residual degree of freedom: a dispersion near 2 is common by chance.
    few = T.share_trend([2010.0, 2012.0, 2014.0], [0.30, 0.36, 0.36], n=[1000, 1000, 1000])
    scatter = [w for w in few.warnings if "scatter" in w]
    assert scatter and "cannot tell whether that is more than chance" in scatter[0], few.warnings
    many = T.share_trend([2010.0, 2011, 2012, 2013, 2014, 2015], [0.30, 0.38, 0.33, 0.45, 0.39, 0.50],
                         n=[1000] * 6)
    scatter = [w for w in many.warnings if "scatter" in w]
    assert scatter and "differ by more than chance" in scatter[0] and "p < 0.001" in scatter[0], many.warnings
