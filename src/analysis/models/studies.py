"""The models each study chapter reports, computed from data/processed/.

One function per model group (a DVC stage each): it takes the processed tables and its
params.yaml section and returns named Result objects (the stage's DVC metrics) and the tables
behind its plots (DVC plots). Nothing here reads data/raw/ or types a figure: every input value
is looked up in the reconciled indicators.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from analysis.data.load import Processed
from analysis.data.periods import period_midpoint
from analysis.models import correlation, proportions, trends
from analysis.models.result import Result
from analysis.models.verdicts import sign

Output = tuple[dict[str, Result], dict[str, pd.DataFrame]]


# ---------------------------------------------------------------------------------------------
# Les Interconnectés / Kurt Salmon 2012


VILLES = "villes_agglomerations"


def interconnectes(d: Processed, cfg: dict) -> Output:
    ind = d.indicators[d.indicators["study"] == "interconnectes"]
    by_type = ind[ind["indicator"] == "respondents"].set_index("subgroup")["value"]
    n = int(by_type.sum())
    surveyed = int(d.value("interconnectes", "surveyed"))
    printed_rate = d.value("interconnectes", "response_rate")
    res: dict[str, Result] = {
        "respondents": Result(
            name="respondents", method="sum of the respondents by type of collectivité",
            estimate=float(n), confidence_level=None, n=n, unit="collectivités",
            assumptions=("the four types listed are all the respondents",),
            warnings=(f"the printed response rate ({printed_rate:.0%}) gives {round(printed_rate * surveyed)} "
                      f"instead of {n}",),
            details={"by_type": by_type.to_dict(), "surveyed": surveyed, "response_rate": n / surveyed}),
    }
    # The bases a share can rest on: every respondent, or the villes and agglomérations alone (the
    # collectivités holding the communal competences: civil status, libraries). Which one a figure
    # was computed on is read from its printed precision (GRIM-style), never assumed.
    by_type_int = {k: int(v) for k, v in by_type.items()}
    bases = {"all respondents": n, "villes and agglomérations": by_type_int[VILLES]}
    population = {"all respondents": surveyed}
    all_bases = list(proportions.subset_sums(by_type_int))
    resolution_of = d.figures.set_index("figure_id")["resolution"]
    shares = ind[(ind["unit"] == "share") & (ind["population"].isin(["collectivites", "cities"]))
                 & (ind["domain"] != "method")].sort_values("indicator", kind="stable")
    rows = []
    for r in shares.itertuples():
        resolution = float(resolution_of[r.preferred_figure_id])
        fpc = proportions.based_share(r.value, bases, resolution=resolution, qualifier=r.qualifier,
                                      lower=r.lower, upper=r.upper, population=population,
                                      method=cfg["method"], alpha=cfg["alpha"], name=r.indicator,
                                      all_bases=all_bases)
        if r.qualifier != "exact":
            fpc = _with_warning(fpc, f"printed as « {r.expression} » ({r.qualifier})")
        if r.agreement == "conflict":
            fpc = _with_warning(fpc, f"outlets disagree (from {r.min_value:.0%} to {r.max_value:.0%}); "
                                     f"the preferred report is {r.preferred_source_id}")
        if r.unit_of_observation != "collectivites":
            fpc = _with_warning(fpc, f"a share of {r.unit_of_observation}, not of collectivités: the interval counts "
                                     "each responding collectivité once, which the share does not")
        bounds = proportions.nonresponse_bounds(r.value, n, surveyed, name=r.indicator)
        if r.qualifier in ("more_than", "at_least", "less_than"):
            # A one-sided figure bounds the respondents' share on one side only: the other side of
            # the non-response bounds is that of a share of 1 (or 0) among the respondents.
            other = proportions.nonresponse_bounds(0.0 if r.qualifier == "less_than" else 1.0, n, surveyed)
            lo_b, hi_b = ((bounds.ci_low, other.ci_high) if r.qualifier != "less_than"
                          else (other.ci_low, bounds.ci_high))
            bounds = replace(bounds, ci_low=lo_b, ci_high=hi_b, details={**bounds.details, "width": hi_b - lo_b},
                             assumptions=(*bounds.assumptions, f"printed as « {r.expression} »: one-sided"))
        res[f"share.{r.indicator}"] = fpc
        res[f"bounds.{r.indicator}"] = bounds
        censored = fpc.details["censored_interval"] or [None, None]
        rows.append({"indicator": r.indicator, "domain": r.domain, "value": r.value,
                     "base": " or ".join(str(v) for v in fpc.details["bases"].values()),
                     "fits_a_base": bool(fpc.details["fits"]),
                     "ci_low": fpc.ci_low, "ci_high": fpc.ci_high,
                     "censored_low": censored[0], "censored_high": censored[1], "bound_low": bounds.ci_low,
                     "bound_high": bounds.ci_high, "agreement": r.agreement})
    # Reports of one construct (every share printed by two outlets or more): can they be one count
    # on one base, each at its printed precision? Outlets quoting one survey report the same
    # respondents, so no test "as if from independent samples": rounding, or a misreport.
    fig = d.figures.set_index("figure_id")
    for r in shares[shares["n_reports"] > 1].itertuples():
        g = fig.loc[str(r.figure_ids).split(";")].sort_values("value", kind="stable")
        reports = [(float(x.value), float(x.resolution), x.qualifier,
                    None if pd.isna(x.lower) else float(x.lower), None if pd.isna(x.upper) else float(x.upper))
                   for x in g.itertuples()]
        printed = " / ".join(f"« {e} »" for e in g["expression"])
        c = proportions.one_base_consistency(reports, all_bases, name=f"{r.indicator.replace('_', ' ')}: {printed}")
        res[f"consistency.{r.indicator}"] = replace(c, details={**c.details, "indicator": r.indicator,
                                                                "expressions": g["expression"].tolist(),
                                                                "figure_ids": g.index.tolist()})
    headline = "voluntarist_projects"
    head_row = shares[shares["indicator"] == headline].iloc[0]
    for alt in cfg["n_alternatives"]:
        s = proportions.share_interval(
            d.value("interconnectes", headline), int(alt), population=surveyed, method=cfg["method"],
            resolution=float(resolution_of[head_row["preferred_figure_id"]]),
            alpha=cfg["alpha"], name=f"{headline} (n = {alt})")
        res[f"sensitivity.{headline}.n{alt}"] = replace(s, details={**s.details, **proportions.censored_details(
            s.estimate, [int(alt)], resolution=s.details["resolution"], qualifier=head_row["qualifier"],
            population={int(alt): surveyed}, alpha=cfg["alpha"])})
    return res, {"interconnectes_shares": pd.DataFrame(rows), "interconnectes_topics": _topics_table(d, res)}


def _topics_table(d: Processed, res: dict[str, Result]) -> pd.DataFrame:
    """Related constructs of the barometer side by side (data/processed/topics.csv): one row per
    construct, with its relation to the others, what it counts, its reports as printed, its estimate
    and both intervals, and whether its reports can be one number on one base."""
    topics = d.topics[d.topics["source_id"].isin(set(d.figures.loc[d.figures["study"] == "interconnectes",
                                                                  "source_id"]))]
    rows = []
    for (topic, construct), g in topics.groupby(["topic", "construct"], sort=False):
        indicator = g["indicator"].iloc[0]
        share = res.get(f"share.{indicator}")
        if share is None:
            continue
        cons = res.get(f"consistency.{indicator}")
        censored = share.details.get("censored_interval") or [None, None]
        rows.append({"topic": topic, "construct": construct, "relation": g["relation"].iloc[0],
                     "unit_of_observation": g["unit_of_observation"].iloc[0], "indicator": indicator,
                     "source_ids": ";".join(dict.fromkeys(g["source_id"])),
                     "expressions": " / ".join(f"« {e} »" for e in dict.fromkeys(g["expression"])),
                     "reports": len(g), "value": share.estimate, "ci_low": share.ci_low, "ci_high": share.ci_high,
                     "censored_low": censored[0], "censored_high": censored[1],
                     "base": " or ".join(str(v) for v in share.details["bases"].values()),
                     "one_base": None if cons is None else bool(cons.details["consistent"])})
    return pd.DataFrame(rows)


def _with_warning(r: Result, text: str) -> Result:
    return replace(r, warnings=(*r.warnings, text))


# ---------------------------------------------------------------------------------------------
# Markess


def markess(d: Processed, cfg: dict) -> Output:
    f = d.indicators[(d.indicators["study"] == "markess")]
    current = f[(f["period"].isna()) & (f["unit"] == "share") & (f["population"] == "decision_makers")]
    asked = [int(x) for x in cfg["n_grid"]]
    resolution_of = d.figures.set_index("figure_id")["resolution"]
    exact = current[current["qualifier"] == "exact"]
    exact_res = [(float(v), float(resolution_of[f]))
                 for v, f in zip(exact["value"], exact["preferred_figure_id"], strict=True)]
    # A base that cannot print every exact share of the edition at its printed precision is not a
    # base of this survey: the grid keeps the feasible n only, and says which it dropped and why.
    misfits = {n: sorted({v for v, r in exact_res if not proportions.compatible_counts(v, n, r)}) for n in asked}
    grid = [n for n in asked if not misfits[n]]
    if not grid:
        raise ValueError(f"no n of models.markess.n_grid ({asked}) can produce every printed Markess share")
    smallest = proportions.smallest_consistent_n([v for v, _ in exact_res], min(r for _, r in exact_res))
    dropped = [f"n = {n} cannot produce {', '.join(f'{v:.0%}' for v in misfits[n])}" for n in asked if misfits[n]]
    base_note = ((f"{'; '.join(dropped)}: left out of the grid; " if dropped else "")
                 + f"the smallest n consistent with every printed share is {smallest}")
    res: dict[str, Result] = {}
    rows = []
    for r in current.sort_values("value", ascending=False, kind="stable").itertuples():
        resolution = float(resolution_of[r.preferred_figure_id])
        sens = [proportions.based_share(r.value, {f"n = {n}": n}, resolution=resolution, qualifier=r.qualifier,
                                        lower=r.lower, upper=r.upper, method=cfg["method"], alpha=cfg["alpha"],
                                        name=f"{r.indicator} (n = {n})") for n in grid]
        widest = sens[0]
        censored = proportions.censored_share_interval(r.value, grid, resolution=resolution, qualifier=r.qualifier,
                                                       lower=r.lower, upper=r.upper, alpha=cfg["alpha"])
        wilson_span = [min(s.ci_low for s in sens), max(s.ci_high for s in sens)]
        res[f"share.{r.indicator}.{r.subgroup}"] = Result(
            name=f"{r.indicator} ({r.subgroup})", method=f"{widest.method}, over n in {grid}",
            estimate=r.value, ci_low=wilson_span[0], ci_high=wilson_span[1],
            confidence_level=1 - cfg["alpha"], n=None, unit="share",
            assumptions=("a simple random sample of local decision makers",),
            warnings=("n was not published: the interval spans the n of params.yaml (a sensitivity, "
                      "not a fact)", base_note)
            + ((f"printed as « {r.expression} »",) if r.qualifier != "exact" else ()),
            details={"by_n": {str(s.n): [s.ci_low, s.ci_high] for s in sens}, "qualifier": r.qualifier,
                     "expression": r.expression, "resolution": resolution,
                     "censored_interval": [censored.ci_low, censored.ci_high],
                     "censored_method": censored.method, "censored_bases": censored.details["n_values"],
                     "grid_asked": asked, "grid_feasible": grid, "smallest_consistent_n": smallest,
                     "misfits": {str(k): v for k, v in misfits.items() if v}})
        for s in sens:
            c = s.details["censored_interval"] or [None, None]
            rows.append({"indicator": r.indicator, "subgroup": r.subgroup, "value": r.value, "n": s.n,
                         "ci_low": s.ci_low, "ci_high": s.ci_high, "censored_low": c[0], "censored_high": c[1]})
    # The ranking of agents' tools: from which n is the lead of the first over the second real?
    tools = ["mobility_priority", "knowledge_sharing", "remote_site_collaboration", "hr_dematerialisation",
             "project_management"]
    vals = {t: d.value("markess", t) for t in tools}
    ranked = sorted(tools, key=lambda t: -vals[t])
    first, second = ranked[0], ranked[1]
    by_n = {}
    for n in grid:
        c = proportions.compare_reports(vals[first], vals[second], n, alpha=cfg["alpha"])
        by_n[str(n)] = {"ci": [c.ci_low, c.ci_high], "pvalue": c.pvalue}
    resolving = [n for n in grid if by_n[str(n)]["ci"][0] > 0]
    res["ranking.agent_tools"] = Result(
        name="ranking of agents' tools", method="shares ordered; first two compared (Newcombe) over the n grid",
        estimate=vals[first] - vals[second], confidence_level=None, n=None, unit="share difference",
        assumptions=("independent-samples comparison: conservative for answers of the same people",),
        warnings=(("the lead of the first is within sampling error at every n of the grid",) if not resolving
                  else (f"the lead of the first is beyond sampling error only from n = {resolving[0]}",)),
        details={"order": ranked, "values": vals, "first_two_by_n": by_n})
    # The 2010 edition: a different questionnaire; n is known there.
    old = f[(f["period"] == "2010") & (f["unit"] == "share") & (f["population"] == "decision_makers")]
    n2010 = int(d.value("markess", "respondents", period="2010"))
    for r in old.itertuples():
        resolution = float(resolution_of[r.preferred_figure_id])
        s = proportions.share_interval(r.value, n2010, method=cfg["method"], alpha=cfg["alpha"],
                                       resolution=resolution, name=f"{r.indicator} (2010 edition)")
        s = replace(s, details={**s.details, **proportions.censored_details(
            r.value, [n2010], resolution=resolution, qualifier=r.qualifier, lower=r.lower, upper=r.upper,
            alpha=cfg["alpha"])})
        res[f"edition2010.{r.indicator}"] = _with_warning(
            s, "2010 edition: a different question, not comparable with the current edition")
    res.update(_markess_later_editions(f, resolution_of, asked, cfg))
    return res, {"markess_n_sensitivity": pd.DataFrame(rows)}


def _markess_later_editions(f: pd.DataFrame, resolution_of: pd.Series, asked: list[int], cfg: dict) -> dict:
    """The dated editions after 2010 (press reports of 2012, 2015 and 2018): other questions, other
    populations (decision makers or collectivités), so never joined to the others as a trend. A share
    gets its edition's published n where the report printed one (the 2015 white paper's 60); every
    other is a sensitivity over the same grid of n as the undated edition, and says so."""
    published_n = {r.preferred_source_id: int(r.value)
                   for r in f[f["indicator"].str.startswith("respondents")].itertuples()}
    later = f[f["period"].notna() & (f["period"] != "2010") & (f["unit"] == "share")
              & f["unit_of_observation"].isin(["people", "collectivites"])]  # a share of respondents
    # As for the undated edition, an assumed n must be able to print every share of its edition (a
    # whole count out of n rounding to each printed figure): the grid is kept per edition.
    edition_grid = {}
    for period, g in later.groupby("period", sort=True):
        rows = [x for x in g.itertuples() if not published_n.get(x.preferred_source_id)]
        edition_grid[period] = [m for m in asked if all(proportions.counts_in_range(m, *proportions.printed_range(
            x.value, float(resolution_of[x.preferred_figure_id]), x.qualifier, x.lower, x.upper)) for x in rows)]
    res = {}
    for r in later.sort_values(["period", "value"], ascending=[True, False], kind="stable").itertuples():
        resolution = float(resolution_of[r.preferred_figure_id])
        n = published_n.get(r.preferred_source_id)
        sub_of = None
        if n and r.subgroup != "all":
            # A subgroup of a published n: its own size was not printed, so every size up to n that
            # can print the figure at its precision.
            sub_of, n = n, None
            fit = [m for m in range(1, sub_of + 1) if proportions.counts_in_range(
                m, *proportions.printed_range(r.value, resolution, r.qualifier, r.lower, r.upper))]
            grid = fit
        else:
            grid = [n] if n else (edition_grid[r.period] or asked)
        s = proportions.based_share(r.value, {f"n = {m}": m for m in grid}, resolution=resolution,
                                    qualifier=r.qualifier, lower=r.lower, upper=r.upper, method=cfg["method"],
                                    alpha=cfg["alpha"], name=f"{r.indicator} ({r.period} edition)")
        censored = proportions.censored_share_interval(r.value, grid, resolution=resolution, qualifier=r.qualifier,
                                                       lower=r.lower, upper=r.upper, alpha=cfg["alpha"])
        res[f"later.{r.period}.{r.indicator}.{r.subgroup}"] = replace(
            s, n=n, method=s.method if n else f"{s.method}, over n in {grid}",
            warnings=(*s.warnings, f"{r.period} edition: its own questions, not comparable with the others")
            + (() if n else (f"the subgroup's size was not published: the interval spans every size up to the "
                             f"{sub_of} respondents that can print the figure",) if sub_of else
               ("n was not published: the interval spans the n of params.yaml (a sensitivity, not a fact)",)),
            details={**s.details, "period": r.period, "population": r.population, "subgroup": r.subgroup,
                     "source_id": r.preferred_source_id, "expression": r.expression, "qualifier": r.qualifier,
                     "n_published": n, "subgroup_of": sub_of, "grid": grid,
                     "censored_interval": [censored.ci_low, censored.ci_high]})
    return res


# ---------------------------------------------------------------------------------------------
# PAC


def pac(d: Processed, cfg: dict) -> Output:
    f = d.figures[(d.figures["study"] == "pac") & (d.figures["indicator"] == "rollout_plan")]
    # One plan per city, its preferred report: every report of it would make cities of reports (the
    # rank test's n, the chapter's table) and grow with the number of outlets, not of cities.
    preferred = d.indicators.loc[(d.indicators["study"] == "pac") & (d.indicators["indicator"] == "rollout_plan"),
                                 "preferred_figure_id"]
    f = f[f["figure_id"].isin(set(preferred))]
    central = date.fromisoformat(cfg["reference_date"])
    refs = [date.fromisoformat(x) for x in cfg["reference_dates"]]
    res: dict[str, Result] = {}
    rows, sens_rows = [], []
    for r in f.sort_values("commune", kind="stable").itertuples():
        pop = d.population(r.commune_code)
        key = f"rollout.{r.commune_code}"
        if isinstance(r.horizon, str) and r.horizon:
            res[key] = trends.rollout_rate(r.lower, r.upper, horizon=r.horizon, reference=central,
                                           population=pop, name=f"{r.commune}: « {r.expression} »")
            for s in trends.reference_sensitivity(r.lower, r.upper, r.horizon, refs, pop, name=r.commune):
                sens_rows.append({"commune": r.commune, "reference_date": s.assumptions[-1][10:20],
                                  "low": s.ci_low, "high": s.ci_high})
        else:
            res[key] = trends.rollout_rate(r.lower, r.upper, period_months=r.period_months, population=pop,
                                           name=f"{r.commune}: « {r.expression} »")
        x = res[key]
        rows.append({"commune": r.commune, "insee_code": r.commune_code, "figure_id": r.figure_id,
                     "expression": r.expression, "population": pop,
                     "low": x.ci_low, "high": x.ci_high, "mid": x.estimate,
                     "per_100k_low": x.details["per_100k_per_year_range"][0],
                     "per_100k_high": x.details["per_100k_per_year_range"][1]})
    table = pd.DataFrame(rows)
    for what, col in (("rate", "mid"), ("rate_per_100k", "per_100k_mid")):
        if col == "per_100k_mid":
            table[col] = (table["per_100k_low"] + table["per_100k_high"]) / 2
        res[f"association.population_{what}"] = correlation.correlation(
            table["population"], table[col], method="spearman", n_boot=cfg["bootstrap"], seed=cfg["seed"],
            name=f"population and {what.replace('_', ' ')} of the PAC cities")
    power = correlation.power_at_n(len(table), cfg["power_rho"], simulations=cfg["simulations"], seed=cfg["seed"])
    res["power.population_rate"] = Result(
        name="power of the exact Spearman test", method=f"simulation ({cfg['simulations']} draws, seed {cfg['seed']})",
        estimate=power, confidence_level=None, n=len(table), unit="probability of detecting",
        assumptions=(f"a true correlation of {cfg['power_rho']} (bivariate normal)",),
        warnings=(f"at n = {len(table)} the test cannot detect even a strong association",) if power < 0.05 else (),
        details={"rho": cfg["power_rho"], "alpha": 0.05})
    toulouse = d.figures[(d.figures["indicator"] == "self_service_uptake_at_launch")].iloc[0]
    res["uptake.toulouse"] = Result(
        name="Toulouse: self-service uptake at the portal's launch", method="as printed", estimate=toulouse["value"],
        confidence_level=None, n=None, unit="share",
        warnings=("no n and no date published: no interval can be given",))
    return res, {"pac_rollout": table, "pac_reference_sensitivity": pd.DataFrame(sens_rows)}


# ---------------------------------------------------------------------------------------------
# Lecko


def lecko(d: Processed, cfg: dict) -> Output:
    mean = d.indicator("lecko", "mean_score").iloc[0]
    scale = d.figures.set_index("figure_id").loc[mean["preferred_figure_id"], "scale"]
    n_cities = int(d.value("lecko", "cities_analysed"))
    res: dict[str, Result] = {}
    res["mean_score"] = Result(
        name="mean sophistication score", method="as printed (no per-city scores published)",
        estimate=float(mean["value"]), confidence_level=None, n=n_cities, unit=f"score out of {scale:g}",
        assumptions=("the 25 cities are the whole population studied, not a sample",),
        warnings=("no per-city scores were published: neither spread nor interval can be computed",),
        details={"scale": float(scale), "share_of_scale": float(mean["value"]) / float(scale),
                 "n_reports": int(mean["n_reports"]), "agreement": mean["agreement"]})
    top = d.indicator("lecko", "city_score").iloc[0]
    res["top_score"] = Result(
        name="best city score (Le Havre)", method="as printed", estimate=float(top["value"]), confidence_level=None,
        n=1, unit=f"score out of {scale:g}",
        details={"gap_to_mean": float(top["value"]) - float(mean["value"]), "commune_code": top["commune_code"]})
    half = d.indicator("lecko", "personal_space").iloc[0]
    ks = proportions.compatible_counts(half["value"], n_cities, 0.05)
    res["personal_space"] = Result(
        name="cities with a personal space", method="census of the 25 cities; range from the rounding of « la moitié »",
        estimate=float(half["value"]), ci_low=min(ks) / n_cities, ci_high=max(ks) / n_cities, confidence_level=None,
        n=n_cities, unit="share", assumptions=("« la moitié » stands for a count from 12 to 13 of 25",),
        warnings=("the exact count was not published",), details={"counts": ks})
    # Are the top three the largest cities? Their populations against the others of the 25.
    c = d.communes.sort_values("rank_2011", kind="stable")
    if not cfg["include_overseas"]:
        c = c[~c["insee_code"].str.startswith("97")]
    studied = c.head(n_cities)
    top3 = d.mentions[(d.mentions["role"] == "lecko_top_ranked")].drop_duplicates("commune_code")
    top3 = top3.sort_values("position", kind="stable")
    is_top = studied["insee_code"].isin(top3["commune_code"])
    res["top3_vs_others_population"] = correlation.mann_whitney(
        studied.loc[is_top, "pmun_2011"], studied.loc[~is_top, "pmun_2011"],
        name="populations of the top three against the other cities studied")
    pops = studied.set_index("insee_code").loc[top3["commune_code"], "pmun_2011"].to_numpy()
    res["top3_position_population"] = correlation.correlation(
        top3["position"].to_numpy(), pops, method="spearman", n_boot=cfg["bootstrap"], seed=cfg["seed"],
        name="position in the Lecko top three (1 = best) and population")
    table = studied[["commune", "insee_code", "pmun_2011"]].assign(top3=is_top.to_numpy())
    return res, {"lecko_cities": table}


# ---------------------------------------------------------------------------------------------
# Context series and trends


def _series(d: Processed, study: str, indicator: str, **key) -> pd.DataFrame:
    rows = d.indicator(study, indicator, **key).copy()
    rows = rows[rows["period"].notna()]
    rows["x"] = rows["period"].map(period_midpoint)
    return rows.sort_values("x", kind="stable")


def _plot_frame(series: str, obs: pd.DataFrame, result: Result, ycol: str = "value") -> pd.DataFrame:
    frames = [pd.DataFrame({"series": series, "kind": "observed", "x": obs["x"], "y": obs[ycol],
                            "lower": obs["lower"], "upper": obs["upper"]})]
    curve = result.details.get("curve")
    if curve:
        frames.append(pd.DataFrame({"series": series, "kind": "fitted", "x": curve["x"], "y": curve["y"]}))
    elif "intercept_at_mean_x" in result.details:
        xs = np.linspace(obs["x"].min(), result.details.get("projection", {}).get("x", obs["x"].max()), 20)
        ys = result.details["intercept_at_mean_x"] + result.estimate * (xs - result.details["mean_x"])
        frames.append(pd.DataFrame({"series": series, "kind": "fitted", "x": xs, "y": ys}))
    return pd.concat(frames, ignore_index=True)


#: The European benchmark changed its method in 2007 (a fifth sophistication level) and in 2012:
#: a series is split there and no line is drawn across a break.
EU_BENCHMARK_METHOD_BREAKS = (2007, 2012)


def sample_size(d: Processed, study: str) -> int | None:
    """The n printed in the `sample` column of a study's figures (« n = 1 000 »), if one is."""
    import re

    texts = d.figures.loc[d.figures["study"] == study, "sample"].dropna().astype(str)
    found = {int(re.sub(r"\D", "", m.group(1))) for t in texts
             for m in [re.search(r"n\s*=\s*([\d\s\u202f\u00a0]+\d)", t)] if m}
    if len(found) > 1:
        raise ValueError(f"{study}: several sample sizes printed ({sorted(found)})")
    return found.pop() if found else None


