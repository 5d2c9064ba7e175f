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
# # Data and methods
#
# This chapter says how the study's numbers were made. It describes how figures printed in French
# become numbers, what counts as a disagreement between outlets and which report is preferred, the
# conventions every interval and verdict follows, and then each statistical method the chapters use:
# what it is, why it suits sources that print shares without their sample sizes, what it assumes,
# where it stops being reliable, and where it comes from. The methods described are exactly those the
# model results record; a short bibliography of the methodological literature follows them. The
# list of sources, the log of conflicting reports and the fingerprints of the software and data are
# appendices at the end of the chapter. The codebook and the controlled vocabularies, which give the data
# files' columns and coded terms by their names in the files, are appendices of the reviewer edition, and
# the codebook file of the data package (data/raw/codebook.yaml) holds them too.

# %% tags=["parameters"]
show_vocabularies = True

# %%
import json
import platform
import re
from collections import Counter
from importlib import metadata

import pandas as pd
from IPython.display import display

from analysis import params, paths
from analysis.data import codebook
from analysis.data.load import Processed, read
from analysis.data.parse import AMBIGUOUS_DENOMINATORS, VAGUE, WORD_FRACTION_RESOLUTION
from analysis.models import verdicts
from analysis.publish import figures, fmt, labels, methods, report, tables

d = Processed()
book = codebook.load()
settings = params.load()
results = methods.load_all()
ch = methods.Chapter("70_methods", results, sections={
    "wording": "From French wording", "conflicts": "When reports disagree", "conventions": "Conventions",
    "unknowns": "What was not published", "appendix-a": "Appendix A — Sources",
    "appendix-b": "Appendix B — Conflicts log"})
figures.start_chapter(ch.number)
every = ch.all_results()
levels = sorted({round(r.confidence_level, 10) for r in every if r.confidence_level})
alpha = round(1 - levels[0], 10)
level = fmt.pct(levels[0])
SMALL_N = methods.constant("analysis.models.proportions", "SMALL_N")
FEW_POINTS = methods.constant("analysis.models.trends", "FEW_POINTS")
EXACT_MAX_N = methods.constant("analysis.models.correlation", "EXACT_MAX_N")


def of(k: int, n: int, noun: str, does: str, do: str, does_not: str) -> str:
    """k of n things, in words: "both later waves fall", "neither of the two … falls", "the one figure cannot",
    "two of the five … do"."""
    if n == 1:
        return f"the one {noun} {does if k else does_not}"
    if k == n:
        return f"{'both' if n == 2 else 'all ' + methods.words(n)} {noun}s {do}"
    if k == 0:
        return f"neither of the two {noun}s {does}" if n == 2 else f"none of the {methods.words(n)} {noun}s {does}"
    return f"{methods.words(k)} of the {methods.words(n)} {noun}s {does if k == 1 else do}"


# %%
kinds = d.sources["kind"].value_counts()
status = d.figures["status"].value_counts()
ch.say(
    """The material is {figures} figures printed in {sources} documents (by kind: {kinds}). Each figure keeps the
    document that printed it and its words as printed; {printed} are quoted in so many words, {paraphrased} are an
    outlet's paraphrase and {uncertain} are marked uncertain. The consultancies whose studies the press reported
    published neither questionnaire, sample nor microdata, so every method below works from what a reader of the
    printed figures can know. The models behind the chapters produced {results} results; {methods} methods are
    described in the sections that follow, and {as_printed} results are figures reported as printed, with no model.""",
    figures=fmt.num(len(d.figures)), sources=fmt.num(len(d.sources)),
    kinds=", ".join(f"{labels.term(k, 'kind')} {fmt.num(n)}" for k, n in kinds.items()),
    printed=fmt.num(status.get("printed", 0)), paraphrased=fmt.num(status.get("paraphrased", 0)),
    uncertain=fmt.num(status.get("uncertain", 0)), results=fmt.num(len(every)), methods=methods.words(len(ch.used())),
    as_printed=methods.words(ch.count("as-printed")))

# %% [markdown]
# ## From French wording to numbers
#
# The sources state figures in words, and each figure is transcribed exactly as printed. One parser,
# written down once and tested, turns the words into numbers.

# %%
f = d.figures
share = f["parsed_unit"].eq("share")
approx = f[f["qualifier"].eq("approximately") & share & f["expression"].str.contains("rès")].iloc[0]
about = f[f["qualifier"].eq("approximately") & f["expression"].str.contains("environ")].iloc[0]
word_fraction = f[f["resolution"].eq(WORD_FRACTION_RESOLUTION) & f["qualifier"].eq("exact") & share
                  & f["value"].between(0.01, 0.99) & f["expression"].str.contains("sur")].iloc[0]
digits = f[f["qualifier"].eq("exact") & share & f["resolution"].eq(0.01) & f["denominator"].isna()].iloc[0]
decimal = f[f["qualifier"].eq("exact") & share & f["resolution"].lt(0.01) & f["denominator"].isna()]
stated_base = f[f["denominator"].notna()].iloc[0]
pace = f[f["horizon_months"].notna()].iloc[0]
window = f[f["parsed_unit"].eq("rate") & f["period_months"].gt(1) & f["qualifier"].eq("exact")].iloc[0]
to_date = f[f["horizon"].notna() & f["parsed_unit"].eq("count")].iloc[0]
one_sided = f[f["qualifier"].eq("more_than") & share].iloc[0]
words = methods.qualifier_words()
ch.say(
    """From words such as « {approx} », « {word_fraction} » or « {pace} » the parser takes a value, the lowest and
    highest values the words allow, a qualifier, a unit and the step the figure was printed at. Shares become
    fractions of one; a pace keeps the count and the window it was printed with beside the rate per month derived
    from them; a count to be reached by a calendar date stays a count with its horizon, because turning it into a
    rate needs the date the plan was stated, which is a parameter ([§plans]).""",
    approx=approx["expression"], word_fraction=word_fraction["expression"], pace=pace["expression"])

