"""Strict reading of the hand-made raw tables.

Raw files are typed by people, so every mistake must come back as a sentence a person can act
on: which file, which line, which column, which value, and why. All problems are collected
before anything is raised, so one run lists every error at once.

Line numbers are those of a text editor: the header is line 1, the first record line 2.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.data.codebook import Codebook, Table, unit_compatible
from analysis.data.parse import ExpressionError, parse, parse_number

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")
INSEE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
URL_RE = re.compile(r"^https?://\S+$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PERIOD_RE = re.compile(r"^(\d{4}(?:-\d{2})?)(?:/(\d{4}(?:-\d{2})?))?$")
YEAR_MIN, YEAR_MAX = 1990, 2030
#: Control characters (NUL, escape, tab, line breaks...) have no place in a transcribed cell.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: A cell a spreadsheet would execute: =, +, -, @ followed by a letter or a parenthesis.
FORMULA_RE = re.compile(r"^[=+\-@]\s*[^\W\d_(]|^[=+\-@]\s*\(", re.UNICODE)
#: Columns that hold a position or a count: never negative (int_fr columns not listed may be).
#: The crosswalk tier's scale.
TIER_MIN, TIER_MAX = 1, 3


@dataclass(frozen=True)
class Issue:
    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return ", ".join(where) + f": {self.reason}"


class RawDataError(Exception):
    """Raised with every problem found in data/raw/; the message lists them one per line."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        head = f"{len(issues)} problem(s) in the raw data; nothing was written:"
        super().__init__("\n".join([head, *(f"  - {i}" for i in issues)]))


@dataclass
class RawTable:
    table: Table
    path: Path
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # editor line of each row


