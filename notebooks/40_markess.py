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
# # Markess: local decision makers and their digital strategies
#
# Markess asked local decision makers how far digital had reached each of their activities and what
# their priorities were. The fullest press report is of an undated edition whose number of respondents
# was never published: its intervals are a sensitivity over an assumed number of respondents, never a
# fact. Earlier and later editions asked other questions; they close the chapter, each on its own.

# %% tags=["parameters"]
n_display = 165
highlight = ["user_relation_high_digital", "mobility_priority", "franceconnect_integration"]

# %%
import pandas as pd

from analysis.data.load import Processed
from analysis.models import stage
from analysis.models.verdicts import capitalised
from analysis.publish import figures, fmt, labels, plots, report, tables, themes, xref

figures.start_chapter(4)
d = Processed()
res = stage.load("markess")
sens = stage.load_plot("markess", "markess_n_sensitivity")
grid = sorted(sens["n"].unique())
# The two intervals every table shows, under the names a reader reads.
INTERVALS = {"ci_low": "Wilson 95 %, low", "ci_high": "Wilson 95 %, high",
             "censored_low": "Jeffreys censored 95 %, low", "censored_high": "Jeffreys censored 95 %, high"}
PCT = {c: "{:.0%}" for c in ["value", "share", *INTERVALS.values()]}

# %% [markdown]
# ## What the study found
#
# What the decision makers told Markess, in the project's words: where digital stands in their
# collectivités, what slows it, and the priorities they set. Each statement cites every document that
# makes it; the shares follow.

# %%
# The dated later editions have their own section (below): their reports' statements are not the
# undated survey's.
later_sources = {v.details["source_id"] for k, v in res.items() if k.startswith("later.")}
themes.opening(d.themes[~d.themes["source_id"].isin(later_sources)], "markess")

# %% [markdown]
# ## Shares and their sensitivity to the unknown number of respondents
#
# Markess never published how many decision makers answered. Each share is therefore shown over a grid
# of plausible numbers of respondents, keeping only those that can produce every printed figure.

# %%
shown = sens[sens["n"] == n_display].sort_values("value", ascending=False, kind="stable")
tables.style(shown[["indicator", "subgroup", "value", *INTERVALS]].rename(columns=INTERVALS),
             caption=figures.table_caption(f"Markess shares if n were {n_display} (an assumption): the Wilson "
                                           "interval and, beside it, the censored Jeffreys interval."),
             formats={c: f for c, f in PCT.items() if c != "share"})

# %%
all_dm = sens[sens["subgroup"] == "all"]
widths = (all_dm["ci_high"] - all_dm["ci_low"]).groupby(all_dm["n"]).mean()
widths = widths.loc[[widths.index.min(), widths.index.max()]]
figures.show(plots.n_sensitivity(sens, highlight),
             caption=f"The intervals depend on an n nobody published: at n = {fmt.num(sens['n'].min())} they are "
                     f"{widths.max() / widths.min():.1f} times as wide as at n = {fmt.num(sens['n'].max())} "
                     "(all decision makers).",
             alt="Shaded bands of three shares narrowing as the assumed number of respondents grows.")

# %%
first_share = next(v for k, v in res.items() if k.startswith("share."))
feasible, asked = first_share.details["grid_feasible"], first_share.details["grid_asked"]
dropped = {int(n): v for n, v in first_share.details["misfits"].items()}
report.say(
    "Not every assumed number of respondents is possible: a whole count out of n must round to each printed "
    "share. "
    + (f"{fmt.listing([f'n = {n} cannot produce {fmt.listing([fmt.pct(x) for x in v])}' for n, v in dropped.items()])}, "
       "so it is left out. " if dropped else "Every n of the grid can produce every printed share. ")
    + f"The smallest n consistent with every printed share is {fmt.num(first_share.details['smallest_consistent_n'])}; "
    f"the intervals below span n from {fmt.num(min(feasible))} to {fmt.num(max(feasible))}. Shares printed as "
    "« plus de » get one-sided intervals."
)

# %%
shares_res = {k: v for k, v in res.items() if k.startswith("share.")}
tables.style(pd.DataFrame([{"indicator": k.split(".")[1], "subgroup": k.split(".")[2], "value": v.estimate,
                            "ci_low": v.ci_low, "ci_high": v.ci_high, "censored_low": v.details["censored_interval"][0],
                            "censored_high": v.details["censored_interval"][1]} for k, v in shares_res.items()])
             .sort_values("value", ascending=False, kind="stable").rename(columns=INTERVALS),
             caption=figures.table_caption(f"Markess shares over every feasible n ({fmt.listing([fmt.num(n) for n in feasible])}): "
                                           "the span of the Wilson intervals and the censored Jeffreys interval."),
             formats={c: f for c, f in PCT.items() if c != "share"})