# %%
ch.say(
    """A qualifier is the word that makes a figure approximate or one-sided. The parser knows {approximately} for an
    approximate figure; {at_least} for a lower bound that is reached; {more_than} for a lower bound that is not; and
    {less_than} for an upper bound. A range (« de … à … », « … à … ») keeps both ends. Words that name no number —
    {vague} — are refused, and so is a fraction in digits whose denominator is a common scale ({denominators}),
    since « {k}/{m} » may be a score out of {m} or {k} cities in {m}: either stops the pipeline with the file, line
    and column, and the figure must be written out. Nothing is guessed.""",
    **{q: fmt.listing([f"« {w} »" for w in ws]) for q, ws in words.items()},
    vague=", ".join(f"« {w} »" for w in VAGUE),
    denominators="out of " + fmt.listing([str(n) for n in sorted(AMBIGUOUS_DENOMINATORS)]),
    k=min(AMBIGUOUS_DENOMINATORS) - 1, m=min(AMBIGUOUS_DENOMINATORS))

# %%
def label(caption: str) -> str:
    """« Table 7.1 » from a numbered caption."""
    return re.match(r"(Table \S+?)\.\s", caption).group(1)


examples_caption = figures.table_caption("Printed figures and what they are read as: one example of each qualifier "
                                         "and of the forms discussed in the text.")
ch.say(
    """The printed step matters twice later on: two reports agree when they can be the same number rounded at their
    own steps ([§conflicts]), and a share printed at a step allows only the whole counts that round to it
    ([§printed-precision]). A figure in digits has the step of its last digit: one point for « {digits} »{decimal}.
    A word fraction such as « {word_fraction} » is taken to be rounded to {word_step}; « {stated_base} » states its
    own base. An approximate figure gets the interval its words allow: « près de X » and « presque X » mean at most
    X and at least X less one step; « environ X » means X give or take half a step. For an approximate figure the
    step is the place value of the number's last significant digit, so that « {about} » allows {about_lo} to
    {about_hi}; a whole percentage that is a multiple of ten is read at a step of five points, so that « {approx} »
    allows {approx_lo} to {approx_hi}. {table} shows one example of each form.""",
    digits=digits["expression"], word_fraction=word_fraction["expression"], stated_base=stated_base["expression"],
    decimal=(f", a tenth of a point for « {decimal['expression'].iloc[0]} »" if len(decimal) else ""),
    word_step=f"{fmt.cell(WORD_FRACTION_RESOLUTION * 100)} points",
    about=about["expression"], about_lo=fmt.num(about["lower"]), about_hi=fmt.num(about["upper"]),
    approx=approx["expression"], approx_lo=fmt.pct(approx["lower"]), approx_hi=fmt.pct(approx["upper"]),
    table=label(examples_caption))

# %%
methods.kept_whole(tables.style(methods.reading_examples(d.figures, WORD_FRACTION_RESOLUTION),
                                 caption=examples_caption))

# %% [markdown]
# ## When reports disagree: what is compared, and which report is preferred
#
# Several outlets often report the same figure, and not always identically.

# %%
ind = d.indicators
agree = ind["agreement"].value_counts()
topics = read("topics")
rule = settings["clean"]
order = methods.preference_in_words(rule)
relation_words = {"nested": "one nested in another", "complementary": "complements", "different_base": "shares of "
                  "different bases", "different_unit": "counts of different units", "different_event": "different "
                  "events"}
ch.say(
    """Reports are set against each other only when they measure the same construct, counted in the same unit of
    observation, for the same population, subgroup, city and period. Related but different measures — a share of
    collectivités with civil status *partly* online and a share with *any* of it, or a share of collectivités and a
    share of requests — are kept apart and never reconciled. They are grouped in {topics} topics of related
    constructs, whose {n} figures are related to one another as {relations}.""",
    topics=methods.words(topics["topic"].nunique()), n=fmt.num(len(topics)),
    relations=fmt.listing([f"{relation_words.get(r, labels.humanise(r))} ({fmt.num(n)})"
                           for r, n in topics["relation"].value_counts().items()]))

# %%
ch.say(
    """Within one construct, the {n} indicators fall into {classes} classes: {single} rest on a single report;
    {identical} are reported identically by every outlet; {rounding} differ only as roundings can, because the
    ranges each report's words allow, widened by half its printed step, overlap (« {digits} » covers {digits_lo} to
    {digits_hi}, « {word_fraction} » {wf_lo} to {wf_hi}); and {conflict} are in conflict: two of their reports'
    ranges do not overlap, so both cannot be true. A conflict is a finding, not an error to be smoothed away: every
    report is kept, the log in Appendix B gives each with its source (the conflicts file of the data package adds
    the reason the two cannot both hold), and the chapters show the spread.""",
    classes=methods.words(len(agree)), digits=digits["expression"],
    digits_lo=fmt.pct(digits["value"] - digits["resolution"] / 2, 1),
    digits_hi=fmt.pct(digits["value"] + digits["resolution"] / 2, 1), word_fraction=word_fraction["expression"],
    wf_lo=fmt.pct(word_fraction["value"] - WORD_FRACTION_RESOLUTION / 2, 1),
    wf_hi=fmt.pct(word_fraction["value"] + WORD_FRACTION_RESOLUTION / 2, 1),
    n=fmt.num(len(ind)), single=fmt.num(agree.get("single", 0)), identical=fmt.num(agree.get("identical", 0)),
    rounding=fmt.num(agree.get("within_rounding", 0)), conflict=methods.words(int(agree.get("conflict", 0))))