def _populations(d: Processed, obs: pd.DataFrame) -> pd.Series:
    """The population each point of a series was printed for (the `sample` column of its preferred
    report), by row."""
    samples = d.figures.set_index("figure_id")["sample"]
    return obs["preferred_figure_id"].map(samples).fillna("")


def same_population_change(d: Processed, obs: pd.DataFrame, *, name: str, alpha: float = 0.05) -> Result:
    """A series whose points count different populations and whose survey size is unknown: no line
    across the change of population (as none is drawn across a change of method), but the change
    between its first and last points on one population, with, in place of an interval the missing
    n forbids, the smallest survey at which that change is beyond sampling error."""
    who = _populations(d, obs)
    keep = who == who.iloc[0]
    if not keep.iloc[-1]:
        raise ValueError(f"{name}: the first and last points count different populations")
    same = obs[keep]
    p_first, p_last = float(same["value"].iloc[0]), float(same["value"].iloc[-1])
    periods = [str(same["period"].iloc[0]), str(same["period"].iloc[-1])]
    threshold = proportions.smallest_n_for_difference(p_first, p_last, alpha=alpha, name=name)
    left_out = [f"the {p} point counts {w or 'a population not stated'} and is left out"
                for p, w in zip(obs.loc[~keep, "period"].astype(str), who[~keep], strict=True)]
    return Result(
        name=f"{name}, {periods[1]} against {periods[0]} on one population",
        method="difference of two printed shares on one population; no sample size printed, so instead of an "
               "interval the smallest equal wave size at which Newcombe's interval excludes zero",
        estimate=p_last - p_first, confidence_level=None, n=None, unit="share difference",
        assumptions=("the two points measure the same thing the same way", *threshold.assumptions),
        warnings=(*threshold.warnings, *left_out),
        details={**threshold.details, "smallest_n": threshold.estimate, "periods": periods,
                 "population": who.iloc[0], "x": list(same["x"]), "y": list(same["value"]),
                 "populations": dict(zip(obs["period"].astype(str), who, strict=True))})


