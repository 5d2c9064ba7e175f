"""Reports that cannot all be right: a construct smaller than what it contains.

The codebook says which barometer constructs contain which (civil status dematerialised "at all"
contains "partly" and "fully"), and which parts are complementary (disjoint). A whole cannot be
smaller than its largest part, nor, when its parts are disjoint, than their sum. Checked on the
intervals, not on the point values, so that a clash is only named when sampling cannot explain it:
the whole's upper bound lies below what the parts' lower bounds require at the least.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Clash:
    whole: str
    parts: tuple[str, ...]
    #: the parts are disjoint, so the whole must hold their sum, not only the largest
    disjoint: bool
    #: the least the parts require of the whole, from their interval's lower bounds
    needed_low: float
    #: the whole's upper bound, below needed_low
    whole_high: float


def clashes(topics: pd.DataFrame, spec: dict[str, dict]) -> list[Clash]:
    """Every whole of `spec` (construct -> its codebook entry, with `contains` and `relation`) whose
    interval in `topics` (one row per construct: ci_low, ci_high) lies wholly below its parts' need."""
    by_construct = topics.set_index("construct")
    found = []
    for whole, entry in spec.items():
        parts = [c for c in entry.get("contains", []) if c in by_construct.index]
        if whole not in by_construct.index or not parts:
            continue
        w, p = by_construct.loc[whole], by_construct.loc[parts]
        if pd.isna(w["ci_high"]) or p["ci_low"].isna().any():
            continue
        disjoint = any(spec[c].get("relation") == "complementary" for c in parts)
        needed = float(p["ci_low"].sum() if disjoint else p["ci_low"].max())
        if float(w["ci_high"]) < needed:
            found.append(Clash(whole, tuple(parts), disjoint, needed, float(w["ci_high"])))
    return found
