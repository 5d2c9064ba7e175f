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
from analysis.publish import figures, fmt, labels, plots, report, tables

figures.start_chapter(3)
d = Processed()
res = stage.load("interconnectes")
resp = res["respondents"]
shares = stage.load_plot("interconnectes", "interconnectes_shares")

# %% [markdown]
# ## Who answered

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
tables.style(s[["indicator", "value", "ci_low", "ci_high", "bound_low", "bound_high", "agreement"]],
             caption=figures.table_caption("Shares of the 2012 barometer: value, 95% interval, non-response bounds."),
             formats={c: "{:.0%}" for c in ["value", "ci_low", "ci_high", "bound_low", "bound_high"]})

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
share_res = {k.removeprefix("share."): v for k, v in res.items() if k.startswith("share.")}
only = {}
for k, v in share_res.items():
    only.setdefault(tuple(v.details["fits"]), []).append(k.replace("_", " "))
labels = {lab: base for lab, base in share_res["voluntarist_projects"].details["bases"].items()}
both = only.get(tuple(sorted(labels)), [])
one_only = {lab: only.get((lab,), []) for lab in labels}
none_fit = only.get((), [])
report.say(
    f"Of {fmt.num(len(share_res))} shares, {fmt.num(len(both))} fit both bases at their printed precision; "
    + "; ".join(f"{fmt.num(len(v))} fit only {lab} ({fmt.num(labels[lab])})" + (f": {fmt.listing(v)}" if v else "")
                for lab, v in one_only.items())
    + (f"; {fmt.num(len(none_fit))} fit neither ({fmt.listing(none_fit)})." if none_fit
       else "; every share fits at least one.")
)

# %%
head = res["share.voluntarist_projects"]
b = res["bounds.voluntarist_projects"]
head_reports = d.figures[(d.figures["study"] == "interconnectes") & (d.figures["indicator"] == "voluntarist_projects")]
headline_note = head_reports["note"].dropna().iloc[0]
report.say(
    f"The headline figure ({headline_note}), {fmt.pct(head.estimate)} of collectivités with voluntarist e-administration projects, "
    f"has a sampling interval of {fmt.interval(head.ci_low, head.ci_high)} on "
    f"{fmt.listing([f'{k} ({v})' for k, v in head.details['bases'].items()])}, "
    f"but non-response leaves anything from {fmt.pct(b.ci_low)} to "
    f"{fmt.pct(b.ci_high)} possible among all {b.details['surveyed']} collectivités surveyed."
)

# %% [markdown]
# ## When outlets disagree
#
# Weka, Archimag, Localtis and France Matin do not print the same figures for civil status and library
# reservations. Outlets quoting one survey report one count on one base: the question is not whether
# two independent samples could differ, but whether all the printed reports can be one number, rounded
# each at its own precision, on some base the respondents can make.

# %%
cons = {k.removeprefix("consistency."): v for k, v in res.items() if k.startswith("consistency.")}
rows = [{"figure": v.name, "reports": len(v.details["reports"]),
         "one number on one base": "yes" if v.details["consistent"] else "no",
         "bases where they can": ", ".join(v.details["bases"]) or "none"} for v in cons.values()]
tables.style(pd.DataFrame(rows),
             caption=figures.table_caption("Reports of one figure: can they all be one count on one base, at their "
                                           "printed precision?"))

# %%
conf = d.conflicts[d.conflicts["study"] == "interconnectes"]
tables.style(conf[["indicator", "agreement", "source_id", "expression", "value", "preferred", "note"]],
             max_rows=60, whole="data/processed/figures.csv",
             caption=figures.table_caption("Every report of the disputed figures; the preferred one is chosen by the rule of params.yaml."))

# %%
bad = [v for v in cons.values() if not v.details["consistent"]]
fine = [v for v in cons.values() if v.details["consistent"]]
report.say(
    f"Of {fmt.count_words(len(cons), 'disputed figure')}, {fmt.num(len(bad))} cannot be one number rounded "
    "differently"
    + (f" ({fmt.listing([v.name for v in bad])}): one outlet misreported, or the outlets describe related but "
       "different things, shown side by side above" if bad else "")
    + (f"; {fmt.num(len(fine))} can be one number printed at different precisions" if fine else "")
    + ". Every report is kept; the preferred one follows the rule."
)

# %%
report.key_findings("interconnectes", [
    f"{fmt.num(resp.estimate)} of {fmt.num(resp.details['surveyed'])} collectivités answered ({fmt.pct(resp.details['response_rate'])}).",
    f"{fmt.pct(head.estimate)} had voluntarist projects ({fmt.interval(head.ci_low, head.ci_high)}); "
    f"non-response allows {fmt.interval(b.ci_low, b.ci_high)}.",
    f"Of {fmt.count_words(len(cons), 'figure')} reported differently by outlets, {fmt.num(len(bad))} cannot be "
    "one number rounded differently, on any base.",
])