# %%
ch.say(
    """The models need one value per indicator, so each indicator has a *preferred* report, chosen by {k} criteria
    in turn: first {first}; {middle}; and last {last}. A remaining tie goes to the report transcribed first, so that
    the choice never depends on the order of a file. The rule is a parameter of the study; the other reports stay
    beside the preferred one in every table. Where outlets quote one survey, as for the barometer of large
    collectivités, a stricter check asks whether all the printed reports can be one count on one base
    ([§printed-precision]).""",
    k=methods.words(len(order)), first=order[0], middle="; ".join(f"then {c}" for c in order[1:-1]),
    last=order[-1])

# %% [markdown]
# ## Conventions: confidence level, reference distributions and verdict words
#
# Three conventions hold across the study: one confidence level, a reference distribution that each
# method chooses for itself, and verdict words computed from the results rather than written beside them.

# %%
signed = [r for r in every if r.has_interval and r.unit in (
    "logit per year", "growth per year", "share difference", "change of the log growth rate per year")]
tally = Counter(verdicts.sign(r) for r in signed)
n_pvalues = sum(r.pvalue is not None for r in every)
ch.say(
    """Every interval in the study is a {level} interval and every test is read at the level α = {alpha}, the value
    the model parameters set; {n_int} results carry an interval and {n_p} a p-value. Each interval takes its
    reference distribution from its method, named in the overview below: the normal distribution for score intervals
    and score tests; Student's t on the residual degrees of freedom wherever a model estimates its own scale
    (quasi-likelihood models, least squares on logits), so that a short series is not read as if its scatter were
    known; exact distributions wherever the numbers are small enough to enumerate them — every permutation of a rank
    correlation up to {exact} pairs, the hypergeometric distribution of a two-by-two table, every arrangement of a
    concordance — and an exact mixture of beta distributions for the one Bayesian interval. Bounds and plan
    arithmetic have no reference distribution: they are ranges of what is possible, not statements of probability.""",
    level=level, alpha=fmt.cell(alpha), n_int=fmt.num(sum(r.has_interval for r in every)), n_p=fmt.num(n_pvalues),
    exact=fmt.num(EXACT_MAX_N))

# %%
ch.say(
    """A series “rose” or “fell”, and two shares “differ”, only when the whole interval of the slope, growth rate or
    difference lies on one side of zero; when the interval contains zero the text says that the data *cannot tell* —
    not that nothing changed, since absence of evidence is not evidence of absence [@altman-bland]. Rankings “agree”
    only when Kendall's W is beyond chance at α; a weak W that is not is reported as “cannot tell whether they
    agree”, never as disagreement. Of the {n} slopes, growth rates and differences in the study, {up} lie wholly
    above zero, {down} wholly below it, and {none} contain it and read “cannot tell”. Every computation uses SciPy
    [@virtanen] and statsmodels [@seabold-perktold], with seeded random numbers, so that each build gives the same
    numbers.""",
    n=fmt.num(len(signed)), up=methods.words(tally[1]), down=methods.words(tally[-1]), none=methods.words(tally[0]))

# %% [markdown]
# ## The methods at a glance
#
# Every method the model results record is listed below, with what it answers here, its reference
# distribution, how many results use it and in which chapters; the sections that follow describe each.

# %%
overview_caption = figures.table_caption("The methods, where they are used, and their reference distributions.")
ch.say(
    """A result can use several methods, so the counts of {table} overlap: a Markess share is a Wilson interval,
    over a grid of n, on the counts its printed figure allows, with a Jeffreys interval beside it.""",
    table=label(overview_caption))

# %%
methods.kept_whole(tables.style(ch.overview(), caption=overview_caption))

# %% [markdown]
# ## Intervals for a share: the Wilson score interval
#
# A printed share of n answers has a sampling interval, which the press never printed.

# %%
resp = results["interconnectes"]["respondents"]
shares = {k: r for k, r in results["interconnectes"].items() if k.startswith("share.")}
bases = {}
for r in shares.values():
    bases.update(r.details["bases"])
small = sum(any(w.startswith("small n") for w in r.warnings) for r in ch.results_of("wilson"))
chosen_methods = sorted({g["method"] for g in settings["models"].values() if isinstance(g, dict) and "method" in g})
method_words = {"wilson": "Wilson's", "clopper-pearson": "the Clopper–Pearson"}
ch.method(
    "wilson",
    """The study uses Wilson's score interval for a share p of n answers [@wilson]: the set of true shares that a
    score test at level α would not reject. Unlike the textbook interval p ± z·√(p(1 − p)/n), it never leaves the
    range from zero to one and keeps close to its nominal coverage at the small n and extreme shares these surveys have
    [@brown-cai-dasgupta]. When the frame surveyed is finite and known — the barometer surveyed {surveyed}
    collectivités — the variance is shrunk by the finite-population factor (N − n)/(N − 1), which amounts to
    Wilson's interval on an effective sample of n(N − 1)/(N − n) [@cochran]. The exact alternative — the interval of
    @clopper-pearson, or with a finite frame the exact hypergeometric interval — is a parameter of the study; this
    edition uses {chosen} interval for all {n} share intervals, in {chapters}.""",
    surveyed=fmt.num(resp.details["surveyed"]), n=fmt.num(ch.count("wilson")),
    chosen=fmt.listing([method_words.get(m, m) for m in chosen_methods]),
    chapters=methods.chapters_phrase(ch.chapters("wilson")))

# %%
ch.say(
    """The interval assumes that the respondents are a simple random sample of the frame and answered independently.
    Neither is true of a barometer answered by the {resp} collectivités that chose to reply ({rate} of those
    surveyed): the interval measures sampling error only, and the bounds of [§bounds] show what self-selection alone
    leaves open. It also assumes the base n, which the press seldom printed; [§printed-precision] and [§n-grid] deal
    with that. Below {small_n} answers an interval carries a warning that it rests on few answers ({small}), and a
    share of zero or one has only one informative side.""",
    resp=fmt.num(resp.estimate), rate=fmt.pct(resp.details["response_rate"]), small_n=fmt.num(SMALL_N),
    small="no result of this edition has one" if not small else f"{methods.words(small)} have one")

