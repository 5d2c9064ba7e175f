"""Put side by side every report of the same figure, keep them all, and say how far they agree.

Outlets reporting the same study do not always print the same number (état civil: 65 % / 30 %
in Weka against 50 % / one third elsewhere). Nothing is dropped or averaged: each indicator keeps
all its reports, the gap between them, whether they agree within the precision each was printed
with, and one *preferred* report chosen by a rule named in params.yaml, so that a reader can see
and change the choice.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import pandas as pd

#: Reports are reconciled only when they measure the same thing: the same construct (codebook
#: vocabulary `construct`) counted in the same unit of observation, for the same population,
#: subgroup, commune and period. Related constructs are grouped under a topic, never reconciled.
KEY = ["study", "indicator", "construct", "unit_of_observation", "population", "subgroup", "commune_code",
       "period"]

CONFLICT_COLUMNS = [*KEY, "agreement", "gap", "rank", "preferred", "figure_id", "source_id", "source_kind",
                    "expression", "value", "lower", "upper", "other_figure_id", "other_source_id",
                    "other_expression", "reason", "note"]

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


def _bounds(f: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each report's interval widened by half its printed step (as _interval, for a whole frame)."""
    half = f["resolution"].astype(float).fillna(0.0) / 2
    lo = f["lower"].astype(float).fillna(-math.inf) - half
    hi = f["upper"].astype(float).fillna(math.inf) + half
    return lo, hi


def _fmt(x: float) -> str:
    return "unbounded" if math.isinf(x) else f"{x:.10g}"


def _reason(r, o, lo_r, hi_r, lo_o, hi_o) -> str:
    return (f"{r['source_id']} prints « {r['expression']} » ({_fmt(lo_r)} to {_fmt(hi_r)} at its printed "
            f"precision) and {o['source_id']} prints « {o['expression']} » ({_fmt(lo_o)} to {_fmt(hi_o)}): "
            f"the same construct ({r['construct']}, {r['unit_of_observation']}), and the two ranges do not "
            "overlap, so they cannot both be true")


def _joined(column: pd.Series, size: pd.Series) -> pd.Series:
    """";"-joined values of each group of a frame sorted by group (one pass, no per-group pandas)."""
    values = column.tolist()
    ends = size.cumsum().tolist()
    starts = [0, *ends[:-1]]
    return pd.Series([";".join(values[a:b]) for a, b in zip(starts, ends, strict=True)], index=size.index)


