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
# # Les Interconnectés / Kurt Salmon 2012: e-services of large collectivités
#
# The first annual barometer of the e-services of territorial collectivités surveyed large
# collectivités in autumn 2012 and was presented in Lyon in December. Only a minority answered, and
# several outlets reported its figures, not always identically. Every share here comes with a
# sampling interval, with the bounds that non-response allows, and with the outlets' disagreements.

# %% tags=["parameters"]
sort_by = "value"
show_bounds = True

# %%
import pandas as pd
from IPython.display import display

from analysis.data import codebook
from analysis.data.load import Processed
from analysis.models import containment, stage
from analysis.models.verdicts import capitalised
from analysis.publish import figures, fmt, labels, plots, report, tables, themes

figures.start_chapter(3)
d = Processed()
res = stage.load("interconnectes")
resp = res["respondents"]
shares = stage.load_plot("interconnectes", "interconnectes_shares")
topics = stage.load_plot("interconnectes", "interconnectes_topics")
# The two intervals every table shows, under the names a reader reads.
INTERVALS = {"ci_low": "Wilson 95 %, low", "ci_high": "Wilson 95 %, high",
             "censored_low": "Jeffreys censored 95 %, low", "censored_high": "Jeffreys censored 95 %, high"}
PCT = {c: "{:.0%}" for c in ["value", *INTERVALS.values(), "bound_low", "bound_high"]}

# %% [markdown]
# ## What the study found
#
# What the barometer found in words, before its figures: the domains ahead and behind, the motivations
# of the collectivités and the causes of delay they gave, each statement citing every document that
# makes it.

# %%
themes.opening(d.themes, "interconnectes")

# %% [markdown]
# ## Who answered
#
# The barometer's reach: how many collectivités it asked, how many answered, and of which kinds.

# %%
by_type = [f"{v:.0f} {labels.term(k, 'subgroup')}" for k, v in resp.details["by_type"].items()]
report.say(
    f"The barometer surveyed {fmt.num(resp.details['surveyed'])} collectivités. The respondents reported by type "
    f"add up to {fmt.num(resp.estimate)} ({fmt.listing(by_type)}), "
    f"a response rate of {fmt.pct(resp.details['response_rate'])}.{report.warnings_note(resp)}"
)

# %% [markdown]
# ## Every share with its uncertainty
#
# The dark bar is the Wilson confidence interval if the respondents were a random sample of the collectivités
# surveyed (with the finite-population correction on all respondents), over every base the printed figure
# allows; the grey bar is what non-response alone allows,
# whatever the non-respondents would have said. The grey bar is the honest one: respondents chose to
# answer.

# %%
s = shares.sort_values(sort_by, ascending=False, kind="stable")
figures.show(plots.interval_forest(s, "indicator", "value", "ci_low", "ci_high",
                                   lo2="bound_low" if show_bounds else None, hi2="bound_high" if show_bounds else None,
                                   xlabel="Share of the collectivités", legend=("95% sampling interval", "non-response bounds")),
             caption="Sampling intervals are narrow; the bounds left by non-response span most of the scale for every share.",
             alt="Forest plot of every share of the barometer with a short sampling interval and a much longer "
                 "non-response band.")

# %%
tables.style(s[["indicator", "value", *INTERVALS, "bound_low", "bound_high", "agreement"]].rename(columns=INTERVALS),
             caption=figures.table_caption("Shares of the 2012 barometer: value, Wilson and censored Jeffreys 95% "
                                           "intervals, non-response bounds."),
             formats=PCT)

# %%
share_res = {k.removeprefix("share."): v for k, v in res.items() if k.startswith("share.")}
one_sided = {k: v for k, v in share_res.items() if v.details["qualifier"] in ("more_than", "at_least", "less_than")}
two_sided = [v for k, v in share_res.items() if k not in one_sided]
gaps = pd.Series([(v.details["censored_interval"][1] - v.details["censored_interval"][0]) - (v.ci_high - v.ci_low)
                  for v in two_sided])
report.say(
    "Two intervals are given for every share. The headline is the frequentist Wilson interval on the plausible "
    "base or bases: it covers every whole count the printed figure allows on each base it fits (with the "
    "finite-population correction on all respondents, who are a large part of the collectivités surveyed), so it "
    "holds whichever reading of the figure is the right one. Beside it, the censored Jeffreys interval treats the "
    "printed figure as what it is, a count known only to print as the figure at its printed precision (or, for "
    "« plus de », to lie beyond the bound), with a Jeffreys prior on the share and each plausible base equally "
    "likely: a Bayesian interval that weighs the readings instead of covering the widest, shown to say how much "
    f"the headline depends on the method. For the {fmt.num(len(two_sided))} shares printed as a figure it is "
    f"narrower for {fmt.num(int((gaps < 0).sum()))} and wider for {fmt.num(int((gaps > 0).sum()))}, its width "
    f"differing by {fmt.pts(gaps.median(), 1)} at the median (from {fmt.pts(gaps.min(), 1)} to "
    f"{fmt.pts(gaps.max(), 1)})."
    + "".join(f" « {d.figures.set_index('figure_id').loc[d.indicator('interconnectes', k).iloc[0]['preferred_figure_id'], 'expression']} » "
              f"({labels.term(k, 'indicator')}) bounds the share on one side only: both intervals are one-sided, "
              f"from {fmt.pct(v.ci_low, 1)} (Wilson) and {fmt.pct(v.details['censored_interval'][0], 1)} (censored, at "
              "the least favourable base and count the words allow), and so are the non-response bounds."
              for k, v in one_sided.items())
)

