"""Every model group on the real processed data: results carry n, method and their warnings."""

import json

import pytest

from analysis import params, paths
from analysis.models import stage

GROUPS = ["interconnectes", "markess", "pac", "lecko", "trends", "synthesis"]


@pytest.fixture(scope="module")
def computed():
    cfg = params.section("models")
    return {g: stage.compute(g, cfg[g]) for g in GROUPS}


@pytest.mark.parametrize("group", GROUPS)
def test_each_result_has_n_method_and_is_committed(computed, group):
    results, _ = computed[group]
    assert results
    for key, r in results.items():
        assert r.method, key
        assert r.n is not None or r.warnings, key
    committed = json.loads((paths.MODELS / f"{group}.json").read_text(encoding="utf-8"))
    assert sorted(committed) == sorted(results)


def test_interconnectes_uses_95_of_500(computed):
    r, _ = computed["interconnectes"]
    assert r["respondents"].estimate == 95
    s = r["share.voluntarist_projects"]
    assert s.n == 95 and s.details["counts"]["all respondents"] == [81]
    assert s.details["fits"] == ["all respondents", "villes and agglomérations"]
    # « 30 % » and « 50 % » cannot come from 95 respondents: they fit the 60 villes and agglomérations
    for ind in ("civil_status_fully_dematerialised", "civil_status_usage_rate"):
        assert r[f"share.{ind}"].details["fits"] == ["villes and agglomérations"], ind
        assert r[f"share.{ind}"].n == 60
    assert not any(k.startswith("compare.") for k in r)  # no test "as if from independent samples"
    cons = {k: v for k, v in r.items() if k.startswith("consistency.")}
    assert cons
    for k, v in cons.items():  # consistent exactly when some base and count fits every report
        assert v.details["consistent"] is bool(v.details["bases"]), k
    if "consistency.civil_status_fully_dematerialised" in cons:  # « 30 % » against « un tiers »
        assert cons["consistency.civil_status_fully_dematerialised"].details["consistent"] is False
    # a one-sided figure, « plus de 10 % », has a one-sided interval
    assert r["share.outsourcing"].ci_high == 1.0


def test_markess_intervals_are_sensitivities(computed):
    r, plots = computed["markess"]
    assert all("not published" in " ".join(v.warnings) for k, v in r.items() if k.startswith("share."))
    share = r["share.user_relation_high_digital.all"]
    asked = params.section("models")["markess"]["n_grid"]
    # n = 60 cannot produce 44 %, 49 % and 56 %: the grid keeps the feasible n only, and says so
    assert 60 not in share.details["grid_feasible"] and set(share.details["grid_feasible"]) < set(asked)
    assert share.details["misfits"]["60"] == [0.44, 0.49, 0.56]
    assert share.details["smallest_consistent_n"] == 80
    assert any("n = 60 cannot produce" in w for w in share.warnings)
    lo, hi = share.details["censored_interval"]
    assert share.ci_low <= lo < 0.44 < hi <= share.ci_high
    assert set(plots["markess_n_sensitivity"]["n"]) == set(share.details["grid_feasible"])