# %%
one_sided = {k: v for k, v in shares_res.items() if v.details["qualifier"] in ("more_than", "at_least", "less_than")}
two_sided = [v for k, v in shares_res.items() if k not in one_sided]
gaps = pd.Series([(v.details["censored_interval"][1] - v.details["censored_interval"][0]) - (v.ci_high - v.ci_low)
                  for v in two_sided])
lowest = min(one_sided.values(), key=lambda v: v.ci_low) if one_sided else None


def some(k: int) -> str:
    return fmt.num(k) if k else "none"


report.say(
    "Two intervals are given for every share. The headline is the frequentist Wilson interval, computed for each "
    "feasible n: over the grid, the table gives the span of those intervals, what any of the assumed n would allow. "
    "Beside it, the censored Jeffreys interval treats the printed figure as what it is, a whole count known only to "
    "print as the figure at its printed precision (or, for « plus de », to lie beyond the bound), with a Jeffreys "
    "prior on the share and every feasible n equally likely: one Bayesian interval that averages over the unknown n "
    f"instead of taking the widest. For the {fmt.num(len(two_sided))} shares printed as a figure, "
    + (f"it is narrower than the Wilson span for all of them, by {fmt.num(-100 * gaps.median(), 1)} points at the "
       f"median (from {fmt.num(-100 * gaps.max(), 1)} to {fmt.num(-100 * gaps.min(), 1)})."
       if (gaps < 0).all() else
       f"it is narrower than the Wilson span for {some(int((gaps < 0).sum()))} and wider for "
       f"{some(int((gaps > 0).sum()))}, its width differing by {fmt.pts(gaps.median(), 1)} at the median (from "
       f"{fmt.pts(gaps.min(), 1)} to {fmt.pts(gaps.max(), 1)}).")
    + (f" The {fmt.num(len(one_sided))} shares printed as a bound get a one-sided bound from both: the lowest "
       f"Wilson bound is {fmt.pct(lowest.ci_low, 1)} and the censored one "
       f"{fmt.pct(lowest.details['censored_interval'][0], 1)} "
       "(the latter at the least favourable n and count the words allow); the words say nothing of the other side."
       if one_sided else "")
)

# %%
widest = res[f"share.{highlight[0]}.all"]
report.say(
    f"Over the assumed n from {grid[0]} to {grid[-1]}, the share of decision makers for whom the relation with "
    f"users needs heavy use of digital, {fmt.pct(widest.estimate)}, lies within "
    f"{fmt.interval(widest.ci_low, widest.ci_high)}. Treating the printed figure as a rounded count of an unknown n "
    f"(every feasible n of the grid equally likely, Jeffreys prior), the 95% posterior interval is "
    f"{fmt.interval(*widest.details['censored_interval'])}."
)

# %% [markdown]
# ## Priorities for the agents' tools
#
# Markess asked which tools for staff came first. The shares are close, and the question is whether
# the first two can be told apart.

# %%
rank = res["ranking.agent_tools"]
order, vals = rank.details["order"], rank.details["values"]
by_n = rank.details["first_two_by_n"]
resolved = [int(n) for n, v in by_n.items() if v["ci"][0] > 0 or v["ci"][1] < 0]
lead_words = ("the data cannot tell the first two apart at any assumed n" if not resolved
              else f"the first two differ from n = {fmt.num(min(resolved))}")
first_two = (f"{capitalised(labels.term(order[0], 'indicator'))} ({fmt.pct(vals[order[0]])}) and "
             f"{labels.term(order[1], 'indicator')} ({fmt.pct(vals[order[1]])})")
lead = (f"{first_two} lead, and cannot be put in order at any assumed n" if not resolved else
        f"{capitalised(labels.term(order[0], 'indicator'))} come first ({fmt.pct(vals[order[0]])}), ahead of "
        f"{labels.term(order[1], 'indicator')} ({fmt.pct(vals[order[1]])}) from n = {fmt.num(min(resolved))}")
rest = [f"{labels.term(o, 'indicator')} ({fmt.pct(vals[o])})" for o in order[2:]]
report.say(f"{lead}; then come {fmt.listing(rest)}.")

# %% [markdown]
# ## The 2010 edition: different questions
#
# Markess's 2010 survey of local decision makers asked about priorities at a 2012 horizon. Its
# questions differ from the recent edition's, so the figures are shown side by side, never joined as
# a trend; here n is known.

# %%
old = {k.split(".", 1)[1]: v for k, v in res.items() if k.startswith("edition2010.")}
tables.style(pd.DataFrame([{"indicator": k, "share": v.estimate, "ci_low": v.ci_low, "ci_high": v.ci_high,
                            "censored_low": v.details["censored_interval"][0],
                            "censored_high": v.details["censored_interval"][1], "n": v.n}
                           for k, v in old.items()]).rename(columns=INTERVALS),
             caption=figures.table_caption("Markess 2010 edition (n published): Wilson and censored Jeffreys intervals."),
             formats={c: f for c, f in PCT.items() if c != "value"})