# %% [markdown]
# ## Which counts and bases a printed share allows
#
# A share printed as p at step s from n answers must be k/n for a whole count k within half a step
# of p: the printed digits carry information about n.

# %%
head = shares["share.voluntarist_projects"] if "share.voluntarist_projects" in shares else next(iter(shares.values()))
head_base, head_counts = next(iter(head.details["counts"].items()))
fits = Counter(tuple(r.details["fits"]) for r in shares.values())
n_both = fits.get(tuple(sorted(bases)), 0)
n_none = fits.get((), 0)
n_one = len(shares) - n_both - n_none
cons = [r for k, r in results["interconnectes"].items() if k.startswith("consistency.")]
mk = next(r for k, r in results["markess"].items() if "smallest_consistent_n" in r.details)
ch.method(
    "printed-precision",
    """Enumerating the counts a printed share allows is the logic of the GRIM test [@brown-heathers], which checks
    whether a printed mean can come from whole answers; here it works on percentages and word fractions. A share
    printed as {head_p} of {head_n} respondents can only be {head_k} of them; a word fraction, read at a step of
    {word_step}, allows many more counts. The study uses the enumeration three ways. For each share of the
    barometer, it asks which plausible base can have produced it — {bases} — and the interval of [§wilson] then
    covers every consistent count on every consistent base: of the {shares} shares, {fit}. For figures that several
    outlets printed differently, it asks whether all the reports can be one count on one base, each rounded at its
    own step: {cons}. For Markess, it finds the smallest n on which every printed share is possible, {smallest},
    which removes impossible sample sizes from the grid of [§n-grid]. A one-sided figure (« {one_sided} ») gets a
    one-sided interval.""",
    head_p=fmt.pct(head.estimate), head_n=fmt.num(next(iter(head.details["bases"].values()))),
    head_k=fmt.listing([fmt.num(k) for k in head_counts]), word_step=f"{fmt.cell(WORD_FRACTION_RESOLUTION * 100)} points",
    bases=fmt.listing([f"{b} ({fmt.num(n)})" for b, n in bases.items()]),
    fit=fmt.listing([f"{fmt.num(k)} {what}" for k, what in ((n_both, "fit both bases"), (n_one, "only one"),
                                                          (n_none, "neither, and fall back on the larger base"))
                     if k]),
    shares=fmt.num(len(shares)),
    cons=of(sum(r.details["consistent"] for r in cons), len(cons), "disputed barometer figure", "can", "can", "cannot"),
    smallest=fmt.num(mk.details["smallest_consistent_n"]),
    one_sided=one_sided["expression"])

# %%
ch.say(
    """The reasoning assumes that each printed figure is a count divided by its base and rounded to the nearest
    step, and that the reports of one figure describe one measurement. It proves less than it seems: a base that
    fits is possible, not shown to be the base, and a coarse step fits almost any base. An outlet that truncated
    instead of rounding, or computed a share on the answers to one question rather than on all respondents, would
    look inconsistent when it is not; such cases are named in the chapters, never corrected.""")

# %% [markdown]
# ## Sample sizes nobody published: intervals over a grid of n
#
# Markess never said how many decision makers answered, and an interval needs an n.

# %%
grid = mk.details
dropped = [int(n) for n in grid["grid_asked"] if int(n) not in grid["grid_feasible"]]
sens = [r for k, r in results["interconnectes"].items() if k.startswith("sensitivity.")]
ch.method(
    "n-grid",
    """Rather than pretend to an n, each Markess share is given the interval of [§wilson] at every n of a grid —
    {asked} — keeping only the n on which every printed share of the edition is possible ({feasible}; {dropped});
    the result is the union of those intervals, with each one kept beside it. The barometer's n is disputed in a
    milder way: its respondents by type add up to one number and its printed response rate implies another, so its
    headline share is computed on both ({alts}). The grid is not a distribution: it brackets the values that earlier
    editions and similar surveys make plausible. What the union assumes is that the true n lies within the grid;
    what it cannot say is how likely each n is, which the next section adds.""",
    asked=fmt.listing([fmt.num(n) for n in grid["grid_asked"]]),
    feasible=fmt.listing([fmt.num(n) for n in grid["grid_feasible"]]),
    dropped=(fmt.listing([fmt.num(n) for n in dropped]) + " cannot print them all") if dropped else "every n can",
    alts=fmt.listing([f"n = {fmt.num(r.n)}" for r in sens]))

# %% [markdown]
# ## A Bayesian interval for a rounded share of unknown n
#
# Beside the Wilson intervals, a second interval treats what was observed for what it is.

# %%
jeff = ch.uses["jeffreys"]
with_interval = [(g, k, r) for g, k, r in jeff if r.details.get("censored_interval")]
example = next(((g, k, r) for g, k, r in with_interval if g == "markess" and r.details.get("qualifier") == "exact"),
               with_interval[0])
eg, ek, er = example
# The words the example was printed in: its result's own record of them, else its indicator's (the key's
# next-to-last part: share.<indicator>.<subgroup>, later.<year>.<indicator>.<subgroup>); never a figure
# put in quotation marks that nobody printed.
ex_rows = d.indicators[(d.indicators["study"] == eg) & (d.indicators["indicator"] == ek.split(".")[-2])]
ex_expr = er.details.get("expression") or ex_rows["expression"].iloc[0]
ch.method(
    "jeffreys",
    """What was observed is not a count k but the event that k/n printed as the figure — a coarsened observation in
    the sense of @heitjan-rubin; the interval is computed for the shares of {chapters}. Every base the figure can
    come from (the plausible bases of the barometer, the feasible n of the Markess grid) gets the same prior weight,
    and the share gets Jeffreys' prior Beta(½, ½) [@jeffreys]. The posterior is then exactly a mixture of Beta(k +
    ½, n − k + ½) distributions over every (n, k) that prints as the figure, each weighted by its beta-binomial
    probability, so that the data decide how much each base counts; its equal-tailed {level} interval is read from
    the mixture's exact distribution function, with no sampling. Where the frame surveyed is known, the posterior is
    carried over to the share of the whole frame. A one-sided figure (« plus de … ») says nothing on its open side,
    where the posterior would only repeat the prior, so there the interval is one-sided, its bound that of the least
    favourable base and count the words allow.""",
    chapters=methods.chapters_phrase(ch.chapters("jeffreys")), level=level)

