"""What the sources said in words: the coded statements of themes.csv, per study and across studies.

The press reports describe findings, drivers and barriers far more often than they print numbers.
The themes table codes those statements on the codebook's vocabulary; this module groups them so a
chapter can open with what its study found, and the synthesis can set the drivers and barriers of
all studies side by side (through the codebook's families, the project's own grouping).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.codebook import FAMILY_THEMES, Codebook

#: The order in which a chapter tells what its study did and said.
THEME_ORDER = ("method", "finding", "motivation", "strategy", "driver", "barrier", "success_factor", "priority")

#: What each family theme did to the collectivités, in the synthesis's words (every role of
#: FAMILY_THEMES; analysis.publish.themes.ROLE_PHRASE words each as a verb phrase).
ROLE = {"driver": "drove", "barrier": "held back", "success_factor": "helped succeed"}


def of_study(themes: pd.DataFrame, study: str, book: Codebook) -> pd.DataFrame:
    """One row per (theme, code) the study's sources coded, in THEME_ORDER and then in the order the
    codes first appear; `sources` lists every document that made the statement (first one first)."""
    t = themes[themes["study"] == study]
    if t.empty:
        return pd.DataFrame(columns=["theme", "code", "description", "sources"])
    first = t.sort_values("theme_id", kind="stable").groupby(["theme", "code"], sort=False)
    rows = [{"theme": theme, "code": code, "description": book.theme_codes[code]["description"],
             "sources": tuple(dict.fromkeys(g["source_id"])), "first": g["theme_id"].iloc[0]}
            for (theme, code), g in first]
    out = pd.DataFrame(rows)
    out["order"] = out["theme"].map({t: i for i, t in enumerate(THEME_ORDER)}).fillna(len(THEME_ORDER))
    return (out.sort_values(["order", "first"], kind="stable").drop(columns=["order", "first"])
            .reset_index(drop=True))


def across_studies(themes: pd.DataFrame, book: Codebook) -> pd.DataFrame:
    """For each family of the codebook and each role (drove, held back, made succeed): the studies
    whose sources name it, how many statements, and the sources. Families no study names in a role
    are left out; rows come in the codebook's order of families, then drove / held back / succeed."""
    # Studies in the codebook's order (the order of the chapters), not alphabetically.
    study_rank = {s: i for i, s in enumerate(book.vocabularies.get("study", {}))}
    family_of = {c: f for f, spec in book.theme_families.items() for c in spec["codes"]}
    t = themes[themes["theme"].isin(FAMILY_THEMES)].assign(family=lambda x: x["code"].map(family_of))
    if t["family"].isna().any():
        missing = sorted(t.loc[t["family"].isna(), "code"].unique())
        raise ValueError("themes.csv: codes in no family of the codebook: " + ", ".join(missing))
    rows = []
    for fam, spec in book.theme_families.items():
        for theme in FAMILY_THEMES:
            g = t[(t["family"] == fam) & (t["theme"] == theme)].sort_values("theme_id", kind="stable")
            if g.empty:
                continue
            rows.append({"family": fam, "label": spec["label"], "role": ROLE[theme], "theme": theme,
                         "studies": tuple(sorted(g["study"].unique(), key=study_rank.get)), "statements": len(g),
                         "codes": tuple(dict.fromkeys(g["code"])), "sources": tuple(dict.fromkeys(g["source_id"]))})
    return pd.DataFrame(rows, columns=["family", "label", "role", "theme", "studies", "statements", "codes",
                                       "sources"])
