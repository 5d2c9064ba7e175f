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
# # Summary: how far French cities took their online services
#
# Four studies looked at the online services of French cities and collectivités: Lecko scored the
# services of the largest cities, Pierre Audouin Consultants interviewed their
# managers about their plans, the Interconnectés barometer surveyed large collectivités, and Markess
# asked local decision makers about their digital strategies. Only press reports of them are public.
# This summary answers four questions from what the following chapters compute; every statement links
# to the section behind it, where the figures, their intervals and their sources are.

# %% tags=["parameters"]
series = ["barometre_online_procedures", "insee_online_procedures", "dinum_demarches", "opendata_collectivites",
          "cdc_acsel_trust"]

# %%
import math
import re

from analysis.data import themes as coded
from analysis.data.codebook import load as load_codebook
from analysis.data.load import Processed
from analysis.models import stage
from analysis.models.verdicts import capitalised, difference_verdict, sign, trend_clause
from analysis.publish import figures, fmt, labels, report, themes, xref
from analysis.publish.report import Prose

figures.start_chapter(0)
d = Processed()
book = load_codebook()
lecko, pac, bar, markess, trends, synthesis = (stage.load(g) for g in
                                               ("lecko", "pac", "interconnectes", "markess", "trends", "synthesis"))

# %% [markdown]
# ## How far did cities and collectivités go?
#
# Each study measured something different (the sophistication of services, plans, what collectivités
# offer, what decision makers think), so the figures below describe four different things.

# %%
mean, top, space = lecko["mean_score"], lecko["top_score"], lecko["personal_space"]
report.say(
    "In the {n} most populous cities, Lecko's mean score was {mean} on its sophistication scale, "
    "{share} of the top, and the best city reached {top} ({ref}); about half offered residents a personal space "
    "(the press's « la moitié », {space} of the {n} if taken literally) ({ref_space}). No city was evenly advanced across "
    "its services ({ref_found}).",
    n=mean.n, mean=fmt.score(mean.estimate, mean.details["scale"]), share=fmt.pct(mean.details["share_of_scale"]),
    top=fmt.score(top.estimate, mean.details["scale"]), space=fmt.count_range(space.details["counts"]),
    ref=xref.section("10_lecko", "The mean and the best"), ref_space=xref.section("10_lecko", "Most and least"),
    ref_found=xref.section("10_lecko", "What the study found"),
)

# %%
resp, vol, pay, sav = bar["respondents"], bar["share.voluntarist_projects"], bar["share.online_payment"], bar["share.savings"]
bounds = bar["bounds.voluntarist_projects"]
report.say(
    "Among the {k} of {surveyed} large collectivités that answered the 2012 barometer ({rate}), {vol} ran "
    "voluntarist e-administration projects ({vol_ci}), {pay} let residents pay online ({pay_ci}) and {sav} had "
    "saved money through their e-services ({sav_ci}) ({ref}). Those who did not answer may differ: over all "
    "{surveyed}, the share with such projects could lie anywhere in {bounds} ({ref}).",
    k=fmt.num(resp.estimate), surveyed=fmt.num(resp.details["surveyed"]), rate=fmt.pct(resp.details["response_rate"]),
    vol=fmt.pct(vol.estimate), vol_ci=fmt.interval(vol.ci_low, vol.ci_high),
    pay=fmt.pct(pay.estimate), pay_ci=fmt.interval(pay.ci_low, pay.ci_high),
    sav=fmt.pct(sav.estimate), sav_ci=fmt.interval(sav.ci_low, sav.ci_high),
    bounds=fmt.interval(bounds.ci_low, bounds.ci_high),
    ref=xref.section("30_interconnectes", "Every share"),
)

