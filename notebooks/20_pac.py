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
# # PAC: how large cities roll out their e-services
#
# Pierre Audouin Consultants interviewed large cities about their e-administration policy: why they
# put services online, in what order, what pushes them and what makes a programme work. The white
# paper itself is not public and its date was never printed; the association of large cities
# summarised it on its blog, naming a few cities and their plans. This chapter tells the strategies
# first, then turns the plans into paces with their uncertainty, and says how little four cities can
# tell about size.

# %% tags=["parameters"]
projection_years = 4
per_100k = True

# %%
import re

import pandas as pd

from analysis.data.load import Processed
from analysis.models import stage
from analysis.publish import figures, fmt, plots, report, tables, themes

figures.start_chapter(2)
d = Processed()
res = stage.load("pac")
n_cities = int(d.value("pac", "cities_interviewed"))
threshold = d.value("pac", "city_size_threshold")
table = stage.load_plot("pac", "pac_rollout")
sens = stage.load_plot("pac", "pac_reference_sensitivity")

# %% [markdown]
# ## What the study found
#
# What the white paper says, statement by statement as the press reported it, in the project's words:
# why the cities want online services, how they sequence them, what pushes them and what makes a
# programme succeed. Each statement cites every document that makes it; the cities' plans and their
# pace follow.

# %%
themes.opening(d.themes, "pac")

# %%
report.say(
    f"PAC interviewed {n_cities} cities of more than {fmt.num(threshold)} inhabitants; all of them judged "
    f"e-administration a priority ({fmt.pct(d.value('pac', 'eadmin_priority'))}). The summary names "
    f"{fmt.count_words(len(table), 'city', 'cities')} with a stated pace for new e-services."
)

# %% [markdown]
# ## The plans as printed, and as rates
#
# A plan stated over a window gives a rate directly. Nantes' plan runs to a calendar date, the end of
# 2013, and its rate depends on when it was stated, which nobody published: the chapter assumes a
# central date and shows the whole range of plausible dates below.

# %%
view = table[["commune", "expression", "population", "low", "high", "per_100k_low", "per_100k_high"]]
tables.style(view, caption=figures.table_caption("Rollout plans and the yearly rates they imply (new e-services per year)."),
             formats={"population": "{:,.0f}", "low": "{:.1f}", "high": "{:.1f}", "per_100k_low": "{:.1f}", "per_100k_high": "{:.1f}"})

# %%
fastest = table.loc[table["high"].idxmax(), "commune"]
fastest_per_head = table.loc[table["per_100k_high"].idxmax(), "commune"]
others = table[table["commune"] != fastest]
figures.show(plots.rollout(table, per_100k),
             caption=f"{fastest} plans the fastest pace"
                     + (", also for its size" if fastest_per_head == fastest else f"; per inhabitant, {fastest_per_head}")
                     + f"; the {fmt.count_words(len(others), 'other plan', 'other plans')} lie between "
                       f"{fmt.num(others['per_100k_low' if per_100k else 'low'].min(), 1)} and "
                       f"{fmt.num(others['per_100k_high' if per_100k else 'high'].max(), 1)} new e-services a year"
                     + (" per 100,000 inhabitants." if per_100k else "."),
             alt="Horizontal bars of the yearly range of new e-services planned by Nantes, Saint-Étienne, "
                 "Villeurbanne and Tours, ordered by population.")

# %%
central = stage.load("pac")["rollout.44109"]
central_date = pd.Timestamp(re.search(r"\d{4}-\d{2}-\d{2}", " ".join(central.assumptions)).group())
report.say(
    f"Kept up for {projection_years} years, the plans add from {fmt.num(table['low'].min() * projection_years)} "
    f"to {fmt.num(table['high'].max() * projection_years)} e-services per city. Nantes' rate, "
    f"{fmt.interval(central.ci_low, central.ci_high, kind='num', digits=1)} a year with the plan stated on "
    f"{fmt.day(central_date)}, rests on that assumed date.{report.warnings_note(central)}"
)

# %%
by_date = sens.sort_values("reference_date", kind="stable")
early, late = by_date.iloc[0], by_date.iloc[-1]
figures.show(plots.reference_sensitivity(sens, central_date.strftime("%Y-%m-%d")),
             caption=f"The later the white paper, the faster Nantes had to go: "
                     f"{fmt.interval(early['low'], early['high'], kind='num', digits=0)} new e-services a year if the "
                     f"plan was stated on {fmt.day(early['reference_date'])}, "
                     f"{fmt.interval(late['low'], late['high'], kind='num', digits=0)} if on "
                     f"{fmt.day(late['reference_date'])}.",
             alt="Band of Nantes' implied yearly rate against the assumed date of the white paper, rising "
                 "from mid-2012 to mid-2013.")

# %% [markdown]
# ## City size
#
# Do larger cities plan faster? The cities with a stated plan are all there is.

# %%
assoc, power = res["association.population_rate"], res["power.population_rate"]
report.say(
    f"The Spearman correlation between population and planned pace is {assoc.estimate:+.2f} "
    f"(exact p = {assoc.pvalue:.2f} over all {assoc.details['n_permutations']} orderings). With "
    f"{assoc.n} cities the smallest two-sided p-value possible is {assoc.details['min_pvalue']:.3f}, and the "
    f"probability of detecting even a strong correlation ({power.details['rho']}) is {fmt.pct(power.estimate)}. "
    "This sample cannot say anything about size."
)

# %%
toulouse = res["uptake.toulouse"]
report.say(
    f"Toulouse reported that {fmt.pct(toulouse.estimate)} of users went online by themselves when its portal "
    f"opened.{report.warnings_note(toulouse)}"
)

# %%
report.key_findings("pac", [
    f"{fmt.count_words(len(table), 'city', 'cities').capitalize()} stated plans: from {fmt.num(table['low'].min(), 1)} "
    f"to {fmt.num(table['high'].max(), 1)} new e-services a year.",
    f"Nantes' pace depends on the unpublished date of the white paper: {fmt.interval(sens['low'].min(), sens['high'].max(), kind='num', digits=0)} a year.",
    f"No size effect can be tested with {assoc.n} cities (power {fmt.pct(power.estimate)}).",
])