# %% [markdown]
# ## Which base each share rests on
#
# The barometer's shares are printed as whole percentages or as words. A share of n respondents can
# only take the values k/n; a printed figure that no whole count k of n rounds to, at the precision
# it was printed with, cannot have been computed on all of them. Each share is checked against the two bases the survey can support: every
# respondent, and the villes and agglomérations alone (the collectivités holding the communal
# competences, such as civil status and libraries). The intervals above cover every base and count
# consistent with the printed figure.

# %%
only = {}
for k, v in share_res.items():
    only.setdefault(tuple(v.details["fits"]), []).append(labels.term(k, "indicator"))
base_of = {lab: base for lab, base in share_res["voluntarist_projects"].details["bases"].items()}
both = only.get(tuple(sorted(base_of)), [])
one_only = {lab: only.get((lab,), []) for lab in base_of}
none_fit = only.get((), [])
report.say(
    f"Of {fmt.num(len(share_res))} shares, {fmt.num(len(both))} fit both bases at their printed precision; "
    + "; ".join(f"{fmt.num(len(v))} fit only {lab} ({fmt.num(base_of[lab])})" + (f": {fmt.listing(v)}" if v else "")
                for lab, v in one_only.items())
    + (f"; {fmt.num(len(none_fit))} fit neither ({fmt.listing(none_fit)})." if none_fit
       else "; every share fits at least one.")
)

# %%
head = res["share.voluntarist_projects"]
b = res["bounds.voluntarist_projects"]
head_reports = d.figures[(d.figures["study"] == "interconnectes") & (d.figures["indicator"] == "voluntarist_projects")]
headline_note = head_reports["note"].dropna().iloc[0].rstrip(". ")
report.say(
    f"The headline figure ({headline_note}), {fmt.pct(head.estimate)} of collectivités with voluntarist e-administration projects, "
    f"has a sampling interval of {fmt.interval(head.ci_low, head.ci_high)} on "
    f"{fmt.listing([f'{k} ({v})' for k, v in head.details['bases'].items()])}, "
    f"but non-response leaves anything from {fmt.pct(b.ci_low)} to "
    f"{fmt.pct(b.ci_high)} possible among all {b.details['surveyed']} collectivités surveyed."
)

# %% [markdown]
# ## What the outlets reported
#
# Weka, Archimag, Localtis, France Matin and the barometer's slides report its figures, not always in the
# same words. Outlets quoting one survey report the same respondents, so their reports are never tested as
# if they came from independent samples. For the reports of one construct the question is whether they can
# all be one number, one whole count on one base the respondents can make, printed by each outlet at its
# own precision (rounding), or not (a misreport). Reports of related constructs are not a conflict: they are
# set side by side with their relation.

# %%
cons = {k.removeprefix("consistency."): v for k, v in res.items() if k.startswith("consistency.")}
fig_by_id = d.figures.set_index("figure_id")
rows = [{"indicator": k, "As printed": " / ".join(f"« {e} »" for e in v.details["expressions"]),
         "Outlets": fmt.listing(list(dict.fromkeys(labels.cite(fig_by_id.loc[f, "source_id"])
                                                   for f in v.details["figure_ids"]))),
         "One number on one base": v.details["consistent"],
         "Bases where they can": ", ".join(sorted(v.details["bases"], key=int)) or "none"} for k, v in cons.items()]
tables.style(pd.DataFrame(rows),
             caption=figures.table_caption("Shares printed by several outlets: can all their reports be one count on "
                                           "one base, each at its printed precision?"))

# %%
bad = [k for k, v in cons.items() if not v.details["consistent"]]
fine = [k for k, v in cons.items() if v.details["consistent"]]
report.say(
    f"Of {fmt.count_words(len(cons), 'share')} printed by several outlets, {fmt.num(len(fine))} can be one number "
    "printed at different precisions"
    + (f"; {fmt.num(len(bad))} cannot, on any base the respondents can make "
       f"({fmt.listing([labels.term(k, 'indicator') for k in bad])}): one outlet misreported, or the outlets "
       "name one construct for two different counts" if bad else "; none is in conflict")
    + ". Every report is kept; the preferred one follows the rule of the project's parameters."
)

# %% [markdown]
# ## Related constructs side by side
#
# Several figures measure related things: the share of collectivités with civil-status requests partly,
# fully or at all dematerialised; a share of collectivités against a share of requests or reservations;
# who carries the projects, elected officials alone or with the general management. The codebook groups
# them by topic and names their relation: one nested in another, a different unit counted, a different
# base, or complementary parts. They are shown side by side, never set against each other as one figure.

