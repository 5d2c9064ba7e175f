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
# # Cleaning: from hand transcriptions to a tidy, reconciled dataset
#
# Every figure in this project was transcribed by hand from a press article or a public page into
# `data/raw/`, exactly as printed, with the document it comes from. This stage checks those tables
# against the codebook, reads each French expression into numbers, puts side by side the reports of
# the same figure by different outlets, and writes `data/processed/`. Nothing is written unless
# every check passes.

# %% tags=["parameters"]
preferred_order = ["source_kind", "status", "precision", "earliest"]
source_kind_rank = ["study_release", "statistics_office", "official", "press", "blog", "compilation"]
status_rank = ["printed", "paraphrased", "unverified", "uncertain"]

# %%
from IPython.display import Markdown

from analysis.data import clean
from analysis.publish import figures, tables

figures.start_chapter()

result = clean.run(rule=dict(preferred_order=preferred_order,
                             source_kind_rank=source_kind_rank,
                             status_rank=status_rank))

# %% [markdown]
# ## Validation summary
#
# The raw tables passed every check of the codebook (types, vocabularies, identifiers, source
# references, parseable expressions with the declared unit, shares that are proportions, ranges in order,
# valid dates and periods). What went in and what came out:

# %%
tables.style(result.summary(), caption=figures.table_caption("Counts of the cleaning stage."))

# %% [markdown]
# ## Reports that disagree
#
# An indicator is one thing measured on one population, subgroup, commune and period. When several
# outlets report it, all reports are kept. They agree *within rounding* when the ranges their words
# allow, widened by half the step each was printed with, overlap; otherwise they are in *conflict*.
# The preferred report is chosen by the rule of `params.yaml` (section `clean`), shown first.

# %%
Markdown(clean.describe_conflicts(result))

# %%
tables.style(tables.conflicts_view(result.conflicts),
             caption=figures.table_caption("Every report of the indicators whose reports differ, preferred first."))
