"""Put side by side every report of the same figure, keep them all, and say how far they agree.

Outlets reporting the same study do not always print the same number (état civil: 65 % / 30 %
in Weka against 50 % / one third elsewhere). Nothing is dropped or averaged: each indicator keeps
all its reports, the gap between them, whether they agree within the precision each was printed
with, and one *preferred* report chosen by a rule named in params.yaml, so that a reader can see
and change the choice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

KEY = ["study", "indicator", "population", "subgroup", "commune_code", "period"]

#: Criteria that the preferred-report rule may list, in params.yaml `clean.preferred_order`.
CRITERIA = ("source_kind", "status", "precision", "earliest", "latest")

QUALIFIER_RANK = {"exact": 0, "scale": 0, "range": 1, "approximately": 2, "at_least": 3, "more_than": 3,
                  "less_than": 3}


def _interval(row) -> tuple[float, float]:
    half = (row["resolution"] or 0.0) / 2
    lo = row["lower"] if not _missing(row["lower"]) else -math.inf
    hi = row["upper"] if not _missing(row["upper"]) else math.inf
    return lo - half, hi + half


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def agreement(group: pd.DataFrame) -> str:
    """single | identical | within_rounding | conflict.

    Two reports agree within rounding when the ranges their words allow, each widened by half
    the step it was printed with ("21 %" covers 20.5-21.5 %, "un sur cinq" 17.5-22.5 %), overlap.
    """
    if len(group) == 1:
        return "single"
    if ("scale_min" in group and group["value"].isna().all() and group["scale_max"].notna().all()):
        # The bounds of a scale (« de 0 à 5 ») have no central value: compare the bounds.
        bounds = group[["scale_min", "scale_max"]].astype(float).round(10).drop_duplicates()
        return "identical" if len(bounds) == 1 else "conflict"
    if group["value"].nunique() == 1 and group["qualifier"].nunique() == 1:
        return "identical"
    intervals = [_interval(r) for _, r in group.iterrows()]
    if max(lo for lo, _ in intervals) <= min(hi for _, hi in intervals) + 1e-12:
        return "within_rounding"
    return "conflict"


def sort_reports(group: pd.DataFrame, order: Sequence[str], kind_rank: Sequence[str],
                 status_rank: Sequence[str]) -> pd.DataFrame:
    """Order reports best first by the criteria listed; figure_id breaks ties deterministically."""
    unknown = [c for c in order if c not in CRITERIA]
    if unknown:
        raise ValueError(f"params.yaml clean.preferred_order: unknown criteria {unknown}; "
                         f"allowed: {', '.join(CRITERIA)}")
    g = group.copy()
    g["_kind"] = g["source_kind"].map({k: i for i, k in enumerate(kind_rank)}).fillna(len(kind_rank))
    g["_status"] = g["status"].map({k: i for i, k in enumerate(status_rank)}).fillna(len(status_rank))
    g["_qual"] = g["qualifier"].map(QUALIFIER_RANK)
    g["_width"] = (g["upper"].fillna(math.inf) - g["lower"].fillna(-math.inf)).abs()
    g["_date"] = g["source_date"].fillna("9999")
    g["_date_desc"] = g["source_date"].fillna("0000").map(lambda s: "".join(chr(255 - ord(c)) for c in s))
    columns: list[str] = []
    for c in order:
        columns += {"source_kind": ["_kind"], "status": ["_status"],
                    "precision": ["_qual", "_width", "resolution"],
                    "earliest": ["_date"], "latest": ["_date_desc"]}[c]
    g = g.sort_values([*columns, "figure_id"], kind="mergesort")
    return g.drop(columns=[c for c in g.columns if c.startswith("_")])


def reconcile(figures: pd.DataFrame, rule: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (indicators, conflicts): one row per indicator key, and every report of a key
    whose reports do not all print the same value."""
    order = rule["preferred_order"]
    kind_rank = rule["source_kind_rank"]
    status_rank = rule["status_rank"]
    rule_text = "best first by " + ", then ".join(order) + "; ties by figure_id"

    f = figures.copy()
    f["commune_code"] = f["commune_code"].fillna("")
    f["period"] = f["period"].fillna("")
    rows, conflict_rows = [], []
    # One stable sort of every report, then groups: each group keeps the sorted order, exactly
    # as if it had been sorted alone (and 230 small pandas sorts cost a second).
    for key, ranked in sort_reports(f, order, kind_rank, status_rank).groupby(KEY, sort=True, dropna=False):
        units = sorted(set(ranked["unit"]))
        if len(units) > 1:
            raise ValueError(f"indicator {key[1]!r} ({dict(zip(KEY, key, strict=True))}) is "
                             f"reported in several units: {units}; split it or fix the unit")
        best = ranked.iloc[0]
        verdict = agreement(ranked)
        gap = float(ranked["value"].max() - ranked["value"].min())
        rows.append({
            **dict(zip(KEY, key, strict=True)),
            "domain": best["domain"],
            "unit": units[0],
            "n_reports": len(ranked),
            "n_sources": ranked["source_id"].nunique(),
            "figure_ids": ";".join(ranked["figure_id"]),
            "source_ids": ";".join(ranked["source_id"]),
            "preferred_figure_id": best["figure_id"],
            "preferred_source_id": best["source_id"],
            "expression": best["expression"],
            "value": best["value"],
            "lower": best["lower"],
            "upper": best["upper"],
            "qualifier": best["qualifier"],
            "min_value": float(ranked["value"].min()),
            "max_value": float(ranked["value"].max()),
            "gap": gap,
            "agreement": verdict,
            "rule": rule_text,
        })
        if verdict in ("within_rounding", "conflict"):
            for rank, (_, r) in enumerate(ranked.iterrows(), start=1):
                conflict_rows.append({
                    **dict(zip(KEY, key, strict=True)),
                    "agreement": verdict, "gap": gap, "rank": rank,
                    "preferred": rank == 1, "figure_id": r["figure_id"],
                    "source_id": r["source_id"], "source_kind": r["source_kind"],
                    "expression": r["expression"], "value": r["value"],
                    "lower": r["lower"], "upper": r["upper"], "note": r["note"],
                })
    indicators = pd.DataFrame(rows)
    conflicts = pd.DataFrame(conflict_rows, columns=[*KEY, "agreement", "gap", "rank", "preferred",
                                                      "figure_id", "source_id", "source_kind",
                                                      "expression", "value", "lower", "upper", "note"])
    return indicators, conflicts
