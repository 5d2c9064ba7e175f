"""The codebook of data/raw/ as Python objects.

data/raw/codebook.yaml is the single statement of what the raw tables hold. Validation reads
column types and vocabularies from it, the Frictionless data package is generated from it and
chapter 7 prints it, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from analysis import paths
from analysis.params import SAFE_LOADER

TYPES = {"id", "text", "vocab", "int_fr", "number_fr", "date_partial", "period", "url",
         "insee_code", "expression"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    description: str
    vocabulary: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    description: str
    primary_key: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (column, table, column)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Codebook:
    tables: dict[str, Table]
    vocabularies: dict[str, dict[str, str]]
    unit_refinements: dict[str, tuple[str, ...]]
    not_transcribed: tuple[str, ...]
    #: code of the vocabulary theme_code -> {theme, description}: the theme a code belongs to.
    theme_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    #: topic -> {description, constructs: {construct: {relation, note}}}: related constructs.
    topics: dict[str, dict] = field(default_factory=dict)
    #: source_id -> studies other than its own that the source reports figures of.
    cross_study_citations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: family -> {label, codes}: drivers, barriers and success factors grouped across studies.
    theme_families: dict[str, dict] = field(default_factory=dict)

    def terms(self, vocabulary: str) -> tuple[str, ...]:
        return tuple(self.vocabularies[vocabulary])


class CodebookError(ValueError):
    """A mistake in data/raw/codebook.yaml, named by file and key path."""

    def __init__(self, path: Path, keys: tuple, reason: str):
        self.path, self.keys, self.reason = path, keys, reason
        where = ".".join(str(k) for k in keys) or "(top level)"
        super().__init__(f"{_label(path)}, key {where}: {reason}")


def _label(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT.resolve()))
    except ValueError:
        return str(path)


def _mapping(path: Path, node, keys: tuple, what: str = "a mapping") -> dict:
    if not isinstance(node, dict):
        raise CodebookError(path, keys, f"must be {what}, not {type(node).__name__}")
    for k in node:
        if not isinstance(k, str):
            raise CodebookError(path, (*keys, k), "keys must be text")
    return node


def _get(path: Path, node: dict, key: str, keys: tuple, kind=str):
    if key not in node:
        raise CodebookError(path, (*keys, key), "missing")
    value = node[key]
    if kind is str and not isinstance(value, str):
        raise CodebookError(path, (*keys, key), f"must be text, not {type(value).__name__}")
    if kind is bool and not isinstance(value, bool):
        raise CodebookError(path, (*keys, key), "must be true or false")
    return value


#: The codebook is at most a few levels deep; anything deeper is a mistake (or hostile input)
#: that recursive code further on must never see.
MAX_DEPTH = 20


def _check_depth(path: Path, raw) -> None:
    stack = [(raw, 0, ())]
    while stack:
        node, depth, keys = stack.pop()
        if depth > MAX_DEPTH:
            raise CodebookError(path, keys[:3], f"nested too deeply (more than {MAX_DEPTH} levels of brackets "
                                                "or indentation)")
        if isinstance(node, dict):
            stack.extend((v, depth + 1, (*keys, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, depth + 1, (*keys, i)) for i, v in enumerate(node))


#: What a column of a table may say in the codebook.
COLUMN_KEYS = ("type", "required", "description", "vocabulary")


def _load(path: Path) -> Codebook:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(path, (), f"cannot be read ({exc})") from None
    try:
        raw = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CodebookError(path, (), f"not valid YAML{at}: {problem}") from None
    except RecursionError:
        raise CodebookError(path, (), "nested too deeply to be read") from None
    _check_depth(path, raw)
    raw = _mapping(path, raw, ())
    vocabs = _mapping(path, _get(path, raw, "vocabularies", (), kind=dict), ("vocabularies",))
    for v, terms in vocabs.items():
        _mapping(path, terms, ("vocabularies", v))
        for term, desc in terms.items():
            if not isinstance(desc, str):
                raise CodebookError(path, ("vocabularies", v, term), "the description must be text")
    tables = {}
    for name, spec in _mapping(path, _get(path, raw, "tables", (), kind=dict), ("tables",)).items():
        k = ("tables", name)
        spec = _mapping(path, spec, k)
        columns = []
        for col, c in _mapping(path, _get(path, spec, "columns", k, kind=dict), (*k, "columns")).items():
            ck = (*k, "columns", col)
            c = _mapping(path, c, ck)
            unknown = [str(key) for key in c if key not in COLUMN_KEYS]
            if unknown:  # « description: a, b » unquoted: YAML ends the text at the comma, « b » becomes a key
                raise CodebookError(path, (*ck, unknown[0]), f"not a key of a column (keys: {', '.join(COLUMN_KEYS)}); "
                                    "a description with a comma must be quoted")
            t = _get(path, c, "type", ck)
            if t not in TYPES:
                raise CodebookError(path, (*ck, "type"), f"unknown type {t!r} (allowed: {', '.join(sorted(TYPES))})")
            if t == "vocab" and c.get("vocabulary") not in vocabs:
                raise CodebookError(path, (*ck, "vocabulary"), f"unknown vocabulary {c.get('vocabulary')!r}")
            columns.append(Column(col, t, _get(path, c, "required", ck, kind=bool),
                                  _get(path, c, "description", ck), c.get("vocabulary")))
        fks = []
        for col, target in _mapping(path, spec.get("foreign_keys", {}) or {}, (*k, "foreign_keys")).items():
            if not isinstance(target, str) or target.count(".") != 1:
                raise CodebookError(path, (*k, "foreign_keys", col), "must be table.column")
            fks.append((col, *target.split(".")))
        pk = _get(path, spec, "primary_key", k)
        if pk not in {c.name for c in columns}:
            raise CodebookError(path, (*k, "primary_key"), f"{pk!r} is not a column of the table")
        tables[name] = Table(name, _get(path, spec, "file", k), _get(path, spec, "description", k), pk,
                             tuple(columns), tuple(fks))
    for name, t in tables.items():
        for col, tt, tc in t.foreign_keys:
            if tt not in tables or tc not in tables[tt].column_names:
                raise CodebookError(path, ("tables", name, "foreign_keys", col), f"unknown target {tt}.{tc}")
    refinements = {}
    for unit, v in _mapping(path, raw.get("unit_refinements", {}) or {}, ("unit_refinements",)).items():
        if not isinstance(v, list):
            raise CodebookError(path, ("unit_refinements", unit), "must be a list of units")
        refinements[unit] = tuple(v)
    theme_codes = _mapping(path, raw.get("theme_codes", {}) or {}, ("theme_codes",))
    for code, spec in theme_codes.items():
        spec = _mapping(path, spec, ("theme_codes", code))
        if code not in vocabs.get("theme_code", {}):
            raise CodebookError(path, ("theme_codes", code), "is not a term of vocabulary theme_code")
        if spec.get("theme") not in vocabs.get("theme", {}):
            raise CodebookError(path, ("theme_codes", code, "theme"), f"unknown theme {spec.get('theme')!r}")
    topics = _mapping(path, raw.get("topics", {}) or {}, ("topics",))
    relations = vocabs.get("topic_relation", {})
    seen: dict[str, str] = {}
    for topic, spec in topics.items():
        spec = _mapping(path, spec, ("topics", topic))
        _get(path, spec, "description", ("topics", topic))
        cons = _mapping(path, _get(path, spec, "constructs", ("topics", topic), kind=dict),
                        ("topics", topic, "constructs"))
        for con, cs in cons.items():
            ck = ("topics", topic, "constructs", con)
            cs = _mapping(path, cs, ck)
            if con not in vocabs.get("construct", {}):
                raise CodebookError(path, ck, "is not a term of vocabulary construct")
            if con in seen:
                raise CodebookError(path, ck, f"already in topic {seen[con]!r}")
            seen[con] = topic
            inner = cs.get("contains", [])
            if not isinstance(inner, list) or any(c not in spec["constructs"] for c in inner):
                raise CodebookError(path, (*ck, "contains"), "must list constructs of the same topic")
            if cs.get("relation") not in relations:
                raise CodebookError(path, (*ck, "relation"),
                                    f"unknown relation {cs.get('relation')!r} (allowed: {', '.join(relations)})")
    not_transcribed = raw.get("not_transcribed", ()) or ()
    if not isinstance(not_transcribed, list | tuple):
        raise CodebookError(path, ("not_transcribed",), "must be a list")
    citations = {}
    for src, studies in _mapping(path, raw.get("cross_study_citations", {}) or {}, ("cross_study_citations",)).items():
        if not isinstance(studies, list) or any(x not in vocabs.get("study", {}) for x in studies):
            raise CodebookError(path, ("cross_study_citations", src), "must be a list of terms of vocabulary study")
        citations[src] = tuple(studies)
    families = _theme_families(path, raw, theme_codes)
    return Codebook(tables, vocabs, refinements, tuple(not_transcribed), theme_codes, topics, citations, families)


#: The themes whose codes are grouped into families (what drove, held back or made succeed).
FAMILY_THEMES = ("driver", "barrier", "success_factor")


def _theme_families(path: Path, raw: dict, theme_codes: dict) -> dict[str, dict]:
    """Each family with its label and codes; every code of a FAMILY_THEMES theme in exactly one."""
    families: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for fam, spec in _mapping(path, raw.get("theme_families", {}) or {}, ("theme_families",)).items():
        k = ("theme_families", fam)
        spec = _mapping(path, spec, k)
        label = _get(path, spec, "label", k)
        codes = spec.get("codes")
        if not isinstance(codes, list) or not codes:
            raise CodebookError(path, (*k, "codes"), "must be a non-empty list of codes of theme_codes")
        for code in codes:
            if theme_codes.get(code, {}).get("theme") not in FAMILY_THEMES:
                raise CodebookError(path, (*k, "codes"), f"{code!r} is not a code of theme "
                                    + ", ".join(FAMILY_THEMES) + " in theme_codes")
            if code in owner:
                raise CodebookError(path, (*k, "codes"), f"{code!r} is already in family {owner[code]!r}")
            owner[code] = fam
        families[fam] = {"label": label, "codes": tuple(codes)}
    if families:
        missing = [c for c, spec in theme_codes.items() if spec.get("theme") in FAMILY_THEMES and c not in owner]
        if missing:
            raise CodebookError(path, ("theme_families",), "codes in no family: " + ", ".join(sorted(missing)))
    return families


@cache
def load(path: Path | None = None) -> Codebook:
    return _load(Path(path) if path else paths.CODEBOOK)


def unit_compatible(book: Codebook, parsed_unit: str, declared_unit: str) -> bool:
    """A declared unit must be the parsed one or one of its refinements (count -> population)."""
    return declared_unit == parsed_unit or declared_unit in book.unit_refinements.get(parsed_unit, ())
