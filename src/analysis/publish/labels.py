"""Words a reader sees where the data hold identifiers: the label dictionary of the codebook.

data/raw/codebook.yaml's `labels:` section names columns, studies and the terms of every
vocabulary as a person writes them ("Agreement of the reports", "within rounding", "Les
Interconnectés / Kurt Salmon (2012)"). Tables, axes and prose take their words from here, so that
no identifier (`civil_status_dematerialised`, `source_id`, True) reaches the reader edition or the
PDF. An indicator without a label of its own reads as its words ("civil status dematerialised"):
never as an identifier. A source reads as an author–date citation ("Weka 2013").
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from analysis import paths
from analysis.params import SAFE_LOADER

#: Columns whose cells are terms of a vocabulary (or identifiers) and read through a label.
TERM_COLUMNS = ("study", "indicator", "domain", "common_domain", "population", "subgroup", "agreement", "unit",
                "qualifier",
                "status", "construct", "unit_of_observation", "relation", "topic", "theme", "code", "kind")


@cache
def dictionary() -> dict:
    import yaml

    with open(paths.CODEBOOK, encoding="utf-8") as fh:
        book = yaml.load(fh, Loader=SAFE_LOADER) or {}
    return book.get("labels") or {}


#: What reads as an identifier rather than a word: snake_case ("civil_status", "10k_50k") or one
#: lower-case word (a vocabulary term such as "identical"); the tables' prose cells use the first.
IDENTIFIER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+|[a-z]+")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def humanise(identifier: str) -> str:
    """An identifier's words: "civil_status_dematerialised" -> "civil status dematerialised"."""
    text = str(identifier).replace("_", " ").strip()
    return re.sub(r"\s+", " ", text)


def column(name: str) -> str:
    return dictionary().get("columns", {}).get(name) or humanise(name).capitalize()


def term(value, column_name: str | None = None) -> str:
    """A cell's words: the codebook's label for the term, else its words."""
    if isinstance(value, bool) or value is True or value is False:
        return "yes" if value else "no"
    if value is None or (isinstance(value, float) and value != value):
        return ""
    terms = dictionary().get("terms", {})
    text = str(value)
    if column_name and text in terms.get(column_name, {}):
        return terms[column_name][text]
    if text in terms.get("any", {}):
        return terms["any"][text]
    return humanise(text) if IDENTIFIER.fullmatch(text) else text


def study_name(study: str) -> str:
    """A study's name without the date in brackets ("Markess", not "Markess (c. 2017)"): where a
    figure or a sentence spans several of its editions or waves, one date would mislead."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", term(study, "study")) or term(study, "study")


@cache
def _sources() -> dict[str, tuple[str, str]]:
    src = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str, keep_default_na=False)
    return {r.source_id: (r.publisher, r.date_iso) for r in src.itertuples()}


def _author_date(publisher: str, date: str) -> str:
    name = re.sub(r"\s*\(.*\)\s*$", "", publisher).strip() or publisher
    return f"{name} {date[:4]}" if date[:4].isdigit() else f"{name} n.d."


def _letter(i: int) -> str:
    """a, b, … z, aa, ab, …: the i-th document of one outlet and year."""
    text = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        text = chr(ord("a") + r) + text
    return text


@cache
def _citations() -> dict[str, str]:
    """Every source's citation. Documents of one outlet and year are told apart by a letter, in the
    order of their dates and then of their ids (Labo Société Numérique 2018a, 2018b; n.d.-a, n.d.-b),
    as author–date style does, so that a citation names one entry of the bibliography."""
    sources = _sources()
    groups: dict[str, list[str]] = {}
    for sid, (publisher, date) in sources.items():
        groups.setdefault(_author_date(publisher, date), []).append(sid)
    out = {}
    for base, ids in groups.items():
        if len(ids) == 1:
            out[ids[0]] = base
            continue
        for i, sid in enumerate(sorted(ids, key=lambda s: (sources[s][1], s))):
            out[sid] = f"{base}-{_letter(i)}" if base.endswith("n.d.") else f"{base}{_letter(i)}"
    return out


def cite(source_id: str) -> str:
    """An author–date citation: the publisher (without its gloss in brackets) and the year, with a
    letter where one outlet printed several documents in a year."""
    return _citations().get(source_id) or _author_date(source_id, "")


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """A table as a reader reads it: labelled columns, terms in words, sources as citations,
    booleans as yes/no."""
    out = df.copy()
    for col in out.columns:
        if col in ("source_id", "source", "preferred_source_id"):
            out[col] = out[col].map(lambda v: cite(v) if isinstance(v, str) and v else v)
        elif col in TERM_COLUMNS and _is_text(out[col]):  # "population" may be inhabitants
            out[col] = out[col].map(lambda v, c=col: term(v, c))
        elif pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(term)
    return out.rename(columns={c: column(c) for c in out.columns})
