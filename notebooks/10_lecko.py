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
# # Lecko 2014: the sophistication of online services in the largest cities
#
# Lecko, a consulting firm, scored the online services of the most populous French cities on the
# European Commission's sophistication scale and published the result in March 2014, with a first,
# unpublished wave measured in 2010. Only press reports of the study are public: this chapter puts
# together what they say, what can be computed from it, and what cannot.

# %% tags=["parameters"]
population_year = 2011
include_overseas = True

# %%
from analysis.data.load import Processed
from analysis.models import stage
from analysis.publish import figures, fmt, labels, plots, report, tables, themes

figures.start_chapter(1)
d = Processed()
res = stage.load("lecko")
mean, top, space = res["mean_score"], res["top_score"], res["personal_space"]
scale = mean.details["scale"]
n_services = int(d.value("lecko", "services_analysed"))
n_cities = int(d.value("lecko", "cities_analysed"))

# %% [markdown]
# ## What the study found
#
# What Lecko set out to do and what it concluded, statement by statement as the press reported it, in
# the project's words; each statement cites every document that makes it. The numbers come after, with
# their uncertainty.

# %%
themes.opening(d.themes, "lecko")

# %% [markdown]
# ## The scale
#
# Each service is placed on the European Commission's ladder, from no information online to a
# procedure done entirely online, payment included. The Commission's benchmark described four stages
# in its early years and added a fifth, personalisation, later.

# %%
stages = d.figures[d.figures["indicator"].isin(["score_scale", "sophistication_stages"])]
tables.style(stages[["study", "source_id", "expression", "period", "note"]],
             caption=figures.table_caption("The sophistication scale as the sources describe it."))

# %%
report.say(
    f"Lecko scored {n_services} services in each of the {n_cities} most populous cities on a scale from "
    f"0 to {scale:g}. The mean of all cities is {fmt.score(mean.estimate, scale)}, "
    f"{fmt.pct(mean.details['share_of_scale'])} of the top of the scale, printed identically by "
    f"{mean.details['n_reports']} documents."
)

# %% [markdown]
# ## The cities
#
# Lecko studied the most populous communes. Whether the overseas commune of Saint-Denis (La Réunion)
# was among them, or Limoges instead, is not known: the study is built both ways, and this edition
# says which it shows. The three best cities named by the press are highlighted.

# %%
report.say(
    "This edition counts Saint-Denis (La Réunion) among the cities studied and leaves Limoges out."
    if include_overseas else
    "This edition leaves the overseas communes out, so Limoges takes the place of Saint-Denis (La Réunion)."
)
cities = d.communes.sort_values("rank_2011", kind="stable")
if not include_overseas:
    cities = cities[~cities["insee_code"].str.startswith("97")]
cities = cities.head(n_cities)
top3 = d.mentions[d.mentions["role"] == "lecko_top_ranked"].drop_duplicates("commune_code")
cities = cities.assign(top3=cities["insee_code"].isin(top3["commune_code"]))
figures.show(plots.city_populations(cities, "top3", "named among the best three", "other cities studied",
                                   year=population_year),
             caption=f"The {len(cities)} cities studied by population: the three best-scored are a large, "
                     "a very large and a middle-sized city.",
             alt="Horizontal bar chart of the municipal populations of the cities studied, on a log scale, "
                 "with Paris, Strasbourg and Le Havre highlighted.")

# %%
mw, rank = res["top3_vs_others_population"], res["top3_position_population"]
report.say(
    f"Are the best cities simply the largest? With three named cities against {mw.details['n_b']} others, "
    f"the exact Mann-Whitney test gives p = {mw.pvalue:.2f} (probability that a top city is larger than "
    f"another: {fmt.pct(mw.estimate)}). Within the top three, the better the rank, the "
    f"{'smaller' if rank.estimate > 0 else 'larger'} the city (Spearman {rank.estimate:+.2f} between position and "
    f"population), but with three cities the smallest possible p-value is "
    f"{rank.details['min_pvalue']:.2f}: nothing can be concluded about size."
)

# %% [markdown]
# ## The mean and the best
#
# The press reported two scores for the cities as a whole: the mean of all the cities studied and the
# score of the best one. Where they sit on the scale says how far the cities had gone.