# %%
ch.say(
    """The Jeffreys interval for a binomial share has good frequentist coverage [@brown-cai-dasgupta]. For the
    {study} share printed as « {expr} », the Wilson intervals give {union} and the Jeffreys interval {bayes}: the
    second weights the bases by their evidence instead of taking the widest case. It depends on the prior over the
    bases — another set of bases gives another interval — and, like the first, assumes a simple random sample; {n}
    results carry one.""",
    study=labels.term(eg, "study").split(" (")[0], expr=ex_expr, union=fmt.interval(er.ci_low, er.ci_high),
    bayes=fmt.interval(*er.details["censored_interval"]), n=fmt.num(len(with_interval)))

# %% [markdown]
# ## What non-response allows: worst-case bounds
#
# The intervals above assume that collectivités which answered are like those which did not.

# %%
bnd = ch.results_of("bounds")
b0 = bnd[0].details
ch.method(
    "bounds",
    """The barometer's respondents chose to answer, and nothing is known about the others. The worst-case bounds of
    @manski assume nothing about them: with a response rate r, the share among all units surveyed lies between p·r
    (every non-respondent would have said no) and p·r + (1 − r) (every one would have said yes). At the barometer's
    response rate of {rate} every bound is {width} wide, whatever the share; the {n} shares of {chapters} carry
    them. The bounds are not a confidence interval — they add no sampling error and no probability — and their width
    is the honest measure of what non-response leaves unknown. They assume only that the frame and the respondents'
    answers are correctly reported.""",
    rate=fmt.pct(b0["response_rate"]), width=f"{fmt.cell(round(b0['width'] * 100, 6))} points",
    n=fmt.num(len(bnd)), chapters=methods.chapters_phrase(ch.chapters("bounds")))

# %% [markdown]
# ## Two shares compared: Newcombe's interval and the score test
#
# Two printed shares are compared through the difference of two proportions.

# %%
ch.method(
    "newcombe",
    """The difference gets Newcombe's hybrid score interval — built from the two Wilson intervals, and one of the
    two that @newcombe recommended among the eleven he compared — and a score test of no difference
    [@miettinen-nurminen]. The study uses it for two waves of one survey, for one service measured by two surveys
    years apart, and for the lead of Markess's first-ranked tool over the second at each n of the grid: {n} results,
    in {chapters}. Counts are recovered as the printed share times its n. The method assumes two independent
    samples. When the same people answered both questions (the Markess ranking), the answers are positively
    correlated and the interval is wider than it should be, so the comparison is conservative. When the populations
    differ (large collectivités in an early barometer against communes in a recent one), the gap mixes change and
    population, and the chapter says so.""",
    n=methods.words(ch.count("newcombe")), chapters=methods.chapters_phrase(ch.chapters("newcombe")))

# %% [markdown]
# ## Classes of unknown size: Fisher's exact test over every split
#
# Municipal election programmes are reported by city-size class, but how many programmes each class
# held was never printed.

# %%
fs = ch.results_of("fisher-splits")[0].details


def pvalue(p: float) -> str:
    return "below 0.001" if p < 0.001 else fmt.cell(p, 3)


ch.method(
    "fisher-splits",
    """Only the total of programmes online was printed ({k} of {n}). The two end classes are compared by Fisher's
    exact test of a two-by-two table [@fisher], which conditions on the margins and refers the table to the
    hypergeometric distribution, with the conditional exact interval of the odds ratio [@agresti]. Because the class
    sizes are unknown, the test is run on every split of the total whose counts print as the two class shares and
    leave the middle class a possible count — {splits} splits — and the result is the range of p-values, from {p_lo}
    to {p_hi}, with the share of splits beyond chance at α ({beyond}) and {threshold}. The test assumes independent
    programmes; programmes are clustered in cities, several candidates to a city, so every p-value is optimistic.
    The conditional test is conservative at small counts [@agresti], which partly offsets this.""",
    k=fmt.num(fs["total"][0]), n=fmt.num(fs["total"][1]), splits=fmt.num(fs["splits"]),
    p_lo=pvalue(fs["pvalue_range"][0]), p_hi=pvalue(fs["pvalue_range"][1]), beyond=fmt.pct(fs["share_beyond_chance"]),
    threshold=(f"the size of the smaller end class, {fmt.num(fs['min_class_for_every_split_beyond_chance'])} "
               "programmes, from which every split is beyond chance"
               if fs["min_class_for_every_split_beyond_chance"] is not None
               else "no class size from which every split is beyond chance"))

# %% [markdown]
# ## Trends in shares on the logit scale
#
# The public context series are shares measured once a year or less, over a few years.

# %%
lt = ch.results_of("logit-trend")
quasi = sum("quasi" in r.method for r in lt)
ols = sum("least squares" in r.method for r in lt)
diffs = sum("no model" in r.method for r in lt)
kinds_of_fit = [(quasi, "estimates a dispersion", "estimate a dispersion"),
                (len(lt) - quasi - ols - diffs, "keeps the binomial scale", "keep the binomial scale"),
                (ols, "is a least-squares fit", "are least-squares fits"),
                (diffs, "is a difference, with too few points for a line", "are differences, with too few points")]
