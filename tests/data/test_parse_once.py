"""The clean stage reads each printed expression once (issue 13, §5): parse() is cached, so the tidy
table reuses what validation parsed; rows are read with itertuples, not one Series per row."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from analysis import paths
from analysis.data import clean, codebook, validate
from analysis.data import parse as P


@pytest.fixture
def count_parses(monkeypatch):
    """The number of expressions actually parsed (cache misses reach _parse_core)."""
    calls = []
    core = P._parse_core

    def counting(text, qualifier, year=None):
        calls.append(text)
        return core(text, qualifier, year)

    monkeypatch.setattr(P, "_parse_core", counting)
    P.parse.cache_clear()
    yield calls
    P.parse.cache_clear()  # no entry parsed through the counter outlives the test


def test_the_tidy_table_parses_nothing_validation_has_not(count_parses):
    validate.validate(codebook.load(paths.RAW / "codebook.yaml"), paths.RAW, root=paths.ROOT)
    by_validation = len(count_parses)
    assert by_validation > 100
    P.parse.cache_clear()
    del count_parses[:]
    clean.build()
    assert len(count_parses) == by_validation  # the stage: validation's parses and no more


def test_a_cached_parse_is_the_same_reading(count_parses):
    for expression, year in [("près de six sur dix (57 %)", None), ("30 à 40 d'ici 4 ans", 2014),
                             ("5 mars", 2014), ("un tiers", None), ("6,5 %", None)]:
        first = P.parse(expression, year=year)
        n = len(count_parses)
        assert P.parse(expression, year=year) is first and len(count_parses) == n
    assert P.parse("5 mars", year=2014) != P.parse("5 mars", year=2013)  # the year is part of the key


def test_a_refused_expression_is_refused_every_time():
    for _ in range(2):
        with pytest.raises(P.ExpressionError, match="states no number"):
            P.parse("quelques")


@pytest.mark.parametrize("expression", ["65 %", "près de six sur dix (57 %)", "30 à 40 d'ici 4 ans",
                                        "161 sur 270", "1,77 sur 5", "40 à 50 d'ici à fin 2013", "un tiers"])
def test_to_dict_equals_dataclasses_asdict(expression):
    p = P.parse(expression, year=2014)
    assert p.to_dict() == dataclasses.asdict(p)
    assert list(p.to_dict()) == [f.name for f in dataclasses.fields(p)]


def _shape_figures_by_iterrows(out: pd.DataFrame) -> pd.DataFrame:
    """clean.shape_figures as it was written with iterrows (the reference for the itertuples one)."""
    printed = clean._as_printed
    out = out.copy()
    out["count_low"] = math.nan
    out["count_high"] = math.nan
    out["count_months"] = math.nan
    out["scale_min"] = math.nan
    out["scale_max"] = out["scale"]
    for i, r in out.iterrows():
        if r["parsed_unit"] == "rate" and not pd.isna(r["period_months"]):
            months = float(r["period_months"])
            step = float(r["resolution"]) * months
            out.at[i, "count_low"] = printed(r["lower"] * months, step) if not pd.isna(r["lower"]) else math.nan
            out.at[i, "count_high"] = printed(r["upper"] * months, step) if not pd.isna(r["upper"]) else math.nan
            out.at[i, "count_months"] = months
        elif r["parsed_unit"] == "count" and not pd.isna(r["horizon_months"]):
            months = float(r["horizon_months"])
            out.at[i, "count_low"], out.at[i, "count_high"] = r["lower"], r["upper"]
            out.at[i, "count_months"] = months
            for col in ("value", "lower", "upper", "resolution"):
                if not pd.isna(r[col]):
                    out.at[i, col] = float(r[col]) / months
            continue
        elif r["unit"] == "count" and isinstance(r["horizon"], str) and r["horizon"]:
            out.at[i, "count_low"] = r["lower"]
            out.at[i, "count_high"] = r["upper"]
        if r["unit"] == "scale":
            out.at[i, "scale_min"] = r["lower"]
            out.at[i, "scale_max"] = r["upper"]
            out.at[i, "value"] = math.nan
            out.at[i, "lower"] = math.nan
            out.at[i, "upper"] = math.nan
            out.at[i, "qualifier"] = "scale"
        elif r["qualifier"] == "approximately" and not pd.isna(r["value"]):
            lo, hi = clean.approximate_bounds(r["expression"], r["unit"], float(r["value"]), float(r["resolution"]))
            out.at[i, "lower"], out.at[i, "upper"] = lo, hi
    return out


def test_shape_figures_by_itertuples_equals_the_iterrows_version(monkeypatch):
    captured = {}
    shape = clean.shape_figures

    def capture(out):
        captured["in"] = out.copy()
        return shape(out)

    monkeypatch.setattr(clean, "shape_figures", capture)
    clean.build()
    frame = captured["in"]
    # every branch is taken by the real figures: paces, counts to a horizon, scales, approximations
    assert {"rate", "count"} <= set(frame["parsed_unit"]) and "scale" in set(frame["unit"])
    assert (frame["qualifier"] == "approximately").sum() > 5 and frame["horizon_months"].notna().any()
    got, ref = shape(frame), _shape_figures_by_iterrows(frame)
    pd.testing.assert_frame_equal(got, ref, check_exact=True)
    assert clean.to_csv(got) == clean.to_csv(ref)