def split_at_breaks(obs: pd.DataFrame, breaks) -> list[pd.DataFrame]:
    """The rows of a series between consecutive method breaks (a break year opens a segment)."""
    edges = [-math.inf, *sorted(breaks), math.inf]
    parts = [obs[(obs["x"] >= lo) & (obs["x"] < hi)] for lo, hi in zip(edges[:-1], edges[1:], strict=False)]
    return [p for p in parts if len(p)]


def context_trends(d: Processed, cfg: dict) -> Output:
    h = float(cfg["horizon"])
    res: dict[str, Result] = {}
    plots: dict[str, pd.DataFrame] = {}

    def add(key: str, obs: pd.DataFrame, fit: Callable[[pd.DataFrame], Result], ycol="value"):
        r = fit(obs)
        res[key] = r
        plots[f"trend_{key}"] = _plot_frame(key, obs, r, ycol)

    n_cdc = sample_size(d, "cdc_acsel")
    cdc_note = f"n = {n_cdc} printed for one wave, assumed for every wave"
    use = _series(d, "cdc_acsel", "online_demarche", population="internet_users")
    add("cdc_acsel_use", use, lambda o: trends.share_trend(o["x"], o["value"], n=n_cdc, n_note=cdc_note,
                                                            name="internet users who did a démarche online"))
    trust = _series(d, "cdc_acsel", "eadmin_trust", population="internet_users")
    add("cdc_acsel_trust", trust, lambda o: trends.share_trend(o["x"], o["value"], n=n_cdc, n_note=cdc_note,
                                                                name="trust in e-administration"))
    # The line once drawn through the first three waves, tested against the waves published since.
    first = trust[trust["x"] < trust["x"].iloc[3]] if len(trust) > 3 else trust
    later = trust[~trust.index.isin(first.index)]
    if len(first) >= 3 and len(later):
        res["cdc_acsel_trust.old_extrapolation"] = trends.extrapolation_check(
            first["x"], first["value"], later["x"], later["value"], horizon=h, n=n_cdc,
            between_waves=res["cdc_acsel_trust"].details.get("dispersion"),
            between_waves_df=res["cdc_acsel_trust"].details.get("df_resid"),
            name="line through the first three trust waves (logit scale, weighted by n), against the later waves")
    web = _series(d, "marsouin", "commune_website", subgroup="brittany")
    n_web = [int(d.value("marsouin", "survey_replies", period="2003")),
             int(d.value("marsouin", "survey_replies", period="2007")),
             int(d.value("marsouin", "communes_in_region"))]
    add("brittany_websites", web, lambda o: trends.logistic_diffusion(o["x"], o["value"], n=n_web,
                                                                       name="Breton communes with a website"))
    od = _series(d, "opendatafrance", "collectivites_open_data", subgroup="all")
    add("opendata_collectivites", od, lambda o: trends.count_growth(o["x"], o["value"], horizon=h,
                                                                     name="collectivités publishing open data"))
    res["opendata_collectivites.paths"] = trends.growth_paths(
        od["x"], od["value"], horizon=h, name="collectivités publishing open data: constant or slowing growth")
    dn_all = _series(d, "dinum_observatory", "demarches_fully_online")
    # An edition is one point. A report dated by its year alone, in a year whose editions are dated by
    # the month (64 % "in 2019", printed in 2022, beside May's 67 % and November's 67.3 %), cannot be
    # placed among them: it is left out of the fit and added back as a sensitivity, as is the other
    # figure printed for an edition where two disagree (69 % for November 2019, 71.2 % for 2020).
    year_only = dn_all["period"].str.fullmatch(r"\d{4}")
    month_years = set(dn_all.loc[~year_only, "period"].str[:4])
    undated = year_only & dn_all["period"].isin(month_years)
    dn = dn_all[~undated]
    set_aside = [{"period": str(x.period), "value": float(x.value)} for x in dn_all[undated].itertuples()]

    def dinum_fit(obs: pd.DataFrame) -> Result:
        r = trends.share_trend(obs["x"], obs["value"], name="State démarches fully online, one point per dated edition")
        return replace(r, details={**r.details, "periods": list(obs["period"]), "set_aside": set_aside},
                       warnings=(*r.warnings, *(f"a report of {a['value']:.0%} dated {a['period']} without a month "
                                                "is left out" for a in set_aside)))

    add("dinum_demarches", dn, dinum_fit)
    if set_aside:
        res["dinum_demarches.with_undated"] = trends.share_trend(
            dn_all["x"], dn_all["value"], name="State démarches fully online, with the report dated by its year alone")
    if (dn["agreement"] == "conflict").any():
        other = dn.assign(value=np.where(dn["value"] == dn["min_value"], dn["max_value"], dn["min_value"]))
        res["dinum_demarches.other_reports"] = trends.share_trend(
            other["x"], other["value"],
            name="State démarches fully online, the other figure printed where two disagree")
    alts = [res[k] for k in ("dinum_demarches.with_undated", "dinum_demarches.other_reports") if k in res]
    if alts:
        same = all(sign(a) == sign(res["dinum_demarches"]) for a in alts)
        res["dinum_demarches"] = replace(res["dinum_demarches"], warnings=(
            *res["dinum_demarches"].warnings,
            "with it, or with the other figure printed for a period, the direction "
            + ("is the same" if same else "changes")))
    break_note = ("the benchmark's method changed in "
                  + " and in ".join(str(y) for y in EU_BENCHMARK_METHOD_BREAKS)
                  + ": the series is split there and fitted before the first break only")

    def first_segment(o: pd.DataFrame, name: str) -> Result:
        seg = split_at_breaks(o, EU_BENCHMARK_METHOD_BREAKS)[0]
        r = trends.share_trend(seg["x"], seg["value"], name=name)
        return _with_warning(replace(r, details={**r.details, "segments": [
            {"from": float(p["x"].min()), "to": float(p["x"].max()), "points": len(p)}
            for p in split_at_breaks(o, EU_BENCHMARK_METHOD_BREAKS)]}), break_note)

    eu = _series(d, "eu_benchmark", "sophistication", subgroup="eu")
    add("eu_sophistication", eu, lambda o: first_segment(o, "EU online sophistication"))
    fr = _series(d, "eu_benchmark", "sophistication", subgroup="france")
    # The printed October 2001 and April 2002 points (01net) start the series: no derived prior.
    add("france_sophistication", fr, lambda o: _with_warning(
        first_segment(o, "France online sophistication"),
        "01net calls the 2001-2002 measure « le développement des services publics en ligne »: reading "
        "it as the sophistication score is the transcriber's"))
    tns = _series(d, "capgemini_tns", "use_town_hall_sites")
    n_tns = sample_size(d, "capgemini_tns")
    add("town_hall_sites_use", tns, lambda o: replace(proportions.compare_reports(
        o["value"].iloc[-1], o["value"].iloc[0], n_tns, n_tns, alpha=0.05,
        name=f"internet users using town-hall sites, {o['period'].iloc[-1]} against {o['period'].iloc[0]}",
        assumption="two waves, two independent samples of the printed n"), warnings=()))
    # Citizens' online procedures in the last twelve months: two sources, never joined.
    ins = _series(d, "insee_tic", "online_demarche_12m")
    add("insee_online_procedures", ins, lambda o: same_population_change(
        d, o, name="people who did an online procedure in the last 12 months (INSEE)"))
    bn = _series(d, "barometre_numerique", "online_demarche_12m")
    n_bn = int(d.value("barometre_numerique", "respondents"))
    add("barometre_online_procedures", bn, lambda o: trends.share_trend(
        o["x"], o["value"], n=n_bn, n_note=f"n = {n_bn} printed for 2016, assumed for every wave",
        name="people who did an online procedure in the last 12 months (Baromètre du numérique)"))
    # 2012 against 2025, by domain: different populations, said plainly.
    ic_n = int(d.indicators[(d.indicators["study"] == "interconnectes")
                            & (d.indicators["indicator"] == "respondents")]["value"].sum())
    n25 = int(d.value("dinum_barometer", "responses"))
    for ind in ("library_reservation_online",):
        p12, p25 = d.value("interconnectes", ind), d.value("dinum_barometer", ind)
        res[f"then_and_now.{ind}"] = _with_warning(replace(proportions.compare_reports(
            p25, p12, n25, ic_n, name=f"{ind.replace('_', ' ')}: 2025 against 2012",
            assumption="two independent samples"), warnings=()),
            "different populations: large collectivités answering a 2012 barometer against the communes and "
            "groupings answering the State's 2025 barometer; the gap mixes change and population")
    return res, plots


