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
# # Model stage
#
# Computes every model group from `data/processed/` with its section of `params.yaml`, writes each
# group's results to `data/processed/models/<group>.json` (DVC metrics) and the tables behind its
# plots to `data/processed/plots/<group>/` (DVC plots), and shows them below for review. All groups
# run in one kernel: starting one per group cost more than the models themselves.

# %% tags=["parameters"]
interconnectes = {"method": "wilson", "alpha": 0.05, "n_alternatives": [95, 100]}
markess = {"method": "wilson", "alpha": 0.05, "n_grid": [60, 100, 165, 250, 400]}
pac = {"reference_date": "2012-10-01", "reference_dates": ["2012-06-01", "2012-10-01", "2013-01-01", "2013-04-01", "2013-07-01"], "power_rho": 0.6, "simulations": 2000, "bootstrap": 2000, "seed": 20121203}
lecko = {"include_overseas": True, "bootstrap": 2000, "seed": 20140311}
trends = {"horizon": 2025}
synthesis = {"concordance_studies": ["lecko", "interconnectes"], "bootstrap": 2000, "seed": 2014}

# %%
from analysis.models import stage
from analysis.publish import tables

groups = {"interconnectes": interconnectes, "markess": markess, "pac": pac, "lecko": lecko, "trends": trends,
          "synthesis": synthesis}
# Every group is computed before any file is written: one failing group leaves all outputs as they were.
results = stage.run_all(groups)

# %% [markdown]
# ## Results
#
# Each row is one result object: estimate, interval, n, method and the warnings that qualify it.

# %%
tables.style(tables.results_view({f"{g}.{k}": r for g, res in results.items() for k, r in res.items()}),
             caption="Results of every model group.")

# %% [markdown]
# ## Summaries

# %% tags=["review-only"]
for group, res in results.items():
    for key, result in res.items():
        print(f"{group}.{key}")
        print(result.summary())
        print()