pts = [int(r.n) for r in lt]
breaks = sorted({int(y) for r in lt for w in r.warnings if "method changed in" in w
                 for y in re.findall(r"\b(?:19|20)\d\d\b", w.split(":")[0])})
ch.method(
    "logit-trend",
    """Each series is fitted with a straight line on the logit scale, log(p/(1 − p)), which is an S-shaped path on
    the share scale and cannot leave the range from zero to one. Where the survey printed its n, the fit is a binomial generalised
    linear model with a logit link, weighted by n [@agresti]; where the waves scatter more than binomial sampling
    allows, the dispersion is estimated from the Pearson statistic, as quasi-likelihood [@wedderburn;
    @mccullagh-nelder], and intervals use Student's t on the residual degrees of freedom. Where no n was printed,
    the logits are fitted by least squares with t intervals [@cox-snell]. Of {n} fits, {kinds}; the slope is in logits a year, and the chapter also gives it in points a year at
    the mean share.""",
    n=methods.words(len(lt)), kinds=fmt.listing([f"{methods.words(k)} {one if k == 1 else many}"
                                                       for k, one, many in kinds_of_fit if k]))

# %%
ch.say(
    """The series have {lo} to {hi} points. A line is fitted only where there is at least one residual degree of
    freedom; with fewer points the result is a first-to-last difference, with no interval, and below {few} points
    the interval is flagged as resting on few degrees of freedom. The model assumes that each wave measured the same
    thing the same way: where a benchmark changed its method{breaks}, the series is split there and no line crosses
    the break. It assumes independent waves and, for weighted fits, the n printed for one wave applied to all. With
    so few points the linear form cannot be checked, and no fitted line is drawn beyond the data.""",
    lo=methods.words(min(pts)), hi=methods.words(max(pts)), few=methods.words(FEW_POINTS),
    breaks=(" (in " + fmt.listing([str(y) for y in breaks]) + ")") if breaks else "")

# %% [markdown]
# ## Growth of counts: Poisson and quasi-Poisson models
#
# Counts that grow, such as the collectivités publishing open data, are modelled on the log scale.

# %%
growth = {k: r for g, k, r in ch.uses["growth"]}
count_fit = next(r for r in growth.values() if "doubling_time" in r.details or r.unit == "growth per year")
paths_fit = next((r for r in growth.values() if "projection_range" in r.details), None)
ch.method(
    "growth",
    """The model is a Poisson generalised linear model with a log link [@mccullagh-nelder]: constant relative
    growth, reported as a yearly growth rate and a doubling time. When the counts scatter more than Poisson
    variation allows, the scale is estimated as quasi-Poisson [@wedderburn], and intervals and p-values use
    Student's t. This edition's series scatters {disp} times as much as Poisson variation would, {fitted}. Constant
    growth is then set against slowing growth — a quadratic term on the log scale, tested with t, both paths fitted
    with the larger model's dispersion — and each path is projected to {horizon}: the gap between the two
    projections is model uncertainty that no single interval shows. The counts are cumulative, so successive points
    are not independent draws; the dispersion correction absorbs only part of that, and the projections reach beyond
    the data.""",
    disp=fmt.cell(count_fit.details["dispersion"], 2),
    fitted=("and is fitted with its scale estimated" if "quasi" in count_fit.method
            else "below the point at which the model estimates the scale, so it is fitted as plain Poisson counts"),
    horizon=str(int(paths_fit.details["projection"]["constant"]["x"])) if paths_fit else "the horizon")

# %% [markdown]
# ## An old extrapolation tested against later observations
#
# A straight line once drawn through the first waves of the trust barometer is tested against the
# waves published since.

# %%
ex = ch.results_of("extrapolation")[0]
checks = ex.details["checks"]
ch.method(
    "extrapolation",
    """The line is refitted on the logit scale through the early points alone ({fit}), and each later observation
    is compared with the line's {level} prediction interval there, for a new wave of the same size [@weisberg;
    @agresti]: the interval adds the sampling scatter of a single wave to the uncertainty of the line, and, drawn
    on the logit scale, it never leaves the range a share can take. Here {misses} outside it. The test assumes
    independent waves around the early line; with {early} early points the prediction interval is wide, so a miss
    is strong evidence that the extrapolation failed, while a hit proves little. It says that the line failed, not
    why.""",
    fit=("a binomial model weighted by the printed number of respondents of each wave"
         if "binomial" in ex.method else "least squares on the logits"),
    level=level, misses=of(int(ex.estimate), len(checks), "later wave", "falls", "fall", "does not fall"),
    early=methods.words(int(ex.n)))

# %% [markdown]
# ## Rank correlation at small n: exact p-values, bootstrap and power
#
# Whether larger cities planned faster, or whether the best-ranked cities are the largest, is a question
# about a handful of units.

# %%
rc = ch.results_of("rank-correlation")
cors = [r for r in rc if r.unit == "coefficient"]
power = next((r for r in rc if r.unit == "probability of detecting"), None)
boots = sorted({int(m) for r in cors for m in re.findall(r"\((\d+) resamples", r.method)})
no_interval = [r for r in cors if not r.has_interval]
min_p = max(cors, key=lambda r: r.details["min_pvalue"])
ch.method(
    "rank-correlation",
    """The study uses Spearman's rank correlation [@spearman] with its p-value from the permutation distribution
    [@pitman]: every ordering of one variable against the other is enumerated up to {exact} pairs (beyond, random
    permutations would be drawn), so the p-value is exact whatever the distribution of the data. With {n_min} pairs
    the smallest two-sided p-value possible is {min_p}, and the result says when no outcome could reach α. Intervals
    are bootstrap percentile intervals over pairs [@efron-tibshirani], {boots} seeded resamples; with so few pairs
    they are rough and too narrow, and with the fewest ({none_n}) none is given.""",
    exact=fmt.num(EXACT_MAX_N), n_min=methods.words(int(min_p.n)),
    min_p=fmt.cell(min_p.details["min_pvalue"], 3), boots=fmt.listing([fmt.num(b) for b in boots]) or "no",
    none_n=fmt.listing([f"{methods.words(int(r.n))} pairs" for r in no_interval]) or "none here")

