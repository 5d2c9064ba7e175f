"""Describe data/processed/ as a Frictionless data package.

The descriptor is generated, never hand-edited: field types come from the tables themselves,
descriptions from the codebook (raw columns) or from DERIVED below (columns the pipeline adds),
and each resource carries the SHA-256 and size of its bytes, so `frictionless validate` checks
both the schema and that the files are the ones described.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from analysis import precision
from analysis.data import codebook

DERIVED = {
    "value": "Central value read from the expression (shares as fractions, rates per month).",
    "lower": ("Lowest value the words allow (an approximate figure: the codebook's approximation_rule); "
              "empty when unbounded."),
    "upper": "Highest value the words allow; empty when unbounded.",
    "qualifier": "exact, approximately, at_least, more_than, less_than, range, or scale (the bounds of a scale).",
    "parsed_unit": "Unit read by the parser (before the transcriber's refinement).",
    "resolution": "Step of the printed figure (0.01 for « 65 % »); 0.05 for word fractions.",
    "scale": "Top of the scale for a score.",
    "period_months": "Window in months of a rate or duration.",
    "horizon": "Date by which a count or share is to be reached.",
    "count_low": "A pace or plan: the lowest count printed (« 30 » of « 30 à 40 d'ici 4 ans »).",
    "count_high": "A pace or plan: the highest count printed (« 40 »); empty when open (« plus de 50 »).",
    "count_months": "A pace: the window of the printed count in months (48 for « d'ici 4 ans »).",
    "scale_min": "Bottom of the scale (« de 0 à 5 »: 0); the bounds of a scale have no central value.",
    "scale_max": "Top of the scale (« de 0 à 5 »: 5; « 1,77/5 »: 5).",
    "denominator": "The base the expression itself states (« 161 sur 270 »).",
    "date_iso": "A date figure as precise as printed.",
    "period_start": "Start of the reference period.",
    "period_end": "End of the reference period.",
    "source_kind": "Kind of the source document.",
    "source_date": "ISO date of the source document, as precise as printed.",
    "commune": "Name of the commune of commune_code.",
    "n_reports": "Number of reports (rows of figures) of this indicator.",
    "n_sources": "Number of distinct source documents among them.",
    "figure_ids": "All reports, best first by the rule.",
    "source_ids": "Their sources, in the same order.",
    "preferred_figure_id": "The report chosen by the rule.",
    "preferred_source_id": "Its source.",
    "min_value": "Smallest value among the reports.",
    "max_value": "Largest value among the reports.",
    "gap": "max_value - min_value.",
    "agreement": "single, identical, within_rounding or conflict.",
    "rule": "The rule that chose the preferred report (params.yaml clean).",
    "rank": "Rank of the report under the rule (1 = preferred).",
    "other_figure_id": "A report of the same key that this report contradicts (the best-ranked such).",
    "other_source_id": "Its source.",
    "other_expression": "Its words as printed.",
    "reason": "Why the two reports cannot both be true at their printed precision.",
    "topic": "A group of related constructs (codebook.yaml topics).",
    "relation": "How the construct relates to the others of its topic (vocabulary topic_relation).",
    "horizon_months": "A plan over a window from an unpublished date (« d'ici 4 ans »): the window in months.",
    "preferred": "Whether this report is the preferred one.",
}

DESCRIPTIONS = {
    "sources": "Source documents, as transcribed.",
    "figures": "One row per reported figure with its parsed value, bounds, qualifier and unit.",
    "indicators": "One row per indicator x population x subgroup x commune x period: every report "
                  "kept, agreement and gap, and a preferred value chosen by a named rule.",
    "conflicts": "Every report that contradicts another report of the same construct beyond printed precision, "
                 "naming the other report and the reason.",
    "topics": "Reports of related but different constructs (nested, complementary, different base or unit), "
              "grouped by topic and never reconciled against each other.",
    "communes": "The 28 most populous communes with INSEE codes and legal populations.",
    "mentions": "Cities named by a source without a figure of their own.",
    "crosswalk": "Each study's services mapped onto common domains with the position its source gives them.",
    "themes": "Qualitative statements of the four studies coded by theme and code, with the source's words.",
}

KEYS = {"sources": "source_id", "figures": "figure_id", "communes": "insee_code",
        "mentions": "mention_id", "crosswalk": "crosswalk_id", "themes": "theme_id"}


def _field_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "b":
        return "boolean"
    if kind in "iu" or str(series.dtype) == "Int64":
        return "integer"
    if kind == "f":
        return "number"
    return "string"


def build(frames: dict[str, pd.DataFrame], texts: dict[str, str]) -> str:
    book = codebook.load()
    raw_desc = {c.name: c.description for t in book.tables.values() for c in t.columns}
    resources = []
    for name in sorted(frames):
        df = frames[name]
        data = texts[name].encode("utf-8")
        fields = []
        for col in df.columns:
            fields.append({"name": col, "type": _field_type(df[col]),
                           "description": DERIVED.get(col) or raw_desc.get(col, "")})
        schema = {"fields": fields}
        if name in KEYS:
            schema["primaryKey"] = [KEYS[name]]
        resources.append({
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": DESCRIPTIONS[name],
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": schema,
        })
    package = {
        "profile": "tabular-data-package",
        "name": "e-administration-collectivites",
        "title": "E-administration in French local government: figures of four studies, sourced",
        "description": "Figures reported about the Lecko (2014), PAC (c. 2012), Les Interconnectés / "
                       "Kurt Salmon (2012) and Markess (c. 2017) studies, with context series and "
                       "INSEE populations; every figure names its source document.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": "Press articles and public pages listed in sources.csv",
                     "path": "sources.csv"}],
        "resources": resources,
    }
    return json.dumps(precision.tree(package), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
