"""One result type for every model, in the manner of scipy.stats and statsmodels results.

A chapter never prints a bare number: it prints an estimate with its interval, its n, the method
that produced it and the warnings that qualify it. Carrying all of these in one frozen object,
which serialises to JSON (DVC metrics) and back, makes that hard to forget.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from analysis import precision


def _clean(x: Any) -> Any:
    """Plain JSON types only: numpy scalars become floats, NaN and infinities become None, and
    every float is rounded by the one output-precision policy (analysis.precision)."""
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        x = x.item()
    if isinstance(x, float):
        if not math.isfinite(x):
            return None
        return precision.data(x)
    return x


@dataclass(frozen=True)
class Result:
    """An estimate with its uncertainty and the conditions under which it holds."""

    name: str
    method: str
    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    confidence_level: float | None = 0.95
    n: int | float | None = None
    statistic: float | None = None
    pvalue: float | None = None
    unit: str = ""
    assumptions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    details: dict = field(default_factory=dict)

    def confidence_interval(self) -> tuple[float | None, float | None]:
        return self.ci_low, self.ci_high

    @property
    def has_interval(self) -> bool:
        return self.ci_low is not None and self.ci_high is not None

    def to_dict(self) -> dict:
        """Plain JSON. Warnings and assumptions are numbered mappings ({"1": ...}) rather than
        lists, because `dvc metrics show` flattens mappings but drops lists."""
        d = asdict(self)
        d["assumptions"] = {str(i): a for i, a in enumerate(self.assumptions, start=1)}
        d["warnings"] = {str(i): w for i, w in enumerate(self.warnings, start=1)}
        d["n_warnings"] = len(self.warnings)
        return _clean(d)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict) -> Result:
        d = dict(d)
        d.pop("n_warnings", None)
        for key in ("assumptions", "warnings"):
            v = d.get(key, ())
            if isinstance(v, dict):
                v = [v[k] for k in sorted(v, key=int)]
            d[key] = tuple(v)
        return cls(**d)

    def summary(self) -> str:
        """A few lines in the spirit of statsmodels' summary()."""
        level = f"{self.confidence_level:.0%}" if self.confidence_level else ""
        lines = [f"{self.name}", f"  method:    {self.method}",
                 f"  estimate:  {precision.text(self.estimate)} {self.unit}".rstrip()]
        if self.has_interval:
            lines.append(f"  {level} CI:    [{self.ci_low:.4g}, {self.ci_high:.4g}]")
        if self.n is not None:
            lines.append(f"  n:         {self.n}")
        if self.statistic is not None:
            lines.append(f"  statistic: {self.statistic:.4g}")
        if self.pvalue is not None:
            lines.append(f"  p-value:   {self.pvalue:.4g}")
        lines += [f"  assumes:   {a}" for a in self.assumptions]
        lines += [f"  WARNING:   {w}" for w in self.warnings]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def dump(results: dict[str, Result]) -> str:
    """Serialise a named set of results (one model stage's metrics file)."""
    return json.dumps({k: results[k].to_dict() for k in sorted(results)}, ensure_ascii=False,
                      indent=2, sort_keys=True) + "\n"


def load(text: str) -> dict[str, Result]:
    return {k: Result.from_dict(v) for k, v in json.loads(text).items()}
