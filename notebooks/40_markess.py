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
# their priorities were. Neither the date of the study nor the number of respondents was published:
# every interval in this chapter is therefore a sensitivity over an assumed number of respondents,
# never a fact.

# %% tags=["parameters"]
n_display = 165
highlight = ["user_relation_high_digital", "mobility_priority", "franceconnect_integration"]

# %%
import pandas as pd

from analysis.data.load import Processed
from analysis.models import stage
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter(4)
d = Processed()
res = stage.load("markess")
sens = stage.load_plot("markess", "markess_n_sensitivity")
grid = sorted(sens["n"].unique())

# %% [markdown]
# ## Shares and their sensitivity to the unknown number of respondents

# %%
shown = sens[sens["n"] == n_display].sort_values("value", ascending=False, kind="stable")
tables.style(shown[["indicator", "subgroup", "value", "ci_low", "ci_high"]],
             caption=figures.table_caption(f"Markess shares with a 95% Wilson interval if n were {n_display} (an assumption)."),
             formats={c: "{:.0%}" for c in ["value", "ci_low", "ci_high"]})

# %%
figures.show(plots.n_sensitivity(sens, highlight),
             caption="The intervals depend on an n nobody published: narrow if many answered, twice as wide if few did.",
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
widest = res[f"share.{highlight[0]}.all"]
report.say(
    f"Over the assumed n from {grid[0]} to {grid[-1]}, the share of decision makers for whom the relation with "
    f"users needs an important use of digital, {fmt.pct(widest.estimate)}, lies within "
    f"{fmt.interval(widest.ci_low, widest.ci_high)}. Treating the printed figure as a rounded count of an unknown n "
    f"(every feasible n of the grid equally likely, Jeffreys prior), the 95% posterior interval is "
    f"{fmt.interval(*widest.details['censored_interval'])}."
)

# %% [markdown]
# ## Priorities for the agents' tools

# %%
rank = res["ranking.agent_tools"]
order, vals = rank.details["order"], rank.details["values"]
others = [f"{o.replace('_', ' ')} ({fmt.pct(vals[o])})" for o in order[1:]]
by_n = rank.details["first_two_by_n"]
resolved = [int(n) for n, v in by_n.items() if v["ci"][0] > 0 or v["ci"][1] < 0]
lead_words = ("the data cannot tell the first two apart at any assumed n" if not resolved
              else f"the first two differ from n = {fmt.num(min(resolved))}")
report.say(
    f"{order[0].removesuffix('_priority').replace('_', ' ').capitalize()} comes first ({fmt.pct(vals[order[0]])}), then {fmt.listing(others)}; "
    f"{lead_words}."
)

# %% [markdown]
# ## The 2010 edition: different questions
#
# Markess's 2010 survey of local decision makers asked about priorities at a 2012 horizon. Its
# questions differ from the recent edition's, so the figures are shown side by side, never joined as
# a trend; here n is known.

# %%
old = {k.split(".", 1)[1]: v for k, v in res.items() if k.startswith("edition2010.")}
tables.style(pd.DataFrame([{"indicator": k, "share": v.estimate, "ci_low": v.ci_low, "ci_high": v.ci_high, "n": v.n}
                           for k, v in old.items()]),
             caption=figures.table_caption("Markess 2010 edition, with Wilson intervals (n published)."),
             formats={c: "{:.0%}" for c in ["share", "ci_low", "ci_high"]})

# %%
report.key_findings("markess", [
    f"{order[0].removesuffix('_priority').replace('_', ' ').capitalize()} is the first priority for agents' tools "
    f"({fmt.pct(rank.details['values'][order[0]])}); {lead_words}.",
    f"Intervals are sensitivities over n from {grid[0]} to {grid[-1]}: the number of respondents was never published.",
    "The 2010 edition asked different questions: no trend can be drawn.",
])