# %%
floor = next((r.details["min_pvalue"] for r in cors if power is not None and r.n == power.n), None)
if power is not None:
    display(ch.say(
        """A test that cannot reject is only informative if it could have: the power of the exact test is estimated
        by simulation [@morris-white-crowther], drawing samples of the study's n from a bivariate normal
        distribution with a true correlation of {rho} and counting how often the exact test rejects at α. At the {n}
        cities of {chapter} the power is {power}: {reading}. The permutation test assumes only that pairs are
        exchangeable when there is no association; the power assumes normal margins and the correlation chosen,
        which is a parameter.""",
        rho=fmt.cell(power.details["rho"]), n=methods.words(int(power.n)),
        chapter=methods.chapters_phrase([methods.chapter_of(g) for g, _, r in ch.uses["rank-correlation"]
                                         if r is power]),
        power=fmt.pct(power.estimate),
        reading=(f"the smallest p-value {methods.words(int(power.n))} pairs allow is {fmt.cell(floor, 3)}, above α, so "
                 "even a correlation that strong could never be detected" if floor is not None and floor > alpha
                 else "a correlation that strong would mostly go unseen" if power.estimate < 0.5
                 else "a correlation that strong would usually be detected")))

# %% [markdown]
# ## Agreement of several rankings: Kendall's W
#
# Whether the studies rank the service domains alike is measured by Kendall's coefficient of
# concordance.

# %%
kw = ch.results_of("kendall-w")[0]
ch.method(
    "kendall-w",
    """The coefficient is W = 12S / (m²(n³ − n) − mT), with m rankings of n items, S the spread of the items' rank
    totals and T the correction for ties [@kendall-babington-smith]. W runs from zero, no agreement, to one,
    identical rankings. Its p-value enumerates every combination of the rankings' permutations, as a permutation
    test [@legendre], rather than the chi-square approximation, which is poor with {m} rankings of {n} domains. With
    two rankings and no ties W equals (1 + ρ)/2, ρ being Spearman's correlation, so the concordance and the
    correlation reported beside it in {chapter} answer nearly the same question. The method assumes that each study
    ranked the same items independently; here the ranks are tiers coded from the sources' words, and the studies
    measure different things (a score of services, shares of collectivités).""",
    m=methods.words(int(kw.details["raters"])), n=methods.words(int(kw.details["items"])),
    chapter=methods.chapters_phrase(ch.chapters("kendall-w")))

# %% [markdown]
# ## Two groups compared by ranks: the exact Mann–Whitney test
#
# Whether the cities Lecko ranked best are larger than the others is a comparison of two groups.

# %%
mw = ch.results_of("mann-whitney")[0]
ch.method(
    "mann-whitney",
    """The {a} best-ranked cities and the {b} others are compared by the Mann–Whitney test [@mann-whitney] with its
    exact two-sided p-value. Its estimate is the probability that a city of the first group is larger than one of
    the second. The {total} cities are all the cities studied, not a sample, so the p-value is read as a permutation
    statement — how often a random choice of {a} cities would be as large — rather than as inference to a
    population. With a group of {a} the test can detect only a large difference.""",
    a=methods.words(int(mw.details["n_a"])), b=methods.words(int(mw.details["n_b"])),
    total=methods.words(int(mw.n)))

# %% [markdown]
# ## Plans and paces: rates from printed plans
#
# The plans of the PAC cities are printed as counts over a window or to a calendar date.

# %%
plans = ch.results_of("plans")
dated = [r for r in plans if any("date" in w for w in r.warnings)]
pac = settings["models"]["pac"]
tried = sorted(pac["reference_dates"])
ch.method(
    "plans",
    """Over a window (« {window} ») the plan gives a rate directly; to a date (« {to_date} ») it gives one only from
    the day the plan was stated, which nobody published for the white paper. That day is a parameter, {central} by
    default, and {dated} recomputed for each of the {tried} dates from {first} to {last}{among} — a one-at-a-time
    sensitivity analysis [@saltelli] — and shown beside the central value. Rates relative to population use the
    cities' legal populations. This is arithmetic, not a model: it assumes an even pace over the window, and a
    printed plan is an intention, not an outcome.""",
    window=window["expression"], to_date=to_date["expression"], central=methods.long_date(pac["reference_date"]),
    dated=("the rate of the dated plan is" if len(dated) == 1
           else f"the rates of the {methods.words(len(dated))} dated plans are"),
    tried=methods.words(len(tried)), first=methods.long_date(tried[0]), last=methods.long_date(tried[-1]),
    among=", the default among them" if pac["reference_date"] in tried else "")

# %% [markdown]
# ## What was not published: parameters and sensitivity analyses
#
# Whatever the sources did not publish is a parameter of the study, never a fact, and the results that
# depend on it are computed for every value tried.

# %%
table = methods.parameters_table(settings)
unpublished = int((table["Why a parameter"] == "not published").sum())
parameters_caption = figures.table_caption("Parameters of the study: what was not published, and the choices made "
                                           "instead.")
ch.say(
    """{table} lists them, in words, with the values used: {unpublished} quantities nobody published, and {choices}
    choices the analysis had to make. Changing one reruns only the models and chapters that depend on it. Where a
    quantity can only be bracketed, the answer is a range across the brackets [@manski]; where a single central
    value is needed, the chapters show it beside the others [@saltelli].""",
    table=label(parameters_caption), unpublished=methods.words(unpublished), choices=methods.words(len(table) - unpublished))