# ---------------------------------------------------------------------------------------------
# Synthesis: concordance across studies and city size


def synthesis(d: Processed, cfg: dict) -> Output:
    cw = d.crosswalk
    tiers = cw.groupby(["study", "common_domain"])["tier"].mean().unstack("study")
    studies = list(cfg["concordance_studies"])
    common = tiers[studies].dropna()
    res: dict[str, Result] = {}
    res["concordance.domains"] = _with_warning(
        correlation.kendall_w((-common[studies].T).to_numpy(), name="agreement of domain rankings"),
        "the studies measure different things (a sophistication score of services against shares of "
        "collectivités offering them); tiers are coded from the sources' words")
    w = res["concordance.domains"]
    res["concordance.domains"] = replace(w, details={**w.details, "studies": studies,
                                                     "domains": list(common.index), "tiers": common.to_dict()})
    res["concordance.spearman"] = correlation.correlation(common[studies[0]], common[studies[1]], method="spearman",
                                                          n_boot=cfg["bootstrap"], seed=cfg["seed"],
                                                          name=f"{studies[0]} and {studies[1]} domain tiers")
    # City size and digital in the 2014 municipal programmes.
    mo = d.indicators[(d.indicators["study"] == "municipal_observatory")
                      & (d.indicators["indicator"] == "programmes_mention_digital")].set_index("subgroup")["value"]
    # The end classes compared exactly, over every split of the online programmes consistent with
    # the printed total (k of n): how many programmes each class held was never published.
    online = d.indicators[(d.indicators["study"] == "municipal_observatory")
                          & (d.indicators["indicator"] == "online_programmes_mention_digital")].iloc[0]
    fig = d.figures.set_index("figure_id")
    total_n = int(fig.loc[online["preferred_figure_id"], "denominator"])
    total_k = int(round(float(online["value"]) * total_n))
    res["size_gradient.end_classes"] = proportions.end_class_comparison(
        float(mo["under_50k"]), float(mo["over_200k"]), total_k, total_n,
        resolution=float(fig.loc[d.indicator("municipal_observatory", "programmes_mention_digital",
                                              subgroup="over_200k").iloc[0]["preferred_figure_id"], "resolution"]),
        name="programmes using digital as an argument: over 200,000 against under 50,000 inhabitants")
    return res, {"domain_tiers": common.reset_index()}


GROUPS: dict[str, Callable[[Processed, dict], Output]] = {
    "interconnectes": interconnectes,
    "markess": markess,
    "pac": pac,
    "lecko": lecko,
    "trends": context_trends,
    "synthesis": synthesis,
}