# %%
plans = stage.load_plot("pac", "pac_rollout")
report.say(
    "All {n_pac} cities over {threshold} inhabitants that Pierre Audouin Consultants interviewed called "
    "e-administration a priority; the {k} whose plans the press reported aimed at {lo} to {hi} new e-services a "
    "year ({ref}). In the undated Markess survey of local decision makers (dated {markess_label} by the project), "
    "{user} said their relationship with users required heavy use of digital tools ({user_ci}, the widest "
    "interval over the numbers of respondents tried, {n_lo} to {n_hi}, since none was published) ({ref_markess}).",
    n_pac=fmt.num(d.value("pac", "cities_interviewed")),
    threshold=fmt.num(d.value("pac", "city_size_threshold")), k=fmt.count_words(len(plans), "city", "cities"),
    lo=fmt.cell(plans["low"].min(), 1), hi=fmt.cell(plans["high"].max(), 1),
    markess_label=labels.term("markess", "study").removeprefix("Markess ").strip("()"),
    ref=xref.section("20_pac", "The plans"),
    user=fmt.pct(markess["share.user_relation_high_digital.all"].estimate),
    user_ci=fmt.interval(markess["share.user_relation_high_digital.all"].ci_low,
                         markess["share.user_relation_high_digital.all"].ci_high),
    n_lo=fmt.num(min(markess["share.user_relation_high_digital.all"].details["grid_feasible"])),
    n_hi=fmt.num(max(markess["share.user_relation_high_digital.all"].details["grid_feasible"])),
    ref_markess=xref.section("40_markess", "Shares"),
)

# %% [markdown]
# ## What drove them, and what held them back?
#
# No study measured causes. Each named some, and the project coded what the press reports say into
# families of forces (the codebook lists them); the numbers that bear on them follow.

# %%
fam = coded.across_studies(d.themes, book)
shared = fam[fam["studies"].map(len) > 1]


def study_names(studies) -> str:
    return fmt.listing([re.sub(r"\s*\(.*?\)", "", labels.term(s, "study")) for s in studies])


def family_line(g) -> Prose:
    roles = [f"{themes.ROLE_PHRASE[r.role]} in the reports on {study_names(r.studies)}" for r in g.itertuples()]
    return report.prose("- **{}** {}.", g["label"].iloc[0], fmt.listing(roles))


report.say(
    "Grouped into families, the forces the press reports name are these ({ref}):\n\n{lines}\n\n"
    "More than one study agrees on {k}{items}; everything else rests on a single study's word.",
    lines=Prose("\n".join(family_line(g) for _, g in fam.groupby("family", sort=False))),
    k=fmt.count_words(len(shared), "of them", "of them"),
    items=(": " + fmt.listing([f"{r.label[:1].lower() + r.label[1:]} {themes.ROLE_PHRASE[r.role]}"
                               for r in shared.itertuples()])) if len(shared) else "",
    ref=xref.section("60_synthesis", "What drove them"),
)

# %%
lags, pace_ok = bar["share.pace_lags_population_expectations"], bar["share.pace_suits"]


def as_worded(study: str, indicator: str, value: float) -> str:
    """A share with the word its report put before it ("nearly 40%" for « près de 40% »)."""
    row = d.indicators[(d.indicators["study"] == study) & (d.indicators["indicator"] == indicator)].iloc[0]
    resolution = d.figures.set_index("figure_id").at[row["preferred_figure_id"], "resolution"]
    return fmt.as_printed(value, resolution, row["qualifier"], row["expression"])


ends = synthesis["size_gradient.end_classes"]
mo = d.indicators[d.indicators["indicator"] == "programmes_mention_digital"].set_index("subgroup")["value"]
report.say(
    "In the barometer, {ok} of the collectivités found their pace suited to their needs ({ok_ci}) and {lags} "
    "thought it lagged behind what residents expect ({lags_ci}) ({ref}). The only gradient with city size in the "
    "data concerns campaigns, not services: in the 2014 observatory of municipal campaigns, digital was an "
    "argument in {small} of the programmes of cities under 50,000 inhabitants and {large} of those over "
    "200,000; {verdict} ({ref_size}). With {k_pac} cities, the PAC plans cannot show any effect of size "
    "({ref_pac}).",
    ok=as_worded("interconnectes", "pace_suits", pace_ok.estimate), ok_ci=fmt.interval(pace_ok.ci_low, pace_ok.ci_high),
    lags=as_worded("interconnectes", "pace_lags_population_expectations", lags.estimate),
    lags_ci=fmt.interval(lags.ci_low, lags.ci_high),
    ref=xref.section("30_interconnectes", "Every share"),
    small=fmt.pct(mo["under_50k"]), large=fmt.pct(mo["over_200k"]),
    verdict=("the gap holds over every split of the programmes between classes consistent with the printed total"
             if difference_verdict(ends) == "differ" else
             f"the gap is beyond chance for {fmt.pct(ends.details['share_beyond_chance'])} of the splits of the "
             "programmes consistent with the printed total, not for all"),
    ref_size=xref.section("60_synthesis", "City size"), ref_pac=xref.section("20_pac", "City size"),
    k_pac=fmt.num(pac["association.population_rate"].n),
)

