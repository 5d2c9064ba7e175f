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
# # Synthesis: where the studies agree, city size, and a timeline of maturity
#
# The four studies measured different things, in different populations, at different dates. This
# chapter compares them only where a common ground exists: the ranking of service domains, and city
# size. A timeline places every dated observation of the project.

# %% tags=["parameters"]
timeline_start = 2001
timeline_end = 2025

# %%
from analysis.data.load import Processed
from analysis.data.periods import period_midpoint
from analysis.models import stage
from analysis.models.verdicts import agreement_clause, capitalised, difference_verdict
from analysis.publish import figures, fmt, labels, plots, report, tables, themes

figures.start_chapter(6)
d = Processed()
res = stage.load("synthesis")
tiers = stage.load_plot("synthesis", "domain_tiers")
studies = res["concordance.domains"].details["studies"]

# %% [markdown]
# ## What drove them, and what held them back
#
# No study measured drivers or barriers; each named some. Coded statement by statement and grouped
# into families (the project's grouping, listed in the codebook), they can be set side by side: which
# forces more than one study names, and which only one.

# %%
families = themes.families_table(d.themes)
tables.style(families, caption=figures.table_caption(
    "Drivers, barriers and success factors named by the studies' press reports, grouped into families."))

# %%
shared = families[families["Studies"] > 1]
report.say(
    (f"Of {fmt.count_words(len(families), 'force')} named (a family in one role), "
     f"{fmt.count_words(len(shared), 'is', 'are')} named by more than one study: "
     + fmt.listing([f"{r.Family[:1].lower() + r.Family[1:]} {r.Role} ({r.Studies} studies)" for r in shared.itertuples()])
     + ". Everything else rests on a single study's word."
     if len(shared) else
     f"None of the {fmt.count_words(len(families), 'force')} named is named by more than one study.")
    + " These are statements in press reports, not measurements: a force no outlet mentioned may have mattered "
    "as much."
)

# %% [markdown]
# ## Do the studies rank the domains alike?
#
# Lecko scored the sophistication of services; the barometer counted the collectivités offering them.
# Both name services that are advanced and services that lag. Mapped onto common domains (the crosswalk
# in the data), their positions can be compared.

# %%
figures.show(plots.tiers(tiers, studies),
             caption="Position of each common service domain in the two studies (tiers coded from the sources' "
                     "words).",
             alt="Grouped bars of the position of five service domains in the Lecko study and in the barometer.")

# %%
w, rho = res["concordance.domains"], res["concordance.spearman"]
report.say(
    f"Kendall's W over {w.details['items']} domains and {w.details['raters']} studies is {w.estimate:.2f} "
    f"(exact p = {w.pvalue:.2f}); the Spearman correlation of the two rankings is {rho.estimate:+.2f} "
    f"(p = {rho.pvalue:.2f}): {agreement_clause(w.estimate, w.pvalue, 'the two rankings')}. "
    f"{report.warnings_note(w).strip()}"
)

# %% [markdown]
# ## City size
#
# The 2014 municipal-campaign observatory gives the only size gradient of the project: the share of
# programmes where digital is a campaign argument, overall and in the smallest and largest cities.
# How many programmes each size class held was not published. The end classes are compared with an
# exact test over every split of the online programmes consistent with the printed total.

# %%
mo = d.indicators[(d.indicators["indicator"] == "programmes_mention_digital")].set_index("subgroup")["value"]
ends = res["size_gradient.end_classes"]
figures.show(plots.size_gradient({"under_50k": mo["under_50k"], "all": mo["all"], "over_200k": mo["over_200k"]},
                                 ["under 50,000 inhabitants", "all cities", "over 200,000 inhabitants"]),
             caption="Share of programmes using digital as a campaign argument, as printed, by city size.",
             alt="Three bars: share of programmes using digital as an argument in small cities, overall and in "
                 "large cities.")

