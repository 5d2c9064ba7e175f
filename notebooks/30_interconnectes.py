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

from analysis.data.load import Processed
from analysis.models import stage
from analysis.publish import figures, fmt, plots, report, tables

figures.start_chapter()
d = Processed()
res = stage.load("interconnectes")
resp = res["respondents"]
shares = stage.load_plot("interconnectes", "interconnectes_shares")

# %% [markdown]
# ## Who answered

# %%
by_type = [f"{v:.0f} {k.replace('_', ' ')}" for k, v in resp.details["by_type"].items()]
report.say(
    f"The barometer surveyed {fmt.num(resp.details['surveyed'])} collectivités. The respondents reported by type "
    f"add up to {fmt.num(resp.estimate)} ({fmt.listing(by_type)}), "
    f"a response rate of {fmt.pct(resp.details['response_rate'])}.{report.warnings_note(resp)}"
)

# %% [markdown]
# ## Every share with its uncertainty
#
# The dark bar is the Wilson confidence interval if the respondents were a random sample of the collectivités
# surveyed (with the finite-population correction); the grey bar is what non-response alone allows,
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
tables.style(s[["indicator", "value", "ci_low", "ci_high", "bound_low", "bound_high", "agreement"]],
             caption=figures.table_caption("Shares of the 2012 barometer: value, 95% interval, non-response bounds."),
             formats={c: "{:.0%}" for c in ["value", "ci_low", "ci_high", "bound_low", "bound_high"]})

# %%
head = res["share.voluntarist_projects"]
b = res["bounds.voluntarist_projects"]
head_reports = d.figures[(d.figures["study"] == "interconnectes") & (d.figures["indicator"] == "voluntarist_projects")]
headline_note = head_reports["note"].dropna().iloc[0]
report.say(
    f"The headline figure ({headline_note}), {fmt.pct(head.estimate)} of collectivités with voluntarist e-administration projects, "
    f"has a sampling interval of {fmt.interval(head.ci_low, head.ci_high)} "
    f"({head.details['counts'][0]} of {head.n}), but non-response leaves anything from {fmt.pct(b.ci_low)} to "
    f"{fmt.pct(b.ci_high)} possible among all {b.details['surveyed']} collectivités surveyed."
)

# %% [markdown]
# ## When outlets disagree
#
# Weka, Archimag, Localtis and France Matin do not print the same figures for civil status and library
# reservations. If each report came from a different sample of respondents, could both be true?

# %%
comp = {k: v for k, v in res.items() if k.startswith("compare.")}
rows = [{"comparison": v.name, "difference": v.estimate, "ci_low": v.ci_low, "ci_high": v.ci_high,
         "p-value": v.pvalue, "both possible": v.details["compatible_within_sampling_error"]} for v in comp.values()]
tables.style(pd.DataFrame(rows), caption=figures.table_caption("Differences between outlet reports, as if from independent samples."),
             formats={"difference": "{:+.0%}", "ci_low": "{:+.0%}", "ci_high": "{:+.0%}", "p-value": "{:.3f}"})

# %%
conf = d.conflicts[d.conflicts["study"] == "interconnectes"]
tables.style(conf[["indicator", "agreement", "source_id", "expression", "value", "preferred", "note"]],
             caption=figures.table_caption("Every report of the disputed figures; the preferred one is chosen by the rule of params.yaml."))

# %%
ec = res["compare.civil_status_dematerialised"]
report.say(
    f"For civil status, {ec.name.split(': ')[1]} cannot both be right: the gap is beyond sampling error "
    f"(p = {ec.pvalue:.3f}), so one outlet misreported or the two measure different things (partly against "
    "fully dematerialised requests). Both reports are kept; the preferred one follows the rule."
)

# %%
report.key_findings("interconnectes", [
    f"{fmt.num(resp.estimate)} of {fmt.num(resp.details['surveyed'])} collectivités answered ({fmt.pct(resp.details['response_rate'])}).",
    f"{fmt.pct(head.estimate)} had voluntarist projects ({fmt.interval(head.ci_low, head.ci_high)}); "
    f"non-response allows {fmt.interval(b.ci_low, b.ci_high)}.",
    f"Outlets disagree on civil status ({ec.name.split(': ')[1]}): beyond sampling error.",
])