# %% [markdown]
# ## How did it evolve from 2010 to today?
#
# None of the four studies was repeated in a comparable way, so none of them measures change. Lecko
# compared its scores with an unpublished earlier wave and reported, in words, little progress outside
# family services. Change is measured only by the public series that surround the studies.

# %%
lecko_said = coded.of_study(d.themes, "lecko", book).set_index("code")
report.say(
    "Lecko's own comparison: {a}, and {b} ({cites}); no 2010 figure was published, so no interval can be put "
    "on it ({ref}).",
    a=lecko_said.loc["little_progress_since_2010", "description"].rstrip(".").lower(),
    b=lecko_said.loc["family_services_progress", "description"].rstrip(".").lower(),
    cites=themes.citations(lecko_said.loc["little_progress_since_2010", "sources"]),
    ref=xref.section("10_lecko", "2010 against 2013"),
)


# %%
#: Where chapter 5 treats each series (the words its section heading starts with).
TRENDS_SECTION = {"opendata_collectivites": "Open data", "cdc_acsel_trust": "Citizens' use",
                  "cdc_acsel_use": "Citizens' use", "insee_online_procedures": "Citizens' online procedures",
                  "barometre_online_procedures": "Citizens' online procedures", "dinum_demarches": "Communes' websites",
                  "town_hall_sites_use": "Communes' websites", "brittany_websites": "Communes' websites",
                  "eu_sophistication": "The European", "france_sophistication": "The European"}


def evolution(key: str) -> str:
    r = trends[key]
    name = labels.term(key, "series")
    if "smallest_n" in r.details:  # two points on one population, no n printed: no line, no interval
        a, b = r.details["periods"]
        if not r.details["smallest_n"]:
            return (f"the data cannot tell whether the share of {name} changed from {a} to {b}, even for a survey of "
                    f"{fmt.num(r.details['n_max'])} people")
        return (f"the share of {name} {'rose' if r.estimate > 0 else 'fell'} from {fmt.pct(r.details['p_first'])} "
                f"in {a} to {fmt.pct(r.details['p_last'])} in {b} among {r.details['population']}; no sample size "
                f"was printed, and the change is beyond sampling error for any survey of at least "
                f"{fmt.num(r.details['smallest_n'])} people a wave")
    x = r.details["curve"]["x"]
    years = f"from {math.floor(min(x))} to {math.floor(max(x))}"
    if r.unit == "growth per year":
        text_ = (f"{trend_clause(r, f'the number of {name}', 'grew', 'shrank')} {years}, by {fmt.pct(r.estimate)} "
                 f"a year ({fmt.interval(r.ci_low, r.ci_high)})")
    else:
        lo, hi = r.details["pts_per_year_ci"]
        text_ = (f"{trend_clause(r, f'the share of {name}')} {years} ({fmt.pts(r.details['pts_per_year'], 1)} a "
                 f"year at the series' average level, {fmt.pts_interval(lo, hi, 1)})")
    # Refits with the disputed reports (an undated one added, the other figure of a conflicting edition):
    # say when they do not share the verdict of the main fit.
    refits = [trends[f"{key}.{alt}"] for alt in ("with_undated", "other_reports") if f"{key}.{alt}" in trends]
    other = [v for v in refits if sign(v) != sign(r)]
    if other:
        share = f"all {len(refits)}" if len(other) == len(refits) else f"{len(other)} of the {len(refits)}"
        text_ += (f"; but with the disputed reports, {share} "
                  + ("refits cannot tell the direction" if all(sign(v) == 0 for v in other)
                     else "refits reach another verdict"))
    return text_


items = [report.prose("{} ({}).", capitalised(evolution(k)), xref.section("50_trends", TRENDS_SECTION[k]))
         for k in series]
report.say("The public series around the studies measure change ({ref}). {items}",
           items=Prose(" ".join(items)), ref=xref.chapter("50_trends"))

# %%
# Markess's editions on open data: intentions at successive horizons, beside the census of those
# the law obliged to open their data (different populations: set side by side, never subtracted).
intents = sorted(((v.details["period"], k.split(".")[2], v) for k, v in markess.items()
                  if k.startswith("later.") and k.split(".")[2].startswith("open_data_by_")), key=lambda t: t[0])
