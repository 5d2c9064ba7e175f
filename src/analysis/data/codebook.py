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

    def terms(self, vocabulary: str) -> tuple[str, ...]:
        return tuple(self.vocabularies[vocabulary])


def _load(path: Path) -> Codebook:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    tables = {}
    for name, spec in raw["tables"].items():
        columns = []
        for col, c in spec["columns"].items():
            if c["type"] not in TYPES:
                raise ValueError(f"{path}: table {name}, column {col}: unknown type {c['type']!r}")
            if c["type"] == "vocab" and c.get("vocabulary") not in raw["vocabularies"]:
                raise ValueError(f"{path}: table {name}, column {col}: unknown vocabulary")
            columns.append(Column(col, c["type"], bool(c["required"]), c["description"],
                                  c.get("vocabulary")))
        fks = tuple((col, *target.split(".")) for col, target in spec.get("foreign_keys", {}).items())
        tables[name] = Table(name, spec["file"], spec["description"], spec["primary_key"],
                             tuple(columns), fks)
    refinements = {k: tuple(v) for k, v in raw.get("unit_refinements", {}).items()}
    theme_codes = raw.get("theme_codes", {}) or {}
    vocabs = raw["vocabularies"]
    for code, spec in theme_codes.items():
        if code not in vocabs.get("theme_code", {}):
            raise ValueError(f"{path}: theme_codes: {code!r} is not a term of vocabulary theme_code")
        if spec.get("theme") not in vocabs.get("theme", {}):
            raise ValueError(f"{path}: theme_codes: {code!r} has unknown theme {spec.get('theme')!r}")
    return Codebook(tables, vocabs, refinements, tuple(raw.get("not_transcribed", ())), theme_codes)


@cache
def load(path: Path | None = None) -> Codebook:
    return _load(Path(path) if path else paths.CODEBOOK)


def unit_compatible(book: Codebook, parsed_unit: str, declared_unit: str) -> bool:
    """A declared unit must be the parsed one or one of its refinements (count -> population)."""
    return declared_unit == parsed_unit or declared_unit in book.unit_refinements.get(parsed_unit, ())