def _label(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def read_table(table: Table, path: Path, issues: list[Issue], root: Path | None = None) -> RawTable:
    """Read one CSV strictly: UTF-8, comma-delimited, the codebook's columns, one value a field."""
    label = _label(path, root)
    out = RawTable(table, path)
    if not path.is_file():
        issues.append(Issue(label, None, None, None, "file is missing"))
        return out
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        issues.append(Issue(label, line, None, None,
                            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                            "save the file as UTF-8"))
        return out
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        issues.append(Issue(label, None, None, None, "file is empty (no header, no rows)"))
        return out
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        issues.append(Issue(label, reader.line_num, None, None, f"malformed CSV: {exc}"))
        return out
    header = records[0]
    expected = table.column_names
    if len(header) == 1 and any(d in header[0] for d in ";\t|"):
        issues.append(Issue(label, 1, None, header[0][:60],
                            "wrong delimiter: fields must be separated by commas"))
        return out
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    for c in missing:
        issues.append(Issue(label, 1, c, None, "required column is missing from the header"))
    for c in extra:
        issues.append(Issue(label, 1, c, None, "unknown column (not in data/raw/codebook.yaml)"))
    if len(set(header)) != len(header):
        issues.append(Issue(label, 1, None, None, "a column name is repeated in the header"))
    if missing or extra:
        return out

    # csv.reader counts physical lines; track where each record starts.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    start = reader.line_num + 1
    for record in reader:
        line, start = start, reader.line_num + 1
        if not record or all(not v.strip() for v in record):
            continue
        if len(record) != len(header):
            issues.append(Issue(label, line, None, None,
                                f"{len(record)} fields where the header has {len(header)}"
                                + (" (an unquoted comma?)" if len(record) > len(header) else "")))
            continue
        out.rows.append(dict(zip(header, record, strict=True)))
        out.lines.append(line)
    if not out.rows:
        issues.append(Issue(label, None, None, None, "file has a header but no rows"))
    return out


def _check_date(value: str) -> str | None:
    m = DATE_RE.match(value)
    if not m:
        return "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if not YEAR_MIN <= y <= YEAR_MAX:
        return f"year outside {YEAR_MIN}-{YEAR_MAX}"
    try:
        date(y, int(mo or 1), int(d or 1))
    except ValueError as exc:
        return f"impossible date ({exc})"
    return None


def _check_period(value: str) -> str | None:
    m = PERIOD_RE.match(value)
    if not m:
        return "not a period (YYYY, YYYY-MM, or two of them joined by '/')"
    for part in m.groups():
        if part and (problem := _check_date(part)):
            return problem
    if m.group(2) and m.group(2) < m.group(1):
        return "period ends before it starts"
    return None


def check_value(book: Codebook, col, value: str) -> str | None:
    """The reason a non-empty value does not fit its column, or None."""
    t = col.type
    if t == "id":
        return None if ID_RE.match(value) else "not an identifier (letters, digits, _ and -)"
    if t == "vocab":
        terms = book.terms(col.vocabulary)
        return None if value in terms else (
            f"unknown term of vocabulary '{col.vocabulary}' (allowed: {', '.join(terms)})")
    if t == "int_fr" and value.startswith("-"):
        return "negative: a whole number of this table (a count, a population, a rank or a position) is never below 0"
    if t in ("int_fr", "number_fr"):
        try:
            v, _ = parse_number(value[1:] if value.startswith("-") else value)
        except ExpressionError as exc:
            return exc.reason
        if t == "int_fr" and not float(v).is_integer():
            return "not a whole number"
        return None
    if t == "date_partial":
        return _check_date(value)
    if t == "period":
        return _check_period(value)
    if t == "url":
        return None if URL_RE.match(value) else "not an http(s) address"
    if t == "insee_code":
        return None if INSEE_RE.match(value) else "not an INSEE commune code (5 characters)"
    return None  # text, expression: checked elsewhere


def _plausibility(book: Codebook, tables: dict[str, RawTable], root: Path | None) -> list[Issue]:
    """Checks across columns and tables: positions and tiers within their scale, a figure's study
    that of its source (or a citation the codebook declares), the Lecko best score at or above the
    mean."""
    issues: list[Issue] = []
    mentions = tables.get("mentions")
    if mentions is not None:
        label = _label(mentions.path, root)
        for row, line in zip(mentions.rows, mentions.lines, strict=True):
            v = row.get("position", "")
            if v and not v.startswith("-") and _whole(v) is not None and _whole(v) < 1:
                issues.append(Issue(label, line, "position", v, "a position in a printed list starts at 1"))
    cw = tables.get("domain_crosswalk")
    if cw is not None:
        label = _label(cw.path, root)
        for row, line in zip(cw.rows, cw.lines, strict=True):
            v = row.get("tier", "")
            w = _whole(v) if v and not v.startswith("-") else None
            if v and (v.startswith("-") or (w is not None and not TIER_MIN <= w <= TIER_MAX)):
                issues.append(Issue(label, line, "tier", v,
                                    f"a tier is on the scale {TIER_MIN}-{TIER_MAX} (1 = among the most advanced)"))
    sources, fig = tables.get("sources"), tables.get("figures")
    if sources is not None and fig is not None:
        study_of = {r["source_id"]: r["study"] for r in sources.rows}
        label = _label(fig.path, root)
        for row, line in zip(fig.rows, fig.lines, strict=True):
            src = study_of.get(row["source_id"])
            if src and row["study"] and row["study"] != src and \
                    row["study"] not in book.cross_study_citations.get(row["source_id"], ()):
                issues.append(Issue(label, line, "study", row["study"],
                                    f"the source {row['source_id']!r} reports study {src!r}; a figure of another "
                                    "study must be declared under cross_study_citations in data/raw/codebook.yaml"))
        issues += _lecko_best_above_mean(tables, label)
    return issues


def _whole(value: str) -> float | None:
    try:
        return parse_number(value)[0]
    except ExpressionError:
        return None


def _lecko_best_above_mean(tables: dict[str, RawTable], label: str) -> list[Issue]:
    fig, mentions = tables["figures"], tables.get("mentions")
    best = {r["commune_code"] for r in (mentions.rows if mentions else [])
            if r["study"] == "lecko" and r["role"] == "lecko_top_ranked" and r["commune_code"]}
    means = {}
    for row in fig.rows:
        if row["study"] == "lecko" and row["indicator"] == "mean_score":
            try:
                means.setdefault(row["period"], []).append(parse(row["expression"]).value)
            except ExpressionError:
                pass
    issues = []
    for row, line in zip(fig.rows, fig.lines, strict=True):
        if row["study"] != "lecko" or row["indicator"] != "city_score" or row["commune_code"] not in best:
            continue
        try:
            v = parse(row["expression"]).value
        except ExpressionError:
            continue
        low = [m for m in means.get(row["period"], []) if v < m]
        if low:
            issues.append(Issue(label, line, "expression", row["expression"],
                                f"a city ranked among Lecko's best scores {v:g}, below the mean score "
                                f"{max(low):g} of the same period"))
    return issues


def validate(book: Codebook, raw_dir: Path, root: Path | None = None) -> dict[str, RawTable]:
    """Read and check every raw table; raise RawDataError listing all problems."""
    issues: list[Issue] = []
    tables = {name: read_table(t, raw_dir / t.file, issues, root) for name, t in book.tables.items()}

    keys: dict[tuple[str, str], set[str]] = {}
    for name, rt in tables.items():
        label = _label(rt.path, root)
        seen: dict[str, int] = {}
        for row, line in zip(rt.rows, rt.lines, strict=True):
            for col in rt.table.columns:
                value = row[col.name]
                if m := CONTROL_RE.search(value):
                    issues.append(Issue(label, line, col.name, value,
                                        f"control character U+{ord(m.group()):04X} in the cell (a NUL byte, "
                                        "tab, line break or escape pasted in?); remove it"))
                    continue
                if FORMULA_RE.match(value):
                    issues.append(Issue(label, line, col.name, value,
                                        "starts like a spreadsheet formula (=, +, -, @ then a letter or "
                                        "a parenthesis): a spreadsheet would execute it; refused"))
                    continue
                if value != value.strip():
                    issues.append(Issue(label, line, col.name, value, "leading or trailing spaces"))
                    continue
                if not value:
                    if col.required:
                        issues.append(Issue(label, line, col.name, value, "required value is empty"))
                    continue
                if problem := check_value(book, col, value):
                    issues.append(Issue(label, line, col.name, value, problem))
            pk = row[rt.table.primary_key]
            if pk in seen:
                issues.append(Issue(label, line, rt.table.primary_key, pk,
                                    f"duplicate id (first on line {seen[pk]})"))
            else:
                seen[pk] = line
        keys[(name, rt.table.primary_key)] = set(seen)

    for rt in tables.values():
        label = _label(rt.path, root)
        for col, target_table, target_col in rt.table.foreign_keys:
            known = keys.get((target_table, target_col), set())
            for row, line in zip(rt.rows, rt.lines, strict=True):
                v = row[col]
                if v and v not in known:
                    issues.append(Issue(label, line, col, v,
                                        f"unknown {target_table}.{target_col} (no such row in "
                                        f"{book.tables[target_table].file})"))

    issues += _plausibility(book, tables, root)

    fig = tables.get("figures")
    if fig is not None:
        label = _label(fig.path, root)
        for row, line in zip(fig.rows, fig.lines, strict=True):
            expr = row["expression"]
            if not expr:
                continue
            year = int(row["period"][:4]) if PERIOD_RE.match(row["period"] or "") else None
            try:
                p = parse(expr, year=year)
            except ExpressionError as exc:
                issues.append(Issue(label, line, "expression", expr, exc.reason))
                continue
            if row["unit"] in book.terms("unit") and not unit_compatible(book, p.unit, row["unit"]):
                issues.append(Issue(label, line, "unit", row["unit"],
                                    f"the expression reads as a {p.unit}, not a {row['unit']}"))
    themes = tables.get("themes")
    if themes is not None and book.theme_codes:
        label = _label(themes.path, root)
        for row, line in zip(themes.rows, themes.lines, strict=True):
            spec = book.theme_codes.get(row["code"])
            if spec and row["theme"] and row["theme"] != spec["theme"]:
                issues.append(Issue(label, line, "theme", row["theme"],
                                    f"code '{row['code']}' belongs to theme '{spec['theme']}'"))
    if issues:
        raise RawDataError(issues)
    return tables
