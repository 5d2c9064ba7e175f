"""The schema of params.yaml: every key, what it means, the values that work, and the rules across keys.

The one place that says which parameters are valid. `analysis.params.check()` applies it to the whole
file at the start of every stage (before any work, so `dvc exp run -S key=value` is checked too) and
`make check-params` runs it alone. Every section lists all its keys: a key missing, misspelt or
unknown is refused at every level, as is a value of the wrong type or out of range; each problem
names the key path, the value and the rule, and all of them are reported at once.

The enumerations below mirror the code and the data they describe (reconcile.CRITERIA, the codebook
vocabularies, proportions.METHODS, the trend series, the Markess indicators, the crosswalk studies);
tests/test_params.py checks that they still agree.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import get_close_matches
from typing import Any

# ---------------------------------------------------------------------------------------------
# What the values refer to

#: Criteria of the preferred-report rule (analysis.data.reconcile.CRITERIA).
CRITERIA = ("source_kind", "status", "precision", "earliest", "latest")
#: The codebook vocabularies `source_kind` and `status` (data/raw/codebook.yaml).
SOURCE_KINDS = ("study_release", "statistics_office", "official", "press", "blog", "compilation")
STATUSES = ("printed", "paraphrased", "unverified", "uncertain")
#: Interval methods of analysis.models.proportions.METHODS.
METHODS = ("wilson", "clopper-pearson")
#: Collectivités surveyed by the Interconnectés barometer: no more can have answered (and the
#: finite-population correction needs n <= N).
INTERCONNECTES_SURVEYED = 500
#: The context series fitted by analysis.models.studies.context_trends (chapter 50_trends).
SERIES = ("cdc_acsel_use", "cdc_acsel_trust", "brittany_websites", "opendata_collectivites", "dinum_demarches",
          "eu_sophistication", "france_sophistication", "town_hall_sites_use", "insee_online_procedures",
          "barometre_online_procedures")
#: Year of the latest observation of any series (data/processed/figures.csv): a projection horizon
#: lies from there to HORIZON_SPAN years later (further out, a two-to-five-point fit says nothing).
LATEST_DATA_YEAR = 2025
HORIZON_SPAN = 25
#: Markess indicators with an overall share (`share.<indicator>.all` in models/markess.json).
MARKESS_INDICATORS = (
    "collaboration_midway", "data_governance", "data_medium_digital", "documents_medium_digital",
    "emerging_trends", "franceconnect_integration", "hr_dematerialisation", "knowledge_sharing",
    "mobility_priority", "objective_channel_management", "objective_user_request_documents",
    "open_data_by_2018", "project_management", "remote_site_collaboration", "user_relation_high_digital")
#: Studies coded in the crosswalk of domains (data/raw/crosswalk.csv), compared pairwise by the synthesis.
CROSSWALK_STUDIES = ("lecko", "interconnectes")
#: The PAC white paper is undated (the dossier says 2012-2013, before the March 2014 elections); its
#: plans run to horizons from 2013-12-31, and a reference date must leave at least a month before it.
PAC_DATES = (date(2011, 1, 1), date(2013, 11, 30))
#: Columns of the Interconnectés shares table the chapter can sort by (descending).
SORT_COLUMNS = ("value", "ci_low", "ci_high", "bound_low", "bound_high", "indicator", "domain")
#: Population years in data/processed/communes.csv (pmun_<year>).
POPULATION_YEARS = (2011, 2014)
#: The timeline of the synthesis: the data span 2001-2025; a little room either side.
TIMELINE_YEARS = (1995, 2030)


# ---------------------------------------------------------------------------------------------
# The building blocks


@dataclass(frozen=True)
class Check:
    """A rule for one value: `ok(value)` says whether it holds; `rule` says it in words."""

    rule: str
    ok: Callable[[Any], bool]
    detail: Callable[[Any], str] | None = None  # what exactly is wrong, when it helps


@dataclass(frozen=True)
class Section:
    """A mapping whose keys are all listed (all required, no other allowed); `whole` checks the
    mapping itself once its keys are valid."""

    keys: dict[str, Any]
    whole: Check | None = None


@dataclass(frozen=True)
class MapOf:
    """A mapping of free names (checked by `key`) to values of one spec."""

    key: Check
    value: Any
    min_len: int = 1


@dataclass
class Problems:
    lines: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def add(self, path: str, value: Any, rule: str, *, missing: bool = False) -> None:
        self.failed.add(path)
        self.lines.append(f"{path}: missing (required); {rule}" if missing else f"{path} = {show(value)}: {rule}")


def show(value: Any, limit: int = 100) -> str:
    """A value as YAML would print it in flow style, shortened."""
    if isinstance(value, date):
        text = f"{value.isoformat()} (a YAML date, not a string)"
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> bool:
    return (_is_int(x) or isinstance(x, float)) and math.isfinite(x)


def _fmt(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def boolean() -> Check:
    return Check("must be true or false", lambda x: isinstance(x, bool))


def integer(lo: int | None = None, hi: int | None = None, what: str = "an integer") -> Check:
    if lo is not None and hi is not None:
        rule = f"must be {what} in [{lo}, {hi}]"
    elif lo == 0:
        rule = "must be a non-negative integer"
    elif lo == 1:
        rule = "must be a positive integer"
    else:
        rule = f"must be {what}"
    return Check(rule, lambda x: _is_int(x) and (lo is None or x >= lo) and (hi is None or x <= hi))


def number(lo: float, hi: float, *, lo_open: bool = False, hi_open: bool = False) -> Check:
    rule = f"must be a number in {'(' if lo_open else '['}{_fmt(lo)}, {_fmt(hi)}{')' if hi_open else ']'}"
    return Check(rule, lambda x: (_is_number(x) and (x > lo if lo_open else x >= lo)
                                  and (x < hi if hi_open else x <= hi)))


def one_of(values: Sequence[Any]) -> Check:
    return Check(f"must be one of {', '.join(map(str, values))}", lambda x: not isinstance(x, bool) and x in values)


def _iso(x: Any) -> date | None:
    if not isinstance(x, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        return None
    try:
        return date.fromisoformat(x)
    except ValueError:
        return None


def iso_date(lo: date, hi: date) -> Check:
    return Check(f'must be a valid date written "YYYY-MM-DD" (quoted), from {lo} to {hi}',
                 lambda x: (d := _iso(x)) is not None and lo <= d <= hi)


def list_of(item: Check, items: str, *, exactly: int | None = None, unique: bool = True) -> Check:
    """A non-empty list (of exactly `exactly` entries) each passing `item`; `items` names them in the rule."""
    size = f"a list of {exactly}" if exactly else "a non-empty list of"
    rule = f"must be {size} {'distinct ' if unique else ''}{items}"

    def ok(x: Any) -> bool:
        return (isinstance(x, list) and len(x) >= 1 and (exactly is None or len(x) == exactly)
                and all(item.ok(v) for v in x)
                and (not unique or len({json.dumps(v, default=str) for v in x}) == len(x)))

    def detail(x: Any) -> str:
        if not isinstance(x, list):
            return ""
        bad = [v for v in x if not item.ok(v)]
        keys = [json.dumps(v, default=str) for v in x]
        twice = [v for i, v in enumerate(x) if keys.index(keys[i]) != i] if unique else []
        return "; ".join(part for part in (
            f"not allowed: {', '.join(map(show, bad))}" if bad else "",
            f"given twice: {', '.join(map(show, twice))}" if twice else "",
            f"{len(x)} given" if exactly and len(x) != exactly else "",
            "empty" if not x else "") if part)

    return Check(rule, ok, detail)


ALPHA = number(0, 0.5, lo_open=True)
METHOD = one_of(METHODS)
SEED = integer(0)
DRAWS = integer(100, 100_000)
PAC_DATE = iso_date(*PAC_DATES)

SPEC = Section({
    "clean": Section({
        "preferred_order": list_of(one_of(CRITERIA), f"criteria from {', '.join(CRITERIA)}"),
        "source_kind_rank": list_of(one_of(SOURCE_KINDS), f"source kinds from {', '.join(SOURCE_KINDS)} "
                                                          "(kinds left out rank last)"),
        "status_rank": list_of(one_of(STATUSES), f"statuses from {', '.join(STATUSES)} (statuses left out rank last)"),
    }),
    "models": Section({
        "interconnectes": Section({
            "method": METHOD,
            "alpha": ALPHA,
            "n_alternatives": list_of(integer(1, INTERCONNECTES_SURVEYED),
                                      f"integers in [1, {INTERCONNECTES_SURVEYED}] (the collectivités surveyed)"),
        }),
        "markess": Section({
            "method": METHOD,
            "alpha": ALPHA,
            "n_grid": list_of(integer(1, 100_000), "positive integers (numbers of respondents, at most 100000)"),
        }),
        "pac": Section({
            "reference_date": PAC_DATE,
            "reference_dates": list_of(PAC_DATE, f'valid dates "YYYY-MM-DD" (quoted), from {PAC_DATES[0]} '
                                                 f"to {PAC_DATES[1]}"),
            "power_rho": number(-1, 1, lo_open=True, hi_open=True),
            "simulations": DRAWS,
            "bootstrap": DRAWS,
            "seed": SEED,
        }),
        "lecko": Section({
            "include_overseas": boolean(),
            "bootstrap": DRAWS,
            "seed": SEED,
        }),
        "trends": Section({
            "horizon": integer(LATEST_DATA_YEAR, LATEST_DATA_YEAR + HORIZON_SPAN,
                               what=f"a year from the latest data ({LATEST_DATA_YEAR}) to {HORIZON_SPAN} years later,"),
        }),
        "synthesis": Section({
            "concordance_studies": list_of(one_of(CROSSWALK_STUDIES), f"studies from {', '.join(CROSSWALK_STUDIES)}",
                                           exactly=2),
            "bootstrap": DRAWS,
            "seed": SEED,
        }),
    }),
    "chapters": Section({
        "summary": Section({
            "series": list_of(one_of(SERIES), f"series from {', '.join(SERIES)}"),
        }),
        "lecko": Section({
            "population_year": one_of(POPULATION_YEARS),
            "include_overseas": boolean(),
        }),
        "pac": Section({
            "projection_years": integer(1, 20),
            "per_100k": boolean(),
        }),
        "interconnectes": Section({
            "sort_by": one_of(SORT_COLUMNS),
            "show_bounds": boolean(),
        }),
        "markess": Section({
            "n_display": integer(1, 100_000),
            "highlight": list_of(one_of(MARKESS_INDICATORS), "Markess indicators (see models/markess.json)"),
        }),
        "trends": Section({
            "show_projection": boolean(),
            "series": list_of(one_of(SERIES), f"series from {', '.join(SERIES)}"),
        }),
        "synthesis": Section({
            "timeline_start": integer(*TIMELINE_YEARS, what="a year"),
            "timeline_end": integer(*TIMELINE_YEARS, what="a year"),
        }),
        "methods": Section({
            "show_vocabularies": boolean(),
        }),
    }),
})


# ---------------------------------------------------------------------------------------------
# Rules across keys: each names the key it is reported on and the keys it reads; it runs only when
# all of them are present and valid on their own.


@dataclass(frozen=True)
class CrossRule:
    at: str
    reads: tuple[str, ...]
    rule: Callable[..., str | None]  # the values of `reads` -> None when the rule holds, else the rule


def _reference_in_span(central: str, grid: list[str]) -> str | None:
    lo, hi = min(grid), max(grid)  # ISO strings sort as dates
    if not lo <= central <= hi:
        return f"must lie within the span of models.pac.reference_dates ({lo} to {hi})"
    return None


def _n_display_in_grid(n: int, grid: list[int]) -> str | None:
    return None if n in grid else f"must be one of models.markess.n_grid ({show(grid)})"


def _timeline_order(start: int, end: int) -> str | None:
    return None if start < end else f"must be before chapters.synthesis.timeline_end ({end})"


def _same_overseas(chapter: bool, model: bool) -> str | None:
    if chapter == model:
        return None
    return (f"must equal models.lecko.include_overseas ({show(model)}): the chapter draws the cities the "
            "model compared")


CROSS_RULES = (
    CrossRule("models.pac.reference_date", ("models.pac.reference_date", "models.pac.reference_dates"),
              _reference_in_span),
    CrossRule("chapters.markess.n_display", ("chapters.markess.n_display", "models.markess.n_grid"),
              _n_display_in_grid),
    CrossRule("chapters.synthesis.timeline_start",
              ("chapters.synthesis.timeline_start", "chapters.synthesis.timeline_end"), _timeline_order),
    CrossRule("chapters.lecko.include_overseas", ("chapters.lecko.include_overseas", "models.lecko.include_overseas"),
              _same_overseas),
)


# ---------------------------------------------------------------------------------------------
# Checking


def _describe(spec: Any) -> str:
    if isinstance(spec, Check):
        return spec.rule
    if isinstance(spec, Section):
        return f"must be a section with keys {', '.join(spec.keys)}"
    return "must be a mapping of scenario names to sections"


def _walk(value: Any, spec: Any, path: str, out: Problems) -> None:
    if isinstance(spec, Check):
        if not spec.ok(value):
            extra = spec.detail(value) if spec.detail else ""
            out.add(path, value, f"{spec.rule} ({extra})" if extra else spec.rule)
        return
    where = path or "(top level)"
    if not isinstance(value, dict):
        out.add(where, value, _describe(spec))
        return
    if isinstance(spec, MapOf):
        if len(value) < spec.min_len:
            out.add(where, value, f"must list at least {spec.min_len} entry")
        for key, sub in value.items():
            sub_path = f"{path}.{key}" if path else str(key)
            if not spec.key.ok(key):
                out.add(sub_path, sub, f"key {spec.key.rule}")
                continue
            _walk(sub, spec.value, sub_path, out)
        return
    for key, sub in value.items():
        if key not in spec.keys:
            sub_path = f"{path}.{key}" if path else str(key)
            close = get_close_matches(str(key), list(spec.keys), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            out.add(sub_path, sub, f"unknown key{hint} (known here: {', '.join(spec.keys)})")
    for key, sub_spec in spec.keys.items():
        sub_path = f"{path}.{key}" if path else key
        if key not in value:
            out.add(sub_path, None, _describe(sub_spec), missing=True)
        else:
            _walk(value[key], sub_spec, sub_path, out)
    if spec.whole is not None and not any(p == path or p.startswith(f"{path}.") for p in out.failed):
        if not spec.whole.ok(value):
            out.add(where, value, spec.whole.rule)


def _get(data: dict, path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


def problems(data: Any) -> list[str]:
    """Every problem of a loaded params.yaml, as "key.path = value: rule"; empty when it is valid."""
    out = Problems()
    _walk(data, SPEC, "", out)
    for cross in CROSS_RULES:
        if any(p in out.failed or any(p.startswith(f"{f}.") for f in out.failed) for p in cross.reads):
            continue
        try:
            values = [_get(data, p) for p in cross.reads]
        except (KeyError, TypeError):
            continue
        broken = cross.rule(*values)
        if broken:
            out.add(cross.at, _get(data, cross.at), broken)
    return out.lines
