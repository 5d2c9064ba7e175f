# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (analysis)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Trends: local e-administration and its citizens in public series
#
# None of the four studies was repeated in a comparable way, so their figures cannot make a trend.
# Public series can: citizens’ use of and trust in online administration, communes’ websites, the
# collectivités publishing open data, the State’s online procedures (les démarches de l’État) and the
# European benchmark.
# Each measures something different; they are shown side by side and never joined.

# %% tags=["parameters"]
show_projection = True
series = ["cdc_acsel_use", "cdc_acsel_trust", "brittany_websites", "opendata_collectivites", "dinum_demarches",
          "eu_sophistication", "france_sophistication", "town_hall_sites_use", "insee_online_procedures",
          "barometre_online_procedures"]

# %%
import pandas as pd

from analysis.models import stage
from analysis.models.result import Result
from analysis.models.verdicts import capitalised, sign, trend_clause, within
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter(5)
res = stage.load("trends")
LABELS = {
    "cdc_acsel_use": ("Internet users who did a procedure online", True),
    "cdc_acsel_trust": ("Internet users trusting e-administration", True),
    "brittany_websites": ("Breton communes with a website", True),
    "opendata_collectivites": ("Collectivités publishing open data (count)", False),
    "dinum_demarches": ("State procedures fully online", True),
    "eu_sophistication": ("EU online sophistication", True),
    "france_sophistication": ("France online sophistication", True),
    "town_hall_sites_use": ("Internet users using town-hall sites", True),
    "insee_online_procedures": ("People doing a procedure online in a year (INSEE)", True),
    "barometre_online_procedures": ("People doing a procedure online in a year (Baromètre du numérique)", True),
}

# %% [markdown]
# ## The series and their models
#
# Shares are fitted on the logit scale (so that no fitted value leaves the possible range), weighted by
# the number of respondents where it was printed; counts on the log scale. No line is drawn beyond the
# span of its data, and none across a change of method. Two waves give a difference with its interval,
# not a trend.

# %%
def pace(r) -> tuple[str, str]:
    """The change a reader can read, with its 95% interval: points a year for a share (at the series'
    centre), per cent a year for a count, points between two waves for a difference."""
    if "pts_per_year" in r.details:
        return f"{fmt.pts(r.details['pts_per_year'], 1)} a year", fmt.pts_interval(*r.details["pts_per_year_ci"], 1)
    if r.unit == "growth per year":
        return f"{fmt.pct(r.estimate)} a year", fmt.interval(r.ci_low, r.ci_high)
    if r.unit == "share difference" and not r.has_interval:  # no n printed: the survey size that would hide it
        smallest = r.details.get("smallest_n")
        return (f"{fmt.pts(r.estimate, 1)} in all",
                f"none (no n printed); beyond sampling error from {fmt.num(smallest)} a wave" if smallest
                else "none (no n printed)")
    if r.unit == "share difference":
        return f"{fmt.pts(r.estimate, 1)} in all", fmt.pts_interval(r.ci_low, r.ci_high, 1)
    return f"{fmt.cell(r.estimate)} ({r.unit})", fmt.interval(r.ci_low, r.ci_high, kind="num", digits=3)


rows = []
for key in series:
    r = res[key]
    points = len(r.details["x"]) if "x" in r.details else len(r.details.get("nobs", [])) or r.n
    change, interval = pace(r)
    rows.append({"series": LABELS[key][0], "points": points, "Change": change, "95 % interval": interval,
                 "method": r.method, "warnings": " | ".join(r.warnings)})
tables.style(pd.DataFrame(rows),
             caption=figures.table_caption("Context series: the change each shows, with its 95% interval, and the "
                                           "model behind it (the fitted coefficients are in the reviewer edition)."))

# %% tags=["review-only"]
tables.style(pd.DataFrame([{"series": key, "estimate": res[key].estimate, "ci_low": res[key].ci_low,
                            "ci_high": res[key].ci_high, "unit": res[key].unit} for key in series]),
             caption="For reviewers: the fitted coefficients, on the scale of each model.", readable=False,
             formats={"estimate": "{:.3f}", "ci_low": "{:.3f}", "ci_high": "{:.3f}"})

# %% [markdown]
# ## Open data: the one series long and consistent enough for a growth rate
#
# OpenDataFrance counts the collectivités that publish open data, the same way every year: the one
# series here long and consistent enough for a growth rate, and for asking whether that growth slows.

# %%
od, paths_ = res["opendata_collectivites"], res["opendata_collectivites.paths"]
proj = paths_.details["projection"]
figures.show(plots.trend(stage.load_plot("trends", "trend_opendata_collectivites"), ylabel="Collectivités (count)",
                         share=False,
                         projection=[("constant growth", proj["constant"]), ("slowing growth", proj["slowing"])]
                         if show_projection else None),
             caption=f"Collectivités publishing open data: {trend_clause(od, 'the count', 'grew', 'shrank')}; the two "
                     "projections, each with its 95% interval, follow constant and slowing growth.",
             alt="Points of the yearly count of collectivités publishing open data with an exponential fit and two "
                 "projected points, one per growth path, each with its error bar.")

