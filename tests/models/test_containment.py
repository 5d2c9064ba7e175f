"""A whole smaller than its parts is named; one that sampling can explain is not."""

import pandas as pd
import pytest

from analysis.models.containment import clashes

SPEC = {"any": {"relation": "nested", "contains": ["partly", "fully"]},
        "partly": {"relation": "complementary"}, "fully": {"relation": "nested"}}


def topics(any_, partly, fully):
    rows = [("any", *any_), ("partly", *partly), ("fully", *fully)]
    return pd.DataFrame(rows, columns=["construct", "ci_low", "ci_high"])


def test_disjoint_parts_need_their_sum():
    found = clashes(topics((0.38, 0.62), (0.52, 0.76), (0.20, 0.43)), SPEC)
    assert len(found) == 1
    c = found[0]
    assert c.whole == "any" and c.parts == ("partly", "fully") and c.disjoint
    assert c.needed_low == pytest.approx(0.72) and c.whole_high == 0.62


def test_an_overlap_sampling_can_explain_is_no_clash():
    assert clashes(topics((0.38, 0.75), (0.52, 0.76), (0.20, 0.43)), SPEC) == []


def test_nested_parts_need_only_the_largest():
    spec = {**SPEC, "partly": {"relation": "nested"}}
    assert clashes(topics((0.38, 0.62), (0.52, 0.76), (0.20, 0.43)), spec) == []
    found = clashes(topics((0.30, 0.50), (0.52, 0.76), (0.20, 0.43)), spec)
    assert [c.needed_low for c in found] == [0.52] and not found[0].disjoint


def test_a_whole_or_parts_not_reported_are_skipped():
    t = topics((0.38, 0.62), (0.52, 0.76), (0.20, 0.43))
    assert clashes(t[t.construct != "any"], SPEC) == []
    assert clashes(t[t.construct == "any"], SPEC) == []