def test_every_survey_share_carries_a_censored_interval(computed):
    """Beside every frequentist share interval with a known or bounded base, the censored Jeffreys
    interval on the same bases; one-sided figures one-sided; reports of one construct checked
    against one base, related constructs side by side."""
    ic, ic_plots = computed["interconnectes"]
    mk, mk_plots = computed["markess"]
    surveyed = [v for k, v in ic.items() if k.startswith(("share.", "sensitivity."))] + \
        [v for k, v in mk.items() if k.startswith(("share.", "edition2010."))]
    assert len(surveyed) > 40
    for r in surveyed:
        lo, hi = r.details["censored_interval"]
        assert "Jeffreys" in r.details["censored_method"] and r.details["censored_bases"], r.name
        assert 0 <= lo <= r.estimate <= hi <= 1, r.name
    # the barometer's on the bases the printed figure fits: « 30 % » on the 60 villes alone
    assert ic["share.civil_status_fully_dematerialised"].details["censored_bases"] == [60]
    assert ic["share.voluntarist_projects"].details["censored_bases"] == [60, 95]
    out = ic["share.outsourcing"].details["censored_interval"]  # « plus de 10 % »
    assert out[1] == 1.0 and out[0] > ic["share.outsourcing"].ci_low - 0.01
    shares = ic_plots["interconnectes_shares"]
    assert {"censored_low", "censored_high"} <= set(shares.columns) and shares["censored_low"].notna().all()
    assert {"censored_low", "censored_high"} <= set(mk_plots["markess_n_sensitivity"].columns)
    # every share printed by several outlets is checked against one base; none "as independent samples"
    multi = {k.removeprefix("consistency.") for k in ic if k.startswith("consistency.")}
    assert {"voluntarist_projects", "objective_user_relation", "remote_work", "savings",
            "civil_status_fully_dematerialised"} <= multi
    assert not any(k.startswith("compare.") for k in ic)
    topics = ic_plots["interconnectes_topics"]
    assert set(topics["relation"]) >= {"nested", "different_unit"}
    assert topics["ci_low"].le(topics["value"]).all() and topics["censored_low"].notna().all()
    one = topics.set_index("indicator")["one_base"]
    assert one["civil_status_fully_dematerialised"] is False and one["dg_and_elected_lead"] is True


def _share_intervals(results: dict) -> dict[str, list[float]]:
    """Every fitted, projected or interval value of the share models of the trends group."""
    keys = {"predicted", "mean", "ci_low", "ci_high", "pi_low", "pi_high", "fitted", "observed", "low", "high", "y"}

    def walk(x, key=None):
        if isinstance(x, dict):
            return [v for k, val in x.items() for v in walk(val, k)]
        if isinstance(x, list):
            return [v for val in x for v in walk(val, key)]
        return [x] if key in keys and isinstance(x, (int, float)) and not isinstance(x, bool) else []

    out = {}
    for name, r in results.items():
        d = r if isinstance(r, dict) else r.to_dict()
        if d["unit"] in ("logit per year", "share per year", "later points outside the prediction interval"):
            out[name] = walk(d["details"]) + [v for v in (d["ci_low"], d["ci_high"]) if v is not None
                                               and d["unit"] != "logit per year"]
    return out


@pytest.mark.parametrize("source", ["computed", "committed"])
def test_every_share_interval_of_the_trends_stays_within_0_1(computed, source):
    """No fitted, projected or interval share outside [0, 1], in the results the code computes and
    in the trends.json the pipeline wrote (after a rebuild)."""
    if source == "computed":
        results = computed["trends"][0]
    else:
        results = json.loads((paths.MODELS / "trends.json").read_text(encoding="utf-8"))
    shares = _share_intervals(results)
    assert "cdc_acsel_trust.old_extrapolation" in shares and len(shares) >= 8
    for name, values in shares.items():
        assert values and all(0 <= v <= 1 for v in values), (name, min(values), max(values))
    old = results["cdc_acsel_trust.old_extrapolation"]
    old = old if isinstance(old, dict) else old.to_dict()
    assert old["details"]["scale"] == "logit"
    # Under sampling alone both later waves miss the old line; allowing the scatter the whole series shows
    # between waves widens the band, and the verdict says which of the two it rests on.
    assert old["details"]["misses_sampling_only"] == 2 and old["details"]["between_waves"] > 1
    assert old["estimate"] <= old["details"]["misses_sampling_only"]


def test_pac_says_how_little_n4_can_say(computed):
    r, plots = computed["pac"]
    assert r["association.population_rate"].n == 4
    assert r["power.population_rate"].estimate == 0.0
    assert len(plots["pac_reference_sensitivity"]) == len(params.section("models")["pac"]["reference_dates"])


def test_few_point_series_are_never_curves_without_warning(computed):
    r, plots = computed["trends"]
    for key, res in r.items():
        if res.n is not None and res.n <= 3:
            assert res.warnings, key
    fr = r["france_sophistication"]
    assert fr.n == 3 and fr.warnings  # the printed Oct 2001, Apr 2002 and 2003 points, no derived prior
    assert "transcriber" in " ".join(fr.warnings)


