"""The output-precision policy: no float leaves the program with the digits on which machines
disagree, and the scan that proves it on every committed output."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import paths, precision

LONG_FLOAT = re.compile(r"\d\.\d{13,}")


def test_the_digits_two_machines_disagree_on_are_dropped():
    assert precision.data(2.6358475812548976) == precision.data(2.6358475812548967) == 2.635847581


@pytest.mark.parametrize("x, written", [(1 / 3, "0.3333333333"), (0.000123456789123, "0.000123456789"),
                                        (1.2e-48, "1.2e-48"), (1_800_000.0, "1800000.0"), (-2.5, "-2.5")])
def test_written_forms(x, written):
    assert repr(precision.data(x)) == written


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_no_written_float_has_thirteen_decimals(x):
    assert not LONG_FLOAT.search(repr(precision.data(x)))
    assert not LONG_FLOAT.search(precision.CSV_FLOAT_FORMAT % precision.data(x))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda v: abs(v) > 1e-3))
def test_rounding_keeps_ten_significant_digits(x):
    assert math.isclose(precision.data(x), x, rel_tol=1e-9)


def test_trees_and_frames_are_rounded_and_nan_survives():
    assert precision.tree({"a": [1 / 3, "x", (2 / 3,)], "b": 3}) == {"a": [0.3333333333, "x", (0.6666666667,)], "b": 3}
    df = pd.DataFrame({"v": [1 / 3, float("nan")], "n": [1, 2], "s": ["a", "b"]})
    assert precision.to_csv(df) == "v,n,s\n0.3333333333,1,a\n,2,b\n"


def test_summaries_show_display_precision():
    assert precision.text(2.6358475812548976) == "2.636" and precision.text(None) == "n/a"


def outputs():
    for folder in (paths.PROCESSED, paths.REPORTS):
        for p in sorted(folder.rglob("*")):
            if p.suffix in {".csv", ".json", ".ipynb", ".html"} and p.is_file():
                yield p


def test_no_committed_output_holds_a_float_with_thirteen_or_more_decimals():
    found = {str(p.relative_to(paths.ROOT)): LONG_FLOAT.findall(p.read_text(encoding="utf-8"))[:3]
             for p in outputs()}
    assert len(found) > 40
    assert {k: v for k, v in found.items() if v} == {}


def test_every_sort_is_stable():
    """Ties (equal shares, equal years) keep their input order on every machine: numpy's default
    sort dispatches to a vectorised, unstable sort where AVX2 is present, so an unstable sort puts
    tied rows in an order that depends on the CPU. Every sort call names its kind."""
    import ast

    found = []
    for p in [*(paths.ROOT / "src").rglob("*.py"), *paths.NOTEBOOKS.glob("*.py")]:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("sort_values", "argsort", "sort")
                    and not (node.func.attr == "sort" and not node.args and not node.keywords)  # list.sort()
                    and not any(k.arg == "kind" for k in node.keywords)):
                found.append(f"{p.relative_to(paths.ROOT)}:{node.lineno}")
    assert found == []
