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
# # Trends: public context series, 2002–2022
#
# None of the four studies was repeated in a comparable way, so their figures cannot make a trend.
# Public series can: citizens’ use of and trust in online administration, communes’ websites, the
# collectivités publishing open data, the State’s online procedures (les démarches de l’État) and the
# European benchmark.
# Each measures something different; they are shown side by side and never joined.

# %% tags=["parameters"]
show_projection = True
series = ["cdc_acsel_use", "cdc_acsel_trust", "brittany_websites", "opendata_collectivites", "dinum_demarches",
          "eu_sophistication", "france_sophistication", "town_hall_sites_use"]

# %%
import pandas as pd

from analysis.models import stage
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter()
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
}

# %% [markdown]
# ## The series and their models

# %%
rows = []
for key in series:
    r = res[key]
    rows.append({"series": LABELS[key][0], "points": r.n, "method": r.method, "slope or growth": r.estimate,
                 "ci_low": r.ci_low, "ci_high": r.ci_high, "unit": r.unit, "warnings": " | ".join(r.warnings)})
tables.style(pd.DataFrame(rows), caption=figures.table_caption("Context series: model, estimate and 95% interval per year."),
             formats={"slope or growth": "{:.3f}", "ci_low": "{:.3f}", "ci_high": "{:.3f}"})

# %% [markdown]
# ## Open data: the one series long and consistent enough for a growth rate

# %%
od = res["opendata_collectivites"]
figures.show(plots.trend(stage.load_plot("trends", "trend_opendata_collectivites"), ylabel="Collectivités (count)",
                         share=False, projection=od.details.get("projection") if show_projection else None),
             caption="The number of collectivités publishing open data grew steadily from 2018 to 2022; the projection "
                     "extends that growth, with its interval.",
             alt="Points of the yearly count of collectivités publishing open data with an exponential fit and a "
                 "projected point with error bars.")

# %%
dt = od.details["doubling_time_ci"]
report.say(
    f"The count grew by {fmt.pct(od.estimate)} a year ({fmt.interval(od.ci_low, od.ci_high)}, {od.method}), "
    f"doubling every {od.details['doubling_time']:.1f} years ({dt[0]:.1f} to {dt[1]:.1f}). At that pace it would "
    f"reach {fmt.num(od.details['projection']['mean'])} in {od.details['projection']['x']:.0f} "
    f"({fmt.interval(od.details['projection']['ci_low'], od.details['projection']['ci_high'], kind='num')}), "
    "if nothing changes."
)

# %% [markdown]
# ## Citizens' use and trust

# %%
trust, use = res["cdc_acsel_trust"], res["cdc_acsel_use"]
figures.show(plots.trend(stage.load_plot("trends", "trend_cdc_acsel_trust"), ylabel="Share of internet users", share=True),
             caption="Trust in online administration fell across the three waves of the barometer while use stayed flat.",
             alt="Three points of trust in e-administration declining from 2009 to 2013 with a fitted line.")

# %%
report.say(
    f"Trust fell by {fmt.pts(-trust.estimate)} a year ({fmt.interval(-trust.ci_high, -trust.ci_low)} in points), "
    f"use changed by {fmt.pts(use.estimate, 1)} a year, an interval of {fmt.interval(use.ci_low, use.ci_high)} that "
    f"includes no change.{report.warnings_note(trust)}"
)

# %% [markdown]
# ## Communes' websites and the State's procedures

# %%
web = res["brittany_websites"]
figures.show(plots.trend(stage.load_plot("trends", "trend_brittany_websites"), ylabel="Share of Breton communes",
                         share=True, projection=web.details.get("projection") if show_projection else None),
             caption="Breton communes with a website rose from about a third to a half in seven years; three points "
                     "leave the projection wide open.",
             alt="Three points of the share of Breton communes with a website with a logistic curve and a projection "
                 "with a very wide error bar.")

# %%
dn = res["dinum_demarches"]
alts = {k: v for k, v in res.items() if k.startswith("dinum_demarches.baseline_")}
report.say(
    f"The State's procedures fully online rose by {fmt.pts(dn.estimate, 1)} a year "
    f"({fmt.interval(dn.ci_low, dn.ci_high)}). The 2019 baseline is disputed; with each report the slope is "
    f"{fmt.listing([fmt.pts(v.estimate, 1) for v in alts.values()])} a year. These are State procedures, not "
    "local ones."
)

# %% [markdown]
# ## The European benchmark
#
# The Commission's benchmark changed its method in 2007 and again in 2012; France's points before and
# after cannot be joined. France's series starts with the points printed for October 2001 and April 2002.

# %%
fr, eu = res["france_sophistication"], res["eu_sophistication"]
report.say(
    f"France gained {fmt.pts(fr.estimate)} a year ({fr.method}); the EU aggregate rose by "
    f"{fmt.pts(eu.estimate, 1)} a year over its three measurements. {report.warnings_note(eu).strip()}"
)

# %%
report.key_findings("trends", [
    f"Collectivités publishing open data: +{fmt.pct(od.estimate)} a year ({fmt.interval(od.ci_low, od.ci_high)}).",
    f"Trust in online administration fell {fmt.pts(-trust.estimate)} a year from 2009 to 2013; use was flat.",
    "Every other series has two to four points: slopes with wide intervals, never joined across methods.",
])