def test_dinum_fits_one_point_per_dated_edition_and_adds_the_undated_report_as_a_sensitivity(computed):
    r, plots = computed["trends"]
    main = r["dinum_demarches"]
    # 64 % "in 2019" (DN014) carries no month beside May's and November's editions: not a point of the fit.
    assert main.details["periods"] == ["2019-05", "2019-11", "2020", "2021", "2022-10"]
    assert any("without a month" in w for w in main.warnings)
    assert len(r["dinum_demarches.with_undated"].details["x"]) == 6
    # The other figure printed for November 2019 (69 %) and 2020 (173 / 243) replaces the preferred one.
    other = r["dinum_demarches.other_reports"].details["y"]
    assert other[1] == pytest.approx(0.69) and other[2] == pytest.approx(173 / 243)
    assert not any(k.startswith("dinum_demarches.baseline_") for k in r)


def test_insee_series_is_one_population_change_with_the_survey_size_that_would_hide_it(computed):
    r, plots = computed["trends"]
    ins = r["insee_online_procedures"]
    # The 2018 point counts people aged 15+, the others adults of metropolitan France: no line across them.
    assert ins.details["populations"]["2018"] != ins.details["population"]
    assert ins.details["periods"] == ["2011", "2021"] and not ins.has_interval
    assert ins.estimate == pytest.approx(0.67 - 0.33)
    assert ins.details["smallest_n"] > 2 and any("2018" in w for w in ins.warnings)
    assert "insee_online_procedures.first_last" not in r


def test_size_gradient_is_an_exact_comparison_bounded_over_splits(computed):
    r, plots = computed["synthesis"]
    assert "size_gradient_scenarios" not in plots
    ends = r["size_gradient.end_classes"]
    assert ends.details["total"] == [161, 270]
    lo, hi = ends.details["pvalue_range"]
    assert lo < 0.05 < hi  # beyond chance for the large splits, not for the smallest
    assert any("clustered" in w for w in ends.warnings)


def test_trends_stay_in_range_and_are_split_at_method_breaks(computed):
    r, plots = computed["trends"]
    for key, frame in plots.items():
        fitted = frame[frame["kind"] == "fitted"]
        if key != "trend_opendata_collectivites" and len(fitted):
            assert fitted["y"].between(0, 1).all(), key
            observed = frame[frame["kind"] == "observed"]
            assert fitted["x"].max() <= observed["x"].max() + 1e-9, key  # no projection beyond the data
    for key in ("cdc_acsel_use", "cdc_acsel_trust", "brittany_websites", "dinum_demarches"):
        assert "projection" not in r[key].details, key
    assert r["cdc_acsel_trust"].n == 5 and "weighted by n" in r["cdc_acsel_trust"].method
    assert r["cdc_acsel_trust"].details["n_per_point"][0] == 700
    old = r["cdc_acsel_trust.old_extrapolation"]
    # the 2016 and 2019 waves miss the line through the first three under sampling alone, and the
    # result warns that its verdict depends on the scatter allowed between waves
    assert old.details["misses_sampling_only"] == 2 and any("beyond sampling" in w for w in old.warnings)
    eu = r["eu_sophistication"]
    assert max(eu.details["x"]) < 2007 and len(eu.details["segments"]) == 2
    th = r["town_hall_sites_use"]
    assert "Newcombe" in th.method and th.details["nobs"] == [1000, 1000]
    paths = r["opendata_collectivites.paths"]
    assert set(paths.details["projection"]) == {"constant", "slowing"}


def test_pac_has_one_plan_per_city_however_many_outlets_report_it(tmp_path):
    """A second report of a plan (a new outlet) adds no city: n stays the number of cities."""
    import shutil

    import pandas as pd

    from analysis.data.load import Processed
    from analysis.models.studies import pac

    folder = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, folder)
    fig = pd.read_csv(folder / "figures.csv", dtype=str, keep_default_na=False)
    plans = fig[fig["indicator"] == "rollout_plan"]
    extra = pd.concat([plans.assign(figure_id=plans["figure_id"] + f"__r{k}") for k in range(3)])
    pd.concat([fig, extra]).to_csv(folder / "figures.csv", index=False)
    results, plots = pac(Processed(folder), params.section("models.pac"))
    assert len(plots["pac_rollout"]) == len(plans) == results["power.population_rate"].n