# %%
dt = od.details["doubling_time_ci"]
report.say(
    f"{capitalised(trend_clause(od, 'the count', 'grew', 'shrank'))} by {fmt.pct(od.estimate)} a year "
    f"({fmt.interval(od.ci_low, od.ci_high)}), doubling every {od.details['doubling_time']:.1f} years "
    f"({dt[0]:.1f} to {dt[1]:.1f}). "
    + {0: f"{fmt.num(paths_.n)} points cannot tell constant growth from slowing growth",
       -1: f"Over {fmt.num(paths_.n)} points growth slows", 1: f"Over {fmt.num(paths_.n)} points growth speeds up"}[
        sign(paths_)]
    + " (curvature "
    f"{paths_.estimate:+.3f} a year, {fmt.interval(paths_.ci_low, paths_.ci_high, kind='num', digits=3)}, "
    f"p = {paths_.pvalue:.2f}), and the two paths part by {proj['constant']['x']:.0f}: "
    f"{fmt.num(proj['constant']['mean'])} "
    f"({fmt.interval(proj['constant']['ci_low'], proj['constant']['ci_high'], kind='num')}) if growth stays "
    f"constant, {fmt.num(proj['slowing']['mean'])} "
    f"({fmt.interval(proj['slowing']['ci_low'], proj['slowing']['ci_high'], kind='num')}) if it slows. Taken "
    f"together, anything from {fmt.num(paths_.details['projection_range'][0])} to "
    f"{fmt.num(paths_.details['projection_range'][1])}: the choice of model matters as much as sampling."
    if paths_.pvalue >= 0.05 else
    f"{capitalised(trend_clause(od, 'the count', 'grew', 'shrank'))} by {fmt.pct(od.estimate)} a year "
    f"({fmt.interval(od.ci_low, od.ci_high)}); the growth is slowing (curvature {paths_.estimate:+.3f}, "
    f"p = {paths_.pvalue:.2f})."
)

# %% [markdown]
# ## Citizens' use and trust
#
# The Caisse des Dépôts–Acsel barometer asked internet users whether they had done a procedure online
# and whether they trust online administration. A line once drawn through its first trust waves is
# tested against the waves published since.

# %%
trust, use, old = res["cdc_acsel_trust"], res["cdc_acsel_use"], res["cdc_acsel_trust.old_extrapolation"]
checks = old.details["checks"]
where = ("above" if all(c["observed"] > c["pi_high"] for c in checks)
         else "below" if all(c["observed"] < c["pi_low"] for c in checks) else "within or across")
figures.show(plots.extrapolation_test(stage.load_plot("trends", "trend_cdc_acsel_trust"), old.details,
                                      ylabel="Share of internet users"),
             caption="Trust in online administration: a line through the first three waves (straight on the logit "
                     "scale), with its 95% prediction band for a new wave, against the waves published since.",
             alt=f"Points of trust in e-administration from {int(min(trust.details['x']))} to "
                 f"{int(max(trust.details['x']))}, a line through the first three bending towards zero with a "
                 f"widening band, and the later points {where} the band.")

# %%
misses = [c for c in checks if not c["inside"]]
missed = [f"{fmt.pct(c['observed'])} against a predicted {fmt.pct(c['predicted'])} "
          f"({fmt.interval(c['pi_low'], c['pi_high'])})" for c in misses]
old_line = Result(name=old.name, method=old.method, estimate=old.details["slope"],
                  ci_low=old.details["slope_ci"][0], ci_high=old.details["slope_ci"][1])
