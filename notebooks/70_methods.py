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
# How the figures were collected, what every column means, how French wording becomes numbers, where
# the sources disagree, and the exact environment and data behind this edition.

# %% tags=["parameters"]
show_vocabularies = True

# %%
import json
import platform
from importlib import metadata

import pandas as pd
from IPython.display import display

from analysis import paths
from analysis.data import codebook
from analysis.data.load import Processed
from analysis.data.parse import parse
from analysis.publish import figures, fmt, report, tables

figures.start_chapter(7)
d = Processed()
book = codebook.load()

# %% [markdown]
# ## Codebook
#
# Every raw table, column and vocabulary, from `data/raw/codebook.yaml`, the file the cleaning stage
# validates against.

# %%
rows = [{"table": t.file, "column": c.name, "type": c.type + (f" ({c.vocabulary})" if c.vocabulary else ""),
         "required": "yes" if c.required else "", "description": c.description}
        for t in book.tables.values() for c in t.columns]
tables.style(pd.DataFrame(rows), caption=figures.table_caption("Columns of the raw tables."), readable=False,
             formats={"table": tables.code_cell, "column": tables.code_cell, "type": tables.code_cell,
                      "description": tables.prose_cell})

# %%
if show_vocabularies:
    vocab = pd.DataFrame([{"vocabulary": v, "term": k, "meaning": m}
                          for v, terms in book.vocabularies.items() for k, m in terms.items()])
    display(tables.style(vocab, caption=figures.table_caption("Controlled vocabularies."), readable=False,
                         formats={"vocabulary": tables.code_cell, "term": tables.code_cell,
                                  "meaning": tables.prose_cell}))

# %%
report.say("Left out on purpose: " + " ".join(f"({i}) {t}" for i, t in enumerate(book.not_transcribed, start=1)))

# %% [markdown]
# ## Sources
#
# The bibliography: every document a figure comes from, cited in the chapters by outlet and year,
# with its title, author, date as printed and address.

# %%
report.bibliography(d.sources)

# %% [markdown]
# ## Parsing rules
#
# Each printed expression is read by `src/analysis/parse.py`. One example of every form found in the
# data, with what it becomes:

# %%
ex = d.figures.drop_duplicates(["parsed_unit", "qualifier"])[["expression", "parsed_unit", "qualifier", "value",
                                                               "lower", "upper", "resolution"]]
tables.style(ex, caption=figures.table_caption("One example of each unit and qualifier, as parsed."))

# %%
from analysis.data.parse import _PREFIXES  # noqa: E402

qualifiers = "; ".join(f"{q.replace('_', ' ')}: " + ", ".join(f"« {w} »" for w in words) for q, words in _PREFIXES)
report.say(f"Qualifier words the parser knows — {qualifiers}.")

# %%
report.say(
    f"Shares are fractions; rates are per month with their window kept; a count to a calendar date keeps the "
    f"date; word fractions (« un tiers ») carry a step of {fmt.pct(parse('un tiers').resolution)}. An expression "
    "the parser cannot read without guessing (« quelques », « 4/5 ») stops the pipeline with its file, line and "
    "column."
)

# %% [markdown]
# ## Conflicts log
#
# Every indicator whose reports differ, each report with its source; the rule of `params.yaml`
# (section `clean`) picks the preferred report, shown first.

# %%
tables.style(tables.conflicts_view(d.conflicts), max_rows=60, whole="data/processed/conflicts.csv",
             caption=figures.table_caption("Conflicts between reports."))

# %% [markdown]
# ## Environment and data
#
# The versions that produced this edition and the fingerprints of the processed data.

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

# %%
report.key_findings("methods", [
    f"{len(d.figures)} figures from {len(d.sources)} sources, each naming its document.",
    f"{int((d.indicators['agreement'] == 'conflict').sum())} indicators with conflicting reports, all kept.",
    "Every number in the chapters is computed by the pipeline from these tables.",
])