# %%
figures.show(plots.score_scale(mean.estimate, top.estimate, scale, "Le Havre (best city)"),
             caption=f"The mean city sits at {fmt.pct(mean.estimate / scale)} of the scale, "
                     f"{'below' if mean.estimate < scale / 2 else 'above'} its middle; the best city at "
                     f"{fmt.pct(top.estimate / scale)}, {'below' if top.estimate < scale / 2 else 'above'} it.",
             alt="A horizontal scale from zero to five with a dot at the mean score and a diamond at "
                 "Le Havre's score.")

# %%
report.say(
    f"Le Havre comes first with {fmt.score(top.estimate, scale)}, {top.details['gap_to_mean']:.2f} points "
    f"above the mean. No per-city scores were published, so the spread of the cities and an interval for "
    f"the mean cannot be computed: the {n_cities} cities are the whole population studied, and the only "
    "uncertainty is that of the method."
)

# %%
invest = d.indicator("other", "city_eadmin_investment").iloc[0]
havre_pop = d.population(invest["commune_code"], population_year)
report.say(
    "What it took is known for Le Havre alone: by {year} the city had invested more than {amount} in "
    "e-administration ({cite}), at least {per_head} per inhabitant of {pop_year}. One city's spending, reported "
    "after the scores, cannot say whether money explains the ranking.",
    year=invest["period"], amount=f"€{invest['value'] / 1e6:.1f} million",
    cite=themes.source_link(invest["preferred_source_id"]),
    per_head=f"€{fmt.num(invest['value'] / havre_pop)}", pop_year=population_year,
)

# %% [markdown]
# ## Most and least advanced services
#
# The press names the services that went furthest and those that lag, without their scores. The
# positions below are coded from those words (see the crosswalk in the data).

# %%
cw = d.crosswalk[d.crosswalk["study"] == "lecko"]
tables.style(cw[["item", "common_domain", "tier", "note"]].rename(columns={"tier": "position (1 = most advanced)"}),
             caption=figures.table_caption("Lecko's most and least advanced services, as reported."))

# %%
space_counts = fmt.count_range(space.details["counts"])
report.say(
    f"About half of the cities offered a secure personal space for online services: the press writes "
    f"« la moitié », which, taken literally, is {space_counts} of the {n_cities} cities "
    f"({fmt.share_range(space.details['counts'], n_cities)}). The {n_cities} are all the cities studied, not a "
    f"sample, so no sampling interval applies; what remains uncertain is how loosely the press used the word."
)

# %% [markdown]
# ## 2010 against 2013
#
# A first wave was measured in 2010 and not published; Lecko's director said no significant increase
# was observed between the waves, family services aside. Only one outlet prints the size of that first
# wave; the manifesto's count of the largest cities is about progress since 2010, not the wave's size.

# %%
first = d.indicator("lecko", "first_wave_cities").iloc[0]
dates = d.figures[(d.figures["study"] == "lecko") & (d.figures["indicator"] == "publication_date")]
wave_sizes = sorted(set(d.figures[d.figures.indicator == "first_wave_cities"].value))
report.say(
    f"By that one report ({labels.cite(first['preferred_source_id'])}), the 2010 wave looked at the "
    f"{fmt.listing([f'{v:.0f}' for v in wave_sizes])} largest cities, and the 2013 wave at {n_cities}: their "
    f"averages would not compare even if both had been published, and no 2010 score was, so the change cannot be "
    f"measured. The study's date itself is printed as "
    f"{fmt.listing([f'« {e} » ({labels.cite(s)})' for e, s in zip(dates.expression, dates.source_id, strict=True)])}."
)

# %% [markdown]
# ## What the method can and cannot say
#
# The association of large cities criticised the scoring: civil-status papers must by law be
# collected in person, so they cannot reach the top of the scale; few services involve a payment; and
# the delay and quality of the answers are not measured. A score of services offered is not a
# measure of use.

# %%
report.key_findings("lecko", [
    f"Mean sophistication {fmt.score(mean.estimate, scale)} over {n_cities} cities and {n_services} services; "
    f"best city {fmt.score(top.estimate, scale)}.",
    f"About half of the cities had a secure personal space (« la moitié »: {space_counts} of {n_cities} if taken "
    f"literally).",
    f"No link with city size can be shown (top three against the others: p = {mw.pvalue:.2f}).",
    "No per-city scores and no 2010 figures were published: no interval and no trend.",
])