# %%
methods.kept_whole(tables.style(table, caption=parameters_caption))

# %% tags=["review-only"]
tables.style(methods.parameters_table(settings, with_keys=True),
             caption="For reviewers: the same parameters by their key in params.yaml.", readable=False)

# %% [markdown]
# ## References for the methods
#
# The methodological literature cited in this chapter, author–date. The documents the figures come from
# are listed in Appendix A.

# %%
ch.bibliography()

# %% [markdown]
# ## Appendix A — Sources
#
# Every document a figure comes from, cited in the chapters by outlet and year, with its title, author,
# date as printed and address.

# %%
report.bibliography(d.sources, max_entries=500, whole="data/processed/sources.csv")

# %%
def in_a_list(item: str) -> str:
    """An item of a list run into a sentence: "the numbers …", not "The numbers …" after a semicolon
    (an acronym or a quotation keeps its first letter)."""
    item = item.rstrip(".")
    return item[0].lower() + item[1:] if item[:1].isupper() and item[1:2].islower() else item


ch.say("""Printed numbers left out of the data on purpose, and why: {items}.""",
       items=report.Prose("; ".join(f"({i}) {report.text(in_a_list(t))}"
                                    for i, t in enumerate(book.not_transcribed, start=1))))

# %% [markdown]
# ## Appendix B — Conflicts log
#
# Every indicator whose reports cannot all be true, each report with its source.

# %%
display(ch.say("""The preferred report, chosen by the rule of [§conflicts], comes first."""))
tables.style(tables.conflicts_view(d.conflicts, d.figures), max_rows=60, whole="data/processed/conflicts.csv",
             caption=figures.table_caption("Conflicts between reports."))

# %% [markdown]
# ## Appendix C — Environment and data fingerprints
#
# The versions that produced this edition and the fingerprints of the processed data: a copy whose
# fingerprints match holds exactly the data these chapters were computed from.

# %%
pkgs = ["pandas", "numpy", "scipy", "statsmodels", "seaborn", "matplotlib", "papermill", "nbconvert", "weasyprint", "dvc"]
env = pd.DataFrame([{"component": "python", "version": platform.python_version()}] +
                   [{"component": p, "version": metadata.version(p)} for p in pkgs])
tables.style(env, caption=figures.table_caption("Software versions."))

# %%
pkg = json.loads((paths.PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
hashes = pd.DataFrame([{"file": f"data/processed/{r['path']}", "bytes": r["bytes"], "sha256": r["hash"].split(":")[1]}
                       for r in pkg["resources"]])
tables.style(hashes, caption=figures.table_caption("Processed data files and their SHA-256."),
             formats={"file": tables.code_cell})

# %% [markdown] tags=["review-only"]
# ## Appendix D — Codebook
#
# This appendix and the next are in the reviewer edition only: they give the data files' columns and
# coded terms by the names the files use, for those who will work with the data. Every column of the
# raw tables, as the cleaning stage validates it:

# %% tags=["review-only"]
rows = [{"table": t.file, "column": c.name, "type": c.type + (f" ({c.vocabulary})" if c.vocabulary else ""),
         "required": "yes" if c.required else "", "description": c.description}
        for t in book.tables.values() for c in t.columns]
tables.style(pd.DataFrame(rows), caption=figures.table_caption("Columns of the raw tables."), readable=False,
             formats={"table": tables.code_cell, "column": tables.code_cell, "type": tables.code_cell,
                      "description": tables.prose_cell})

# %% [markdown] tags=["review-only"]
# ## Appendix E — Controlled vocabularies
#
# The terms a coded column may take, and what each means.

# %% tags=["review-only"]
def named_after_indicator(term: str, meaning: str) -> bool:
    """A construct that is its indicator, described only by its name and unit ("Ai use or plan
    (share)."): a row that would repeat the term."""
    return re.fullmatch(re.escape(term.replace("_", " ").capitalize()) + r" \([^)]*\)\.", meaning) is not None


if show_vocabularies:
    plain = [k for k, m in book.vocabularies.get("construct", {}).items() if named_after_indicator(k, m)]
    vocab = pd.DataFrame([{"vocabulary": v, "term": k, "meaning": m}
                          for v, terms in book.vocabularies.items() for k, m in terms.items()
                          if not (v == "construct" and k in plain)])
    display(tables.style(vocab, caption=figures.table_caption("Controlled vocabularies."), readable=False,
                         formats={"vocabulary": tables.code_cell, "term": tables.code_cell,
                                  "meaning": tables.prose_cell}))
    if plain:
        display(report.say(
            "{n} of the {total} constructs are their indicator, named as it is and described by its name and unit "
            "only (for example « {example} »); the table leaves them out, and the codebook file of the data "
            "package lists them all.", n=fmt.num(len(plain)), total=fmt.num(len(book.vocabularies["construct"])),
            example=book.vocabularies["construct"][plain[0]].rstrip(".")))
else:
    display(report.say("The vocabularies are left out of this edition; the codebook file of the data package "
                       "holds them."))

# %%
report.key_findings("methods", [
    f"{methods.words(len(ch.used())).capitalize()} statistical methods behind {fmt.num(len(every))} model results, "
    "each described with what it assumes, where it fails and its references.",
    f"Every interval is a {level} interval; {methods.words(tally[0])} of {fmt.num(len(signed))} slopes, growth "
    "rates and differences contain zero and read “cannot tell”.",
    f"{fmt.num(len(d.figures))} figures from {fmt.num(len(d.sources))} sources; "
    f"{methods.words(int(agree.get('conflict', 0)))} indicators with conflicting reports, all kept, the preferred "
    f"one chosen by {methods.words(len(order))} criteria.",
    f"{methods.words(unpublished).capitalize()} quantities nobody published, such as sample sizes and the date "
    "of the PAC plans, are parameters with sensitivity analyses, never facts.",
])