# %%
lo_p, hi_p = ends.details["pvalue_range"]
worst, best = ends.details["least_favourable"], ends.details["most_favourable"]
k_tot, n_tot = ends.details["total"]
threshold = ends.details["min_class_for_every_split_beyond_chance"]
report.say(
    f"Of {fmt.num(n_tot)} online programmes, {fmt.num(k_tot)} used digital as an argument; "
    f"{fmt.num(ends.details['splits'])} splits into size classes are consistent with that total and with the printed "
    f"{fmt.pct(mo['under_50k'])} and {fmt.pct(mo['over_200k'])}. Across them, Fisher's exact test gives "
    f"{fmt.pvalue(lo_p)} at best and {fmt.pvalue(hi_p)} at worst; {fmt.pct(ends.details['share_beyond_chance'])} of the splits put the gap beyond chance"
    + (f", and every split does once both end classes hold at least {fmt.num(threshold)} programmes" if threshold
       else "")
    + f". At the least favourable split ({fmt.num(worst['n_low'])} and {fmt.num(worst['n_high'])} programmes) "
    f"the odds ratio is {worst['odds_ratio']:.1f} ({fmt.interval(worst['ci_low'], worst['ci_high'], kind='num', digits=1)}), "
    f"at the most favourable ({fmt.num(best['n_low'])} and {fmt.num(best['n_high'])}) {best['odds_ratio']:.1f} "
    f"({fmt.interval(best['ci_low'], best['ci_high'], kind='num', digits=1)}). "
    + ("Over every split, the end classes differ" if difference_verdict(ends) == "differ"
       else "Without the class sizes, the data cannot guarantee that the end classes differ: they do unless one "
            "of them is very small")
    + ". Programmes are clustered in cities (several candidates per city), which the tests ignore: their p-values "
    "are optimistic. In the Lecko and PAC data, too few cities are named to test size at all."
)

# %% [markdown]
# ## A timeline of maturity
#
# Every dated figure of the project, by study or series. Studies without a published date (PAC, the
# recent Markess edition) are left out rather than placed at a guessed date.

# %%
f = d.figures[d.figures["period"].notna() & (d.figures["domain"] != "method")].copy()
f["x"] = f["period"].map(period_midpoint)
events = f[(f["x"] >= timeline_start) & (f["x"] <= timeline_end + 1)][["study", "x"]].rename(columns={"study": "series"})
events = events.sort_values(["x", "series"], kind="stable")
four = [s for s in ("lecko", "pac", "interconnectes", "markess") if s in set(events["series"])]
four_lo, four_hi = (int(events.loc[events["series"].isin(four), "x"].agg(f)) for f in ("min", "max"))
figures.show(plots.timeline(events, timeline_start, timeline_end),
             caption=f"Dated figures from {timeline_start} to {timeline_end}: those of "
                     f"{fmt.listing([labels.study_name(s) for s in four])} fall between {four_lo} and {four_hi}; "
                     "the public series surround them.",
             alt=f"Dot timeline from {timeline_start} to {timeline_end} with one row per study or series and a dot for each "
                 "dated figure.")

# %% [markdown]
# ## Limits
#
# All figures come from press reports of studies whose full reports are not public; samples are
# small or unknown; the studies measure supply (services offered), intentions (plans, priorities) or
# opinions, never the same construct twice. The project keeps every report and states every
# assumption, but it cannot turn these snapshots into a measured trajectory of French local
# e-administration.

# %%
report.key_findings("synthesis", [
    capitalised(f"{agreement_clause(w.estimate, w.pvalue, 'Lecko and the barometer')} on the ranking of service "
                f"domains (W = {w.estimate:.2f}, p = {w.pvalue:.2f})."),
    f"Digital in 2014 campaign programmes: {fmt.pct(mo['under_50k'])} under 50,000 inhabitants against "
    f"{fmt.pct(mo['over_200k'])} over 200,000; beyond chance for {fmt.pct(ends.details['share_beyond_chance'])} of "
    "the class splits consistent with the published total"
    + (", not for the smallest classes." if hi_p >= 0.05 else ", and for every one."),
    "No study was repeated comparably: the timeline is a set of snapshots, not a trend.",
])