def reconcile(figures: pd.DataFrame, rule: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (indicators, conflicts): one row per key (study x indicator x construct x unit of
    observation x population x subgroup x commune x period), and every report that disagrees with
    another report of its key beyond printed precision, naming the other report and why.

    Vectorised: one sort, then group-wise aggregates; cost linear in the number of reports.
    """
    order = rule["preferred_order"]
    kind_rank = rule["source_kind_rank"]
    status_rank = rule["status_rank"]
    rule_text = "best first by " + ", then ".join(order) + "; ties by figure_id"

    f = figures.copy()
    f["commune_code"] = f["commune_code"].fillna("")
    f["period"] = f["period"].fillna("")
    ranked = sort_reports(f, order, kind_rank, status_rank)
    # Group order = sorted keys (as groupby(sort=True)); within a group, the rule's order.
    gid = ranked.groupby(KEY, sort=True, dropna=False).ngroup()
    ranked = ranked.assign(_g=gid.to_numpy()).sort_values("_g", kind="mergesort").reset_index(drop=True)
    g = ranked.groupby("_g", sort=True)
    n_units = g["unit"].nunique()
    if (n_units > 1).any():
        first = int(n_units[n_units > 1].index[0])
        grp = ranked[ranked["_g"] == first]
        key = tuple(grp.iloc[0][KEY])
        raise ValueError(f"indicator {key[1]!r} ({dict(zip(KEY, key, strict=True))}) is "
                         f"reported in several units: {sorted(set(grp['unit']))}; split it or fix the unit")
    best = g.head(1).set_index("_g")
    size = g.size()
    vmin, vmax = g["value"].min(), g["value"].max()
    lo, hi = _bounds(ranked)
    ranked["_lo"], ranked["_hi"] = lo, hi
    overlap = g["_lo"].max() <= g["_hi"].min() + 1e-12
    identical = (g["value"].nunique() == 1) & (g["qualifier"].nunique() == 1)
    verdict = pd.Series("conflict", index=size.index)
    verdict[overlap] = "within_rounding"
    verdict[identical] = "identical"
    if "scale_min" in ranked:
        smin = ranked["scale_min"].astype(float).round(10)
        smax = ranked["scale_max"].astype(float).round(10)
        is_scale = (ranked["value"].isna().groupby(ranked["_g"]).all()
                    & ranked["scale_max"].notna().groupby(ranked["_g"]).all())
        n_bounds = pd.DataFrame({"a": smin, "b": smax, "_g": ranked["_g"]}).drop_duplicates().groupby("_g").size()
        verdict[is_scale] = n_bounds[is_scale].map(lambda n: "identical" if n == 1 else "conflict")
    verdict[size == 1] = "single"
    indicators = pd.DataFrame({
        **{k: best[k] for k in KEY},
        "domain": best["domain"],
        "unit": best["unit"],
        "n_reports": size,
        "n_sources": g["source_id"].nunique(),
        "figure_ids": _joined(ranked["figure_id"], size),
        "source_ids": _joined(ranked["source_id"], size),
        "preferred_figure_id": best["figure_id"],
        "preferred_source_id": best["source_id"],
        "expression": best["expression"],
        "value": best["value"],
        "lower": best["lower"],
        "upper": best["upper"],
        "qualifier": best["qualifier"],
        "min_value": vmin.astype(float),
        "max_value": vmax.astype(float),
        "gap": (vmax - vmin).astype(float),
        "agreement": verdict,
        "rule": rule_text,
    }).reset_index(drop=True)

    # Conflicts: in a disputed key, each report whose range misses another report's range, with the
    # best-ranked report it contradicts (in one dimension, ranges that pairwise overlap share a point,
    # so a key is in conflict exactly when some pair is disjoint).
    disputed = verdict[verdict == "conflict"].index
    rows = []
    sub = ranked[ranked["_g"].isin(disputed)]
    for _, group_recs in itertools.groupby(sub.to_dict("records"), key=lambda r: r["_g"]):
        recs = list(group_recs)  # one disputed key, best first
        values = [x["value"] for x in recs]
        scale = all(_missing(v) for v in values)
        gap = float(max(values) - min(values)) if not scale else math.nan
        for rank, r in enumerate(recs, start=1):
            if scale:  # bounds of a scale
                other = next((o for o in recs if o is not r and (o["scale_min"], o["scale_max"])
                              != (r["scale_min"], r["scale_max"])), None)
                lr, hr, lo_, ho_ = r["scale_min"], r["scale_max"], *(
                    (other["scale_min"], other["scale_max"]) if other else (math.nan, math.nan))
            else:
                other = next((o for o in recs if o is not r and (o["_lo"] > r["_hi"] + 1e-12
                                                                 or r["_lo"] > o["_hi"] + 1e-12)), None)
                lr, hr = r["_lo"], r["_hi"]
                lo_, ho_ = (other["_lo"], other["_hi"]) if other else (math.nan, math.nan)
            if other is None:
                continue
            rows.append({**{k: r[k] for k in KEY}, "agreement": "conflict",
                         "gap": gap, "rank": rank,
                         "preferred": rank == 1, "figure_id": r["figure_id"], "source_id": r["source_id"],
                         "source_kind": r["source_kind"], "expression": r["expression"], "value": r["value"],
                         "lower": r["lower"], "upper": r["upper"], "other_figure_id": other["figure_id"],
                         "other_source_id": other["source_id"], "other_expression": other["expression"],
                         "reason": _reason(r, other, lr, hr, lo_, ho_), "note": r["note"]})
    conflicts = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return indicators, conflicts