# %%
def interval_text(lo, hi) -> str:
    return "" if pd.isna(lo) or pd.isna(hi) else fmt.interval(lo, hi)


side = topics.assign(
    topic=topics["topic"].map(lambda v: labels.term(v, "topic")),
    construct=topics["construct"].map(lambda v: labels.term(v, "construct")),
    unit_of_observation=topics["unit_of_observation"].map(lambda v: labels.term(v, "population")),
    Outlets=topics["source_ids"].map(lambda v: fmt.listing(list(dict.fromkeys(labels.cite(s) for s in v.split(";"))))),
    one_base=topics["one_base"].map(lambda v: "single report" if pd.isna(v) else labels.term(bool(v))),
).rename(columns={"expressions": "As printed", "base": "Base", "one_base": "Reports are one number"})
side = side.assign(**{
    "Wilson 95 %": [interval_text(lo, hi) for lo, hi in zip(side["ci_low"], side["ci_high"], strict=True)],
    "Censored 95 %": [interval_text(lo, hi) for lo, hi in zip(side["censored_low"], side["censored_high"],
                                                                strict=True)]})
tables.style(side[["construct", "relation", "unit_of_observation", "As printed", "value", "Wilson 95 %",
                   "Censored 95 %", "Reports are one number"]],
             caption=figures.table_caption("Related constructs of the barometer, topic by topic: what each measures, its "
                                           "relation to the others, its estimate and both intervals (the outlets "
                                           "and bases of each are in the tables above)."),
             formats={"value": "{:.0%}"})

# %%
# A wider construct cannot be smaller than what it contains (the check: analysis.models.containment).
spec = {c: cs for t in codebook.load().topics.values() for c, cs in t["constructs"].items()}
by_construct = topics.set_index("construct")
for clash in containment.clashes(topics, spec):
    w, p = by_construct.loc[clash.whole], by_construct.loc[list(clash.parts)]
    items = fmt.listing([f"{labels.term(c, 'construct')} ({fmt.pct(r.value)}, {fmt.interval(r.ci_low, r.ci_high)})"
                         for c, r in p.iterrows()])
    display(report.say(
        f"These reports cannot all be right: {labels.term(clash.whole, 'construct')} ({fmt.pct(w['value'])}, "
        f"{fmt.interval(w['ci_low'], w['ci_high'])}) contains {items}"
        + (f", which do not overlap and add up to {fmt.pct(p['value'].sum())}" if clash.disjoint else "")
        + f"; even at the low ends of their intervals the parts need at least {fmt.pct(clash.needed_low)}, above "
        "the whole's interval. Different outlets printed them: at least one misreported, or named a different "
        "construct."
    ))

# %%
other_unit = topics[topics["unit_of_observation"] != "collectivites"]
by_topic = topics.groupby("topic", sort=False)["construct"].count()
related = {labels.term(tp, "topic"): [f"{labels.term(c, 'construct')} ({labels.term(r, 'relation')})"
                                        for c, r in zip(g["construct"], g["relation"], strict=True)]
           for tp, g in topics.groupby("topic", sort=False)}
report.say(
    f"The table sets {fmt.num(len(topics))} constructs in {fmt.count_words(len(by_topic), 'topic')} side by side. "
    + " ".join(f"{capitalised(tp)}: {fmt.listing(items)}." for tp, items in related.items())
    + (f" {capitalised(fmt.listing([labels.term(c, 'construct') for c in other_unit['construct']]))} "
       f"{'is a share' if len(other_unit) == 1 else 'are shares'} of "
       f"{fmt.listing(sorted(set(other_unit['unit_of_observation'])))}, not of collectivités: the interval beside "
       f"{'it' if len(other_unit) == 1 else 'each'} counts every responding collectivité once, which such a share "
       "does not, and is shown for comparison only." if len(other_unit) else "")
)

# %%
conf = d.conflicts[d.conflicts["study"] == "interconnectes"].assign(
    note=lambda c: c["note"].str.replace(r"\s*\([A-Z]{2}\d{3}\)", "", regex=True))  # no figure identifiers
tables.style(conf[["indicator", "agreement", "source_id", "expression", "value", "preferred", "note"]],
             max_rows=60, whole="data/processed/figures.csv", formats={"value": "{:.0%}"},
             caption=figures.table_caption("Every report of the figures in conflict; the preferred one is chosen by "
                                           "the rule of the project's parameters."))

# %%
report.key_findings("interconnectes", [
    f"{fmt.num(resp.estimate)} of {fmt.num(resp.details['surveyed'])} collectivités answered ({fmt.pct(resp.details['response_rate'])}).",
    f"{fmt.pct(head.estimate)} had voluntarist projects ({fmt.interval(head.ci_low, head.ci_high)}); "
    f"non-response allows {fmt.interval(b.ci_low, b.ci_high)}.",
    f"Of {fmt.count_words(len(cons), 'share')} printed by several outlets, {fmt.num(len(bad))} cannot be "
    "one number rounded differently, on any base.",
])