# %% [markdown]
# ## The other editions: open data, each time ahead
#
# Markess came back to local decision makers in later years with other questions: open data twice,
# the handling of documents in a white paper, priorities once more. Each edition stands on its own
# here: the questions and the people asked differ, so none is joined to another as a trend. Only the
# white paper printed how many answered; every other interval is again a sensitivity over the assumed
# number of respondents, keeping for each edition only the sizes that can print every share it
# reported, so its range of sizes need not be the main survey's.

# %%
later = {k: v for k, v in res.items() if k.startswith("later.")}


def base_words(v) -> str:
    dt = v.details
    if v.n:
        return f"{fmt.num(v.n)}, published"
    if dt["subgroup_of"]:
        return f"a part of the {fmt.num(dt['subgroup_of'])}, its size not published"
    return f"assumed, {fmt.num(min(dt['grid']))} to {fmt.num(max(dt['grid']))}"


editions = pd.DataFrame([{
    "period": v.details["period"], "indicator": k.split(".")[2],
    "Asked of": labels.term(v.details["population"], "population") + (
        "" if v.details["subgroup"] == "all" else f" ({labels.term(v.details['subgroup'], 'subgroup')})"),
    "expression": v.details["expression"], "value": v.estimate,
    "Wilson 95 %": fmt.interval(v.ci_low, v.ci_high), "Censored 95 %": fmt.interval(*v.details["censored_interval"]),
    "Base": base_words(v), "source_id": v.details["source_id"]} for k, v in later.items()]).sort_values(
    ["period", "value"], ascending=[True, False], kind="stable")
tables.style(editions, formats={"value": "{:.0%}"},
             caption=figures.table_caption("Markess's later editions, each on its own: what was asked, of whom, the "
                                           "printed words, the share and its two intervals, and the base they rest "
                                           "on."))

# %%
def stated(v, label: str) -> str:
    """A share as the report printed it ("more than 50%"), of whom, and its censored interval."""
    q, (lo, hi) = v.details["qualifier"], v.details["censored_interval"]
    bound = (f"at least {fmt.pct(lo)}" if q in ("more_than", "at_least") else fmt.interval(lo, hi))
    of = labels.term(v.details.get("population", "decision_makers"), "population")
    share = fmt.as_printed(v.estimate, v.details["resolution"], q, v.details.get("expression"))
    return f"{share} of the {of} {label} ({bound})"


thread = {}
for k, v in sorted(later.items(), key=lambda kv: (kv[1].details["period"], -kv[1].estimate)):
    indicator = k.split(".")[2]
    if indicator.startswith("open_data") and indicator != "open_data_smart_belief":
        thread.setdefault(v.details["period"], []).append(stated(v, labels.term(indicator, "indicator")))
recent = res["share.open_data_by_2018.all"]
census = (d.indicators[d.indicators["indicator"] == "obligated_share_open_data"]
          .merge(d.figures[["figure_id", "resolution"]], left_on="preferred_figure_id", right_on="figure_id")
          .sort_values("period", kind="stable"))


def printed_share(r) -> str:
    return fmt.as_reported_row(r._asdict(), d.figures)


report.say(
    "Each edition that asked about open data set it at a horizon ahead of the survey. {editions} The undated edition "
    "found {recent}. The "
    "intervals are the censored ones, over the assumed numbers of respondents. Beside these intentions, not against "
    "them, stands the share of the collectivités the law obliged to open their data that had done so, as "
    "OpenDataFrance counted them: {census} "
    "({ref}). The census covers every collectivité concerned, and Markess a survey's respondents, asked different "
    "questions each time: the figures stand side by side, and no shift between editions is measured.",
    editions=" ".join(f"In {year}, {fmt.listing(items)}." for year, items in sorted(thread.items())),
    recent=stated(recent, labels.term("open_data_by_2018", "indicator")),
    census=fmt.listing([f"{printed_share(r)} in {fmt.period(r.period)}" for r in census.itertuples()]),
    ref=xref.chapter("50_trends"),
)

# %%
report.key_findings("markess", [
    f"Among the priorities for agents' tools, {lead[0].lower() + lead[1:]}.",
    f"Each edition that asked about open data set it at a horizon ahead of the survey; "
    f"OpenDataFrance counted {printed_share(next(census.tail(1).itertuples()))} of the collectivités obliged to open their data "
    f"doing so in {fmt.period(census['period'].iloc[-1])}.",
    f"The undated survey's intervals are sensitivities over n from {fmt.num(min(feasible))} to "
    f"{fmt.num(max(feasible))}, the later editions' over the sizes their own shares allow; the number of "
    "respondents was published only for "
    + fmt.listing([f"the {p} edition ({labels.cite(src)})"
                   for p, src in sorted({(v.details["period"], v.details["source_id"]) for v in later.values() if v.n})])
    + ".",
    "The editions asked different questions of different people: no trend can be drawn.",
])
