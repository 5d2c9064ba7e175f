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
# size. A timeline places every dated observation of the project from 2002 to 2022.

# %% tags=["parameters"]
timeline_start = 2002
timeline_end = 2022

# %%
from analysis.data.load import Processed
from analysis.models import stage
from analysis.models.studies import period_midpoint
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter()
d = Processed()
res = stage.load("synthesis")
tiers = stage.load_plot("synthesis", "domain_tiers")
studies = res["concordance.domains"].details["studies"]

# %% [markdown]
# ## Do the studies rank the domains alike?
#
# Lecko scored the sophistication of services; the barometer counted the collectivités offering them.
# Both name services that are advanced and services that lag. Mapped onto common domains (the crosswalk
# in the data), their positions can be compared.

# %%
figures.show(plots.tiers(tiers, studies),
             caption="The studies agree that libraries are advanced and social services lag, but place family "
                     "services and civil status at opposite ends.",
             alt="Grouped bars of the position of five service domains in the Lecko study and in the barometer.")

# %%
w, rho = res["concordance.domains"], res["concordance.spearman"]
report.say(
    f"Kendall's W over {w.details['items']} domains and {w.details['raters']} studies is {w.estimate:.2f} "
    f"(exact p = {w.pvalue:.2f}); the Spearman correlation of the two rankings is {rho.estimate:+.2f} "
    f"(p = {rho.pvalue:.2f}). Agreement cannot be told from chance. {report.warnings_note(w).strip()}"
)

# %% [markdown]
# ## City size
#
# The 2014 municipal-campaign observatory gives the only size gradient of the project: the share of
# programmes where digital is a campaign argument, overall and in the smallest and largest cities.
# How many programmes each size class held was not published; the scenarios of `params.yaml` set it.

# %%
mo = d.indicators[(d.indicators["indicator"] == "programmes_mention_digital")].set_index("subgroup")["value"]
scen = stage.load_plot("synthesis", "size_gradient_scenarios")
figures.show(plots.size_gradient({"under_50k": mo["under_50k"], "all": mo["all"], "over_200k": mo["over_200k"]},
                                 ["under 50,000 inhabitants", "all cities", "over 200,000 inhabitants"]),
             caption="Digital is a campaign argument far more often in the largest cities.",
             alt="Three bars: share of programmes using digital as an argument in small cities, overall and in "
                 "large cities.")

# %%
tables.style(scen, caption=figures.table_caption("Size gradient under each group-size scenario (odds ratio per tenfold population)."),
             formats={"odds_ratio": "{:.2f}", "ci_low": "{:.2f}", "ci_high": "{:.2f}", "middle_share": "{:.0%}"})

# %%
report.say(
    f"Under every scenario the odds rise with size: from {scen['odds_ratio'].min():.1f} to "
    f"{scen['odds_ratio'].max():.1f} times per tenfold population, all intervals above one. The middle class "
    f"share is derived ({fmt.interval(scen['middle_share'].min(), scen['middle_share'].max())}), not published. "
    "In the Lecko and PAC data, by contrast, too few cities are named to test size at all."
)

# %% [markdown]
# ## A timeline of maturity, 2002–2022
#
# Every dated figure of the project, by study or series. Studies without a published date (PAC, the
# recent Markess edition) are left out rather than placed at a guessed date.

# %%
f = d.figures[d.figures["period"].notna() & (d.figures["domain"] != "method")].copy()
f["x"] = f["period"].map(period_midpoint)
events = f[(f["x"] >= timeline_start) & (f["x"] <= timeline_end + 1)][["study", "x"]].rename(columns={"study": "series"})
events = events.sort_values(["x", "series"], kind="stable")
figures.show(plots.timeline(events, timeline_start, timeline_end),
             caption="The four studies fall between 2010 and 2018; the longer public series surround them.",
             alt="Dot timeline from 2002 to 2022 with one row per study or series and a dot for each dated figure.")

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
    f"Lecko and the barometer rank service domains differently (W = {w.estimate:.2f}, p = {w.pvalue:.2f}).",
    f"Digital in 2014 campaign programmes rises with city size: {fmt.pct(mo['under_50k'])} under 50,000 "
    f"inhabitants against {fmt.pct(mo['over_200k'])} over 200,000.",
    "No study was repeated comparably: the timeline is a set of snapshots, not a trend.",
])
