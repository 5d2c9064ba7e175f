"""The result object: frozen, JSON round trip, plain types only."""

import dataclasses
import json

import numpy as np
import pytest

from analysis.models.result import Result, dump, load


def test_round_trip_and_plain_json():
    r = Result(name="x", method="m", estimate=np.float64(0.5), ci_low=0.4, ci_high=float("nan"), n=95,
               warnings=("w",), details={"a": np.int64(3), "b": [np.float32(1.5)]})
    d = json.loads(r.to_json())
    assert d["estimate"] == 0.5 and d["ci_high"] is None and d["details"]["a"] == 3
    assert d["warnings"] == {"1": "w"} and d["n_warnings"] == 1
    back = load(dump({"x": r}))["x"]
    assert back.warnings == ("w",) and back.ci_low == 0.4


def test_frozen_and_summary():
    r = Result(name="share", method="Wilson score", estimate=0.85, ci_low=0.77, ci_high=0.91, n=95,
               warnings=("small",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.estimate = 1.0
    s = r.summary()
    assert "Wilson score" in s and "WARNING" in s and "n:" in s
    assert r.confidence_interval() == (0.77, 0.91)