horizon = old.details["horizon"]
report.say(
    f"Over {trust.n} waves, {trend_clause(trust, 'trust')} "
    f"({fmt.pts(trust.details['pts_per_year'], 1)} a year at the mean share, "
    f"{fmt.pts_interval(*trust.details['pts_per_year_ci'], 1)}), and its waves scatter "
    f"{trust.details['dispersion']:.1f} times more than sampling allows. "
    f"The old extrapolation drew a straight line through the first three waves; refitted on the logit scale "
    f"(weighted by the {fmt.num(old.details['n_per_wave'])} respondents of each wave), so that neither the line "
    f"nor its interval can leave the range from 0 to 100%, "
    f"{trend_clause(old_line, 'it')} ({fmt.pts(old.details['pts_per_year'], 1)} a year at the mean share of those "
    f"waves, {fmt.pts_interval(*old.details['pts_per_year_ci'], 1)}); projected to "
    f"{horizon['x']:.0f} it reaches {fmt.pct(horizon['predicted'])}, with a prediction interval of "
    f"{fmt.interval(horizon['pi_low'], horizon['pi_high'])}, allowing a new wave to vary as much as the "
    f"series' waves do. "
    + (f"The later waves fall outside it even so: {fmt.listing(missed)}; the old line failed." if len(misses) == len(checks)
       else f"{fmt.count_words(len(misses), 'later wave', 'later waves').capitalize()} of {len(checks)} "
            f"{'falls' if len(misses) == 1 else 'fall'} outside it ({fmt.listing(missed)}): the evidence against "
            "the old line is partial." if misses
       else "The later waves lie within its prediction intervals: the data cannot tell whether the old line failed.")
    + (f" With sampling alone, the narrower band would miss {old.details['misses_sampling_only']} of them; the "
       "verdict depends on how much waves differ beyond sampling."
       if old.details.get("misses_sampling_only", len(misses)) != len(misses) else "")
)

# %%
report.say(
    f"For use, {trend_clause(use, 'the share of internet users doing a procedure online')} over its {use.n} "
    f"waves ({fmt.pts(use.details['pts_per_year'], 1)} a year, "
    f"{fmt.pts_interval(*use.details['pts_per_year_ci'], 1)})."
)

# %% [markdown]
# ## Citizens' online procedures
#
# INSEE's survey of households and the Baromètre du numérique both ask whether people did an
# administrative procedure online in the last twelve months; they are different surveys, fitted
# apart and never joined.

# %%
ins, bn = res["insee_online_procedures"], res["barometre_online_procedures"]
ins_first, ins_last = ins.details["periods"]
others_ins = {k: v for k, v in ins.details["populations"].items() if v != ins.details["population"]}
insee_moved = "rose" if ins.estimate > 0 else "fell"
report.say(
    f"In INSEE's survey, the share of {ins.details['population']} who did a procedure online "
    + (f"{insee_moved} from {fmt.pct(ins.details['p_first'])} in {ins_first} to {fmt.pct(ins.details['p_last'])} in "
       f"{ins_last} ({fmt.pts(ins.estimate)}). The sources print no sample size for the survey, so no interval can be "
       f"drawn; the change would be within sampling error only for a survey of fewer than "
       f"{fmt.num(ins.details['smallest_n'])} people a wave. "
       if ins.details["smallest_n"] else
       f"went from {fmt.pct(ins.details['p_first'])} in {ins_first} to {fmt.pct(ins.details['p_last'])} in {ins_last}; with "
       f"no sample size printed, the data cannot tell a change from sampling error even at "
       f"{fmt.num(ins.details['n_max'])} people a wave. ")
    + "".join(f"Its {k} point counts {v}, another population, and is left out of the comparison. "
              for k, v in others_ins.items())
    + f"In the Baromètre du numérique, {trend_clause(bn, 'the share')} over {bn.n} waves "
    f"({fmt.pts(bn.details['pts_per_year'], 1)} a year, {fmt.pts_interval(*bn.details['pts_per_year_ci'], 1)}), "
    f"each wave weighted by the {fmt.num(bn.details['n_per_point'][0])} people printed for one wave and assumed "
    "for the others"
    + (f"; its waves scatter {bn.details['dispersion']:.1f} times more than sampling of that many allows, which "
       "the interval takes into account" if bn.details.get("dispersion", 1) > 1 else "") + "."
)

# %% [markdown]
# ## Communes' websites, town-hall sites and the State's procedures
#
# Series on what is offered online: Breton communes with a website, internet users of town-hall
# websites, and the State's own procedures available fully online.

# %%
web = res["brittany_websites"]
figures.show(plots.trend(stage.load_plot("trends", "trend_brittany_websites"), ylabel="Share of Breton communes",
                         share=True),
             caption="Breton communes with a website: the logistic curve over the span of the three surveys only.",
             alt="Three points of the share of Breton communes with a website with a logistic curve between them.")

# %%
th = res["town_hall_sites_use"]
report.say(
    f"Between the two waves of the Capgemini–TNS survey, the share of internet users using town-hall sites "
    f"changed by {fmt.pts(th.estimate)} ({fmt.pts_interval(th.ci_low, th.ci_high)}, Newcombe's interval "
    f"for two samples of {fmt.num(th.details['nobs'][0])}): "
    + ("a change beyond sampling error." if not within(th, 0) else "within sampling error.")
)

