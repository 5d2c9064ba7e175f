"""How many digits a float keeps when it leaves the program: the one output-precision policy.

The last bits of a float depend on the machine that computed it: the CPU's vector instructions,
the BLAS kernel, the libm, the summation order of several threads. Written with all 17 digits,
`2.6358475812548976` on one x86-64 machine is `2.6358475812548967` on another, and a study whose
outputs are committed and compared byte for byte fails its own tests on the second machine.
So every float written to a data file, a metrics file or a notebook output is first rounded here,
to far more digits than the study needs and far fewer than the machines disagree on:

* data files and metrics (CSV, JSON): `SIGNIFICANT` significant digits and at most `DECIMALS`
  decimal places in fixed notation (so no value is written with 13 or more decimals; values
  under 1e-4, such as tiny p-values, are written with an exponent and keep their digits);
* text shown to people (summaries, tables, prose): `DISPLAY` significant digits; the prose
  itself formats through `analysis.publish.fmt` at the precision each sentence needs.

The chance that a machine-level difference (around 1e-15 relative) straddles a rounding boundary
at 10 significant digits is about one in a hundred thousand per value; the rebuild tests on
several numerical back-ends would show it.
"""

from __future__ import annotations

import math
from typing import Any

SIGNIFICANT = 10
DECIMALS = 12
DISPLAY = 4

#: printf-style format for pandas' `to_csv(float_format=...)`, applied after `frame()`.
CSV_FLOAT_FORMAT = f"%.{SIGNIFICANT}g"


def data(x: float) -> float:
    """A float as written to a data or metrics file."""
    if not math.isfinite(x) or x == 0:
        return x
    y = float(f"{x:.{SIGNIFICANT}g}")
    if abs(y) >= 1e-4:  # written in fixed notation: cap the decimals (smaller ones use an exponent)
        y = round(y, DECIMALS)
    return y


def text(x: float | None) -> str:
    """A float in a summary read by a person."""
    if x is None:
        return "n/a"
    return f"{x:.{DISPLAY}g}"


def tree(x: Any) -> Any:
    """Every float in a JSON-like structure rounded with `data`; numpy scalars made plain."""
    if isinstance(x, dict):
        return {k: tree(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(tree(v) for v in x) if isinstance(x, list) else tuple(tree(v) for v in x)
    if hasattr(x, "item") and not isinstance(x, (str, bytes)):
        x = x.item()
    if isinstance(x, float):
        return data(x)
    return x


def frame(df):
    """A copy of a DataFrame whose float columns are rounded with `data` (write it with
    `float_format=CSV_FLOAT_FORMAT`, which then only drops trailing zeros)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].map(lambda v: v if v != v else data(v))  # NaN stays NaN
    return out


def to_csv(df) -> str:
    """The one way a table is written to a CSV output."""
    return frame(df).to_csv(index=False, float_format=CSV_FLOAT_FORMAT, lineterminator="\n")
