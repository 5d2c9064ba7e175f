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

figures.start_chapter()
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
widest = res[f"share.{highlight[0]}.all"]
report.say(
    f"Over the assumed n from {grid[0]} to {grid[-1]}, the share of decision makers for whom the relation with "
    f"users needs an important use of digital, {fmt.pct(widest.estimate)}, lies within "
    f"{fmt.interval(widest.ci_low, widest.ci_high)}."
)

# %% [markdown]
# ## Priorities for the agents' tools

# %%
rank = res["ranking.agent_tools"]
order, vals = rank.details["order"], rank.details["values"]
others = [f"{o.replace('_', ' ')} ({fmt.pct(vals[o])})" for o in order[1:]]
report.say(
    f"Mobility comes first ({fmt.pct(vals[order[0]])}), then {fmt.listing(others)}. "
    f"{report.warnings_note(rank).strip()}"
)

# %% [markdown]
# ## The 2010 edition: different questions
#
# Markess's 2010 survey of local decision makers asked about priorities at a 2012 horizon. Its
# questions differ from the recent edition's, so the figures are shown side by side, never joined as
# a trend; here n is known.

# %%
old = [v for k, v in res.items() if k.startswith("edition2010.")]
tables.style(pd.DataFrame([{"figure": v.name, "share": v.estimate, "ci_low": v.ci_low, "ci_high": v.ci_high, "n": v.n}
                           for v in old]),
             caption=figures.table_caption("Markess 2010 edition, with Wilson intervals (n published)."),
             formats={c: "{:.0%}" for c in ["share", "ci_low", "ci_high"]})

# %%
report.key_findings("markess", [
    f"Mobility is the first priority for agents' tools ({fmt.pct(rank.details['values'][order[0]])}), but its lead is "
    "within sampling error at every assumed n.",
    f"Intervals are sensitivities over n from {grid[0]} to {grid[-1]}: the number of respondents was never published.",
    "The 2010 edition asked different questions: no trend can be drawn.",
])