# %%
dn = res["dinum_demarches"]
editions = dn.details["periods"]
first, last = fmt.period(editions[0]), fmt.period(editions[-1])
checks = [(key, what) for key, what in [
    ("dinum_demarches.with_undated", "with the figure for 2019 that carries no month added"),
    ("dinum_demarches.other_reports", "with the other figure wherever two figures are printed for one period"),
] if key in res]
holds = [sign(res[k]) == sign(dn) for k, _ in checks]
report.say(
    f"The observatory is fitted on one point per period printed, {fmt.num(len(editions))} from {first} to {last} "
    f"({fmt.count_words(sum(len(p) == 4 for p in editions), 'dated', 'dated')} by the year only)"
    + "".join(f"; the {fmt.pct(v['value'])} printed for {v['period']} without a month is set aside, since other "
              f"figures of {v['period']} give theirs" for v in dn.details["set_aside"])
    + f". Over them, {trend_clause(dn, 'the share of State procedures fully online')} "
    f"({fmt.pts(dn.details['pts_per_year'], 1)} a year at the mean share, "
    f"{fmt.pts_interval(*dn.details['pts_per_year_ci'], 1)}). "
    + " ".join(
        f"{capitalised(what)}, the slope is {fmt.pts(res[k].details['pts_per_year'], 1)} a year "
        f"({fmt.pts_interval(*res[k].details['pts_per_year_ci'], 1)})"
        + ("." if ok else f", and {trend_clause(res[k], 'the share')}.")
        for (k, what), ok in zip(checks, holds, strict=True))
    + (" The verdict does not depend on which report is taken." if checks and all(holds) else "")
    + " These are State procedures, not local ones."
)

# %% [markdown]
# ## The European benchmark
#
# The Commission's benchmark changed its method twice; the series is split at each change, and a
# line is fitted only within the first segment, never across a break.

# %%
fr, eu = res["france_sophistication"], res["eu_sophistication"]
report.say(
    f"Before the first change of method, {trend_clause(fr, 'France')} "
    f"({fmt.pts(fr.details['pts_per_year'])} a year at the mean, "
    f"{fmt.pts_interval(*fr.details['pts_per_year_ci'])}, {fr.n} points) and "
    f"{trend_clause(eu, 'the EU aggregate')} ({fmt.pts(eu.details['pts_per_year'])} a year, "
    f"{fmt.pts_interval(*eu.details['pts_per_year_ci'])}, {eu.n} points)."
)

# %% [markdown]
# ## Then and now: library reservations, 2012 and 2025
#
# The 2012 barometer and the State's 2025 barometer of collectivités both asked about online library
# reservations, of different populations: a comparison with its interval, not a trend.

# %%
tn = res["then_and_now.library_reservation_online"]
report.say(
    f"The share offering library reservations online differs by {fmt.pts(tn.estimate)} between the 2025 and "
    f"2012 barometers ({fmt.pts_interval(tn.ci_low, tn.ci_high)}): "
    + ("beyond sampling error" if not within(tn, 0) else "within sampling error")
    + ". The populations differ (large collectivités in 2012, communes and groupings of every size in 2025), so "
    "the gap mixes change with who answered."
)

# %%
# The series the first two findings do not cover, each by the sign of its interval (INSEE, with no n
# printed, has none: its change and the survey size that would hide it are said apart).
others = [k for k in series if k not in ("opendata_collectivites", "cdc_acsel_trust") and res[k].has_interval]
rising = [k for k in others if sign(res[k]) > 0]


def in_sentence(label: str) -> str:
    """A table label inside a sentence: "internet users …", but "State procedures …" keeps its capital."""
    return label if label.split()[0] in ("State", "France", "EU", "Breton") else label[:1].lower() + label[1:]


undecided_series = [k for k in others if sign(res[k]) == 0]
report.key_findings("trends", [
    f"Collectivités publishing open data: +{fmt.pct(od.estimate)} a year ({fmt.interval(od.ci_low, od.ci_high)}); "
    + {0: "constant and slowing growth cannot be told apart", -1: "growth slows", 1: "growth speeds up"}[sign(paths_)]
    + ", and the projections of the two paths differ.",
    capitalised(f"{trend_clause(trust, 'trust in online administration')} from "
                f"{int(min(trust.details['x']))} to {int(max(trust.details['x']))}; ")
    + (f"the line through its first three waves missed {fmt.num(len(misses))} of the {fmt.num(len(checks))} "
       "later waves." if misses else
       "the later waves lie within the prediction band of the line through its first three, once the scatter "
       "between waves is allowed for."),
    "Rose, with an interval above zero: " + fmt.listing([in_sentence(LABELS[k][0]) for k in rising])
    + (f"; INSEE's share {insee_moved} from {fmt.pct(ins.details['p_first'])} in {ins_first} to "
       f"{fmt.pct(ins.details['p_last'])} in {ins_last}, beyond sampling error for any survey of at least "
       f"{fmt.num(ins.details['smallest_n'])} people" if ins.details["smallest_n"] else "")
    + (f"; for {fmt.count_words(len(undecided_series), 'other series', 'other series')} the data cannot tell "
       "the direction."
       if undecided_series else "."),
])