recent_od = markess["share.open_data_by_2018.all"]
census = (d.indicators[d.indicators["indicator"] == "obligated_share_open_data"]
          .merge(d.figures[["figure_id", "resolution"]], left_on="preferred_figure_id", right_on="figure_id")
          .sort_values("period", kind="stable"))
def bounded(v) -> str:
    """The censored interval over the assumed numbers of respondents; one-sided for « plus de »."""
    lo, hi = v.details["censored_interval"]
    return f"at least {fmt.pct(lo)}" if v.details["qualifier"] in ("more_than", "at_least") else fmt.interval(lo, hi)


said = [f"{fmt.as_printed(v.estimate, 0.01, v.details['qualifier'], v.details.get('expression'))} of the "
        f"{labels.term(v.details['population'], 'population')} {labels.term(ind, 'indicator')} (asked in {year}; "
        f"{bounded(v)})" for year, ind, v in intents]
said.append(f"{fmt.pct(recent_od.estimate)} of the decision makers "
            f"{labels.term('open_data_by_2018', 'indicator')} (undated edition; {bounded(recent_od)})")
first, last = census.iloc[0], census.iloc[-1]
report.say(
    "Each Markess edition that asked about open data set it at a horizon ahead of the survey: {said}. The census of "
    "the collectivités the law obliged to open their data counted {first} of them doing so in {first_when} and "
    "{last} in {last_when}. The questions and the people asked differ, so no shift is measured: the figures stand "
    "side by side, not against each other ({ref}).",
    said=fmt.listing(said), first=fmt.as_reported_row(first, d.figures),
    first_when=fmt.period(first["period"]), last=fmt.as_printed(last["value"], last["resolution"], last["qualifier"],
                                                          last["expression"]),
    last_when=fmt.period(last["period"]),
    ref=xref.section("40_markess", "The other editions"),
)

# %% [markdown]
# ## What cannot be known from what was published
#
# Most of what a researcher would need was never printed. Where a missing quantity can be bounded
# (how many decision makers answered Markess, when the PAC white paper was written), the study varies it
# in a sensitivity analysis rather than guessing it; the other gaps leave their questions open.

# %%
grid = markess["share.user_relation_high_digital.all"].details
nantes = stage.load_plot("pac", "pac_reference_sensitivity")
report.say(
    "How many decision makers answered Markess: of the respondent counts tried, the printed shares fit "
    "{feasible}{misfit}, and no count below {smallest} fits them all ({ref_m}). When the PAC white paper was "
    "written: Nantes' pace ranges from {n_lo} to {n_hi} new e-services a year over the plausible dates "
    "({ref_p}). Lecko's scores by city and its 2010 figures: the mean has no interval ({ref_l}). How the {non} "
    "collectivités that did not answer the barometer differ from those that did ({ref_b}). And, above all, "
    "the same measure at two dates: the four studies are snapshots of different things, not a trajectory "
    "({ref_s}).",
    feasible=fmt.listing([fmt.num(n) for n in grid["grid_feasible"]]),
    misfit=(" but not " + fmt.listing([fmt.num(n) for n in grid["grid_asked"] if n not in grid["grid_feasible"]])
            if set(grid["grid_asked"]) - set(grid["grid_feasible"]) else ""),
    smallest=fmt.num(grid["smallest_consistent_n"]),
    ref_m=xref.section("40_markess", "Shares"),
    n_lo=fmt.num(nantes["low"].min()), n_hi=fmt.num(nantes["high"].max()), ref_p=xref.section("20_pac", "The plans"),
    ref_l=xref.section("10_lecko", "The mean and the best"),
    non=fmt.num(resp.details["surveyed"] - resp.estimate), ref_b=xref.section("30_interconnectes", "Every share"),
    ref_s=xref.section("60_synthesis", "A timeline"),
)

# %%
report.key_findings("summary", [
    f"Lecko's largest cities reached {fmt.pct(mean.details['share_of_scale'])} of the top of the sophistication "
    f"scale on average; {fmt.pct(vol.estimate)} of the barometer's respondents ran voluntarist projects "
    f"({fmt.interval(vol.ci_low, vol.ci_high)}), {fmt.pct(pay.estimate)} took payments online.",
    f"Forces named by more than one study: {fmt.listing([r.label[:1].lower() + r.label[1:] for r in shared.drop_duplicates('family').itertuples()]) or 'none'}.",
    capitalised(evolution(series[0])) + ".",
    "No study was repeated comparably: change is measured only by the public series.",
])
