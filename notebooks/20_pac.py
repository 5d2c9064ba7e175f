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
# # PAC: rollout plans of e-services in large cities
#
# Pierre Audouin Consultants interviewed large cities about their e-administration policy. The white
# paper itself is not public and its date was never printed; a blog of the association of large
# cities summarised it, naming a few cities and their plans. This chapter turns those plans into
# rates, relates them to city size, and says how little four cities can tell.

# %% tags=["parameters"]
projection_years = 4
per_100k = True

# %%
from analysis.data.load import Processed
from analysis.models import stage
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter(2)
d = Processed()
res = stage.load("pac")
n_cities = int(d.value("pac", "cities_interviewed"))
threshold = d.value("pac", "city_size_threshold")
table = stage.load_plot("pac", "pac_rollout")
sens = stage.load_plot("pac", "pac_reference_sensitivity")

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
# 2013, and its rate depends on when it was stated, which nobody published: the chapter uses the
# central date of `params.yaml` and shows the whole range of dates below.

# %%
view = table[["commune", "expression", "population", "low", "high", "per_100k_low", "per_100k_high"]]
tables.style(view, caption=figures.table_caption("Rollout plans and the yearly rates they imply (new e-services per year)."),
             formats={"population": "{:,.0f}", "low": "{:.1f}", "high": "{:.1f}", "per_100k_low": "{:.1f}", "per_100k_high": "{:.1f}"})

# %%
figures.show(plots.rollout(table, per_100k),
             caption="Nantes plans by far the fastest pace, even for its size; the three other plans are close.",
             alt="Horizontal bars of the yearly range of new e-services planned by Nantes, Saint-Étienne, "
                 "Villeurbanne and Tours, ordered by population.")

# %%
central = stage.load("pac")["rollout.44109"]
report.say(
    f"Kept up for {projection_years} years, the plans add from {fmt.num(table['low'].min() * projection_years)} "
    f"to {fmt.num(table['high'].max() * projection_years)} e-services per city. Nantes' rate, "
    f"{fmt.interval(central.ci_low, central.ci_high, kind='num', digits=1)} a year with the plan stated on "
    f"{central.assumptions[-1][10:20]}, rests on that assumed date.{report.warnings_note(central)}"
)

# %%
figures.show(plots.reference_sensitivity(sens, central.assumptions[-1][10:20]),
             caption="The later the white paper, the faster Nantes had to go: the rate more than doubles across "
                     "the plausible dates.",
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
