"""The cleaning stage: raw transcriptions in, tidy and reconciled tables out.

It validates everything before writing anything, then writes all outputs as one atomic set
(see atomic.py), so that a bad raw row fails the stage with a message naming file, line,
column and value, and leaves data/processed/ exactly as it was.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import params as params_mod
from analysis import paths, precision
from analysis.data import codebook, datapackage
from analysis.data.parse import parse, parse_number
from analysis.data.reconcile import reconcile
from analysis.data.validate import Issue, RawDataError, RawTable, _label, validate
from analysis.pipeline import atomic

PARSED_COLUMNS = ["value", "lower", "upper", "qualifier", "parsed_unit", "resolution", "scale",
                  "period_months", "horizon", "horizon_months", "denominator", "date_iso"]


@dataclass(frozen=True)
class CleanResult:
    sources: pd.DataFrame
    figures: pd.DataFrame
    indicators: pd.DataFrame
    conflicts: pd.DataFrame
    communes: pd.DataFrame
    mentions: pd.DataFrame
    crosswalk: pd.DataFrame
    themes: pd.DataFrame
    topics: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """Counts a reader checks first: what went in, what came out."""
        agreement = self.indicators["agreement"].value_counts()
        rows = [
            ("sources", len(self.sources)),
            ("figures", len(self.figures)),
            ("studies and series", self.figures["study"].nunique()),
            ("indicators (indicator x construct x unit of observation x population x subgroup x commune x period)",
             len(self.indicators)),
            ("indicators reported more than once", int((self.indicators["n_reports"] > 1).sum())),
            ("... identical", int(agreement.get("identical", 0))),
            ("... within rounding", int(agreement.get("within_rounding", 0))),
            ("... in conflict", int(agreement.get("conflict", 0))),
            ("communes", len(self.communes)),
            ("city mentions", len(self.mentions)),
            ("domain crosswalk entries", len(self.crosswalk)),
            ("coded statements (themes)", len(self.themes)),
            ("reports of related constructs (topics)", len(self.topics)),
        ]
        return pd.DataFrame(rows, columns=["what", "count"])


def _frame(rt: RawTable) -> pd.DataFrame:
    return pd.DataFrame(rt.rows, columns=list(rt.table.column_names), dtype=object)


NUMBER_RE = re.compile(r"\d+(?:[ \u00a0\u202f.]\d{3})*(?:,\d+)?")
NEARLY_RE = re.compile(r"\b(?:près|presque)\b", re.IGNORECASE)


def printed_step(expression: str, unit: str, resolution: float) -> float:
    """The step of an approximate figure as printed (codebook: approximation_rule).

    A word fraction (« un tiers ») has the parser's step 0.05. Otherwise the step is the place value
    of the last significant digit of the printed number (« 660 000 »: 10 000; « 16 % »: 1 point;
    « 6,5 % »: 0.1 point); a whole percentage that is a multiple of 10 has a step of 5 points, a duration
    of 1 year; « une dizaine » has a step of 10.
    """
    m = NUMBER_RE.search(expression)
    if not m:
        if "dizaine" in expression.lower():
            return 10.0
        return float(resolution)
    digits = re.sub(r"[ \u00a0\u202f.]", "", m.group())
    if "," in digits:
        step = 10.0 ** -len(digits.split(",")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10.0 ** (len(digits) - len(stripped)) if stripped else 1.0
    if unit in ("share", "growth"):
        return min(step, 5.0) / 100
    if unit == "duration":
        return min(step, 1.0)
    return step


def approximate_bounds(expression: str, unit: str, value: float, resolution: float) -> tuple[float, float]:
    """« près de X », « presque X »: [X - step, X]; « environ X », « quelque X », « une dizaine »:
    [X - step/2, X + step/2]; shares stay within [0, 1], counts at or above 0."""
    step = printed_step(expression, unit, resolution)
    if NEARLY_RE.search(expression):
        lo, hi = round(value - step, 10), value
    else:
        lo, hi = round(value - step / 2, 10), round(value + step / 2, 10)
    lo = max(lo, 0.0)
    if unit in ("share", "growth"):
        hi = min(hi, 1.0)
    return lo, hi


def _as_printed(x: float, step: float) -> float:
    """A derived count rounded to the printed step (floating error of rate x months removed)."""
    return round(round(x / step) * step, 10) if step > 0 else x


def shape_figures(out: pd.DataFrame) -> pd.DataFrame:
    """What the parser's reading loses, restored from the words and the declared unit.

    * A pace (« 30 à 40 d'ici 4 ans », « 15 sur les 24 prochains mois ») keeps its printed count
      (count_low, count_high) and window (count_months) beside the derived per-month rate; a plan to a
      calendar horizon (« 40 à 50 d'ici à fin 2013 ») keeps its count the same way, with horizon.
    * The bounds of a scale (unit `scale`, « de 0 à 5 ») go to scale_min / scale_max with no central
      value: a scale is not a range with a midpoint.
    * An approximate figure gets the interval its words and printed step allow (approximate_bounds).
    """
    out = out.copy()
    out["count_low"] = math.nan
    out["count_high"] = math.nan
    out["count_months"] = math.nan
    out["scale_min"] = math.nan
    out["scale_max"] = out["scale"]
    # The rows as they were before any change (itertuples reads a snapshot, as iterrows did, without
    # building a Series per row); changes go to `out` by label.
    rows = out[["parsed_unit", "unit", "qualifier", "expression", "value", "lower", "upper", "resolution",
                "period_months", "horizon_months", "horizon"]].itertuples(index=False)
    for i, r in zip(out.index, rows, strict=True):
        if r.parsed_unit == "rate" and not pd.isna(r.period_months):
            months = float(r.period_months)
            step = float(r.resolution) * months
            out.at[i, "count_low"] = _as_printed(r.lower * months, step) if not pd.isna(r.lower) else math.nan
            out.at[i, "count_high"] = _as_printed(r.upper * months, step) if not pd.isna(r.upper) else math.nan
            out.at[i, "count_months"] = months
        elif r.parsed_unit == "count" and not pd.isna(r.horizon_months):
            # A count within a horizon of N months (« 30 à 40 d'ici 4 ans »): the count as printed,
            # and value / lower / upper as the derived per-month rate that the models read.
            months = float(r.horizon_months)
            out.at[i, "count_low"], out.at[i, "count_high"] = r.lower, r.upper
            out.at[i, "count_months"] = months
            for col in ("value", "lower", "upper", "resolution"):
                if not pd.isna(getattr(r, col)):
                    out.at[i, col] = float(getattr(r, col)) / months
            continue
        elif r.unit == "count" and isinstance(r.horizon, str) and r.horizon:
            out.at[i, "count_low"] = r.lower
            out.at[i, "count_high"] = r.upper
        if r.unit == "scale":
            out.at[i, "scale_min"] = r.lower
            out.at[i, "scale_max"] = r.upper
            out.at[i, "value"] = math.nan
            out.at[i, "lower"] = math.nan
            out.at[i, "upper"] = math.nan
            out.at[i, "qualifier"] = "scale"
        elif r.qualifier == "approximately" and not pd.isna(r.value):
            lo, hi = approximate_bounds(r.expression, r.unit, float(r.value), float(r.resolution))
            out.at[i, "lower"], out.at[i, "upper"] = lo, hi
    return out


def _period_bounds(period: str) -> tuple[str, str]:
    if not period:
        return "", ""
    start, _, end = period.partition("/")
    return start, end or start


def tidy_figures(figures: pd.DataFrame, sources: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    parsed = []
    # parse() is cached: validation has already read every expression, with the same year
    for expression, period in zip(figures["expression"], figures["period"], strict=True):
        p = parse(expression, year=int(period[:4]) if period else None).to_dict()
        p["parsed_unit"] = p.pop("unit")
        parsed.append(p)
    parsed = pd.DataFrame(parsed, index=figures.index)[PARSED_COLUMNS]
    out = pd.concat([figures, parsed], axis=1)
    bounds = out["period"].map(_period_bounds)
    out["period_start"] = bounds.map(lambda b: b[0])
    out["period_end"] = bounds.map(lambda b: b[1])
    src = sources.set_index("source_id")
    out["source_kind"] = out["source_id"].map(src["kind"])
    out["source_date"] = out["source_id"].map(src["date_iso"]).replace("", None)
    names = communes.set_index("insee_code")["commune"]
    out["commune"] = out["commune_code"].map(names).fillna("")
    out["denominator"] = out["denominator"].astype("Int64")
    out = shape_figures(out)
    order = ["figure_id", "source_id", "study", "indicator", "construct", "unit_of_observation", "domain",
             "population", "subgroup", "commune_code", "commune", "expression", "unit", *PARSED_COLUMNS[:-1],
             "count_low",
             "count_high", "count_months", "scale_min", "scale_max", "date_iso",
             "period", "period_start", "period_end", "sample", "status", "source_kind",
             "source_date", "note"]
    return out[order].sort_values("figure_id", kind="mergesort").reset_index(drop=True)


TOPIC_COLUMNS = ["topic", "figure_id", "source_id", "indicator", "construct", "unit_of_observation", "unit",
                 "expression", "value", "relation", "note"]


def topics_table(book: codebook.Codebook, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per figure of a construct grouped under a topic (codebook.yaml topics): reports of
    related constructs side by side with their relation, never reconciled against each other."""
    rows = []
    for topic, spec in book.topics.items():
        for construct, cs in spec["constructs"].items():
            for r in figures[figures["construct"] == construct].itertuples():
                rows.append({"topic": topic, "figure_id": r.figure_id, "source_id": r.source_id,
                             "indicator": r.indicator, "construct": construct,
                             "unit_of_observation": r.unit_of_observation, "unit": r.unit,
                             "expression": r.expression, "value": r.value, "relation": cs["relation"],
                             "note": cs.get("note", "")})
    out = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    return out.sort_values(["topic", "figure_id"], kind="mergesort").reset_index(drop=True)


def tidy_communes(communes: pd.DataFrame) -> pd.DataFrame:
    out = communes.copy()
    for col in ("rank_2011", "pmun_2011", "pmun_2014"):
        out[col] = out[col].map(lambda s: int(parse_number(s)[0])).astype("int64")
    out["tcam_2009_2014"] = out["tcam_2009_2014"].map(
        lambda s: (-1 if s.startswith("-") else 1) * parse_number(s.lstrip("-"))[0] / 100 if s else None)
    return out.sort_values("rank_2011", kind="mergesort").reset_index(drop=True)


def build(raw_dir: Path | None = None, rule: dict | None = None, root: Path | None = None) -> CleanResult:
    """Validate data/raw/ and compute every processed table in memory; write nothing."""
    raw_dir = Path(raw_dir or paths.RAW)
    book = codebook.load(raw_dir / "codebook.yaml")
    tables = validate(book, raw_dir, root=root or paths.ROOT)
    rule = rule or params_mod.section("clean")
    sources = _frame(tables["sources"]).sort_values("source_id", kind="mergesort").reset_index(drop=True)
    communes = tidy_communes(_frame(tables["communes"]))
    mentions = _frame(tables["mentions"]).sort_values("mention_id", kind="mergesort").reset_index(drop=True)
    mentions["position"] = pd.to_numeric(mentions["position"].replace("", None)).astype("Int64")
    crosswalk = _frame(tables["domain_crosswalk"]).sort_values("crosswalk_id", kind="mergesort")
    crosswalk["tier"] = crosswalk["tier"].astype("int64")
    crosswalk = crosswalk.reset_index(drop=True)
    themes = _frame(tables["themes"]).sort_values("theme_id", kind="mergesort").reset_index(drop=True)
    figures = tidy_figures(_frame(tables["figures"]), sources, communes)
    try:
        indicators, conflicts = reconcile(figures, rule)
    except ValueError as exc:
        label = _label(raw_dir / "figures.csv", root or paths.ROOT)
        raise RawDataError([Issue(label, None, "unit", None, str(exc))]) from None
    topics = topics_table(book, figures)
    return CleanResult(sources, figures, indicators, conflicts, communes, mentions, crosswalk,
                       themes, topics)


def to_csv(df: pd.DataFrame) -> str:
    return precision.to_csv(df)


def outputs(result: CleanResult, out_dir: Path) -> dict[Path, str]:
    """The processed files, as text, keyed by path."""
    frames = {name: getattr(result, name) for name in
              ("sources", "figures", "indicators", "conflicts", "communes", "mentions", "crosswalk",
               "themes", "topics")}
    texts = {name: to_csv(df) for name, df in frames.items()}
    files = {out_dir / f"{name}.csv": text for name, text in texts.items()}
    files[out_dir / "datapackage.json"] = datapackage.build(frames, texts)
    return files


def run(raw_dir: Path | None = None, out_dir: Path | None = None, rule: dict | None = None) -> CleanResult:
    """Build and write data/processed/ atomically; raise RawDataError before writing anything."""
    out_dir = Path(out_dir or paths.PROCESSED)
    result = build(raw_dir, rule)
    atomic.write_files(outputs(result, out_dir))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Validate data/raw/ and write data/processed/.")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = ap.parse_args(argv)
    try:
        result = build() if args.check else run()
    except RawDataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(result.summary().to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def describe_conflicts(result: CleanResult) -> str:
    """A paragraph on the disagreements, built from the reconciled table."""
    from analysis.publish import fmt, report

    ind = result.indicators
    multi = ind[ind["n_reports"] > 1]
    conflict = ind[ind["agreement"] == "conflict"].sort_values("gap", ascending=False, kind="stable")
    within = ind[ind["agreement"] == "within_rounding"]
    # Names from the data are escaped (report.prose): a note or an indicator name can hold markup.
    names = [report.prose("{} ({}, {})", r.indicator, r.study, r.period or "undated")
             for r in conflict.itertuples()]
    return report.prose(
        "Of {}, {} are reported by more than one document: {} identically, {} within rounding, and {} in "
        "conflict: " + fmt.listing(names) + ". All reports stay in `data/processed/figures.csv`; "
        "`indicators.csv` marks the preferred one.",
        fmt.count_words(len(ind), "indicator"), len(multi), int((multi["agreement"] == "identical").sum()),
        len(within), len(conflict))
