"""Words that follow from results.

A chapter's verb ("rose", "differ", "agree") is a conclusion, and a conclusion must come from the
numbers, not be typed next to them: a sentence that says "fell" over an interval of [+2, +7]
points, or "differ" over a p-value of 0.5, contradicts its own evidence. Each function here takes
a result (or its numbers) and returns the phrase its interval or test allows; a result that does
not settle the question reads "cannot tell", never the answer the author expected.
"""

from __future__ import annotations

from analysis.models.result import Result


def _interval(res: Result) -> tuple[float, float]:
    if not res.has_interval:
        raise ValueError(f"{res.name}: a verdict needs an interval, and this result has none")
    return float(res.ci_low), float(res.ci_high)


def sign(res: Result, null: float = 0.0) -> int:
    """+1 when the whole interval lies above `null`, -1 below, 0 when it contains it."""
    lo, hi = _interval(res)
    if lo > null:
        return 1
    if hi < null:
        return -1
    return 0


def trend_verdict(res: Result, up: str = "rose", down: str = "fell", null: float = 0.0) -> str:
    """"rose" / "fell" when the interval of the slope (or growth) excludes `null`; otherwise says
    that the data cannot tell the direction. For a growth rate the null is 0 as well (no growth)."""
    s = sign(res, null)
    if s > 0:
        return up
    if s < 0:
        return down
    return f"cannot tell whether it {up} or {down}"


def difference_verdict(res: Result, differ: str = "differ", same: str = "cannot tell apart") -> str:
    """"differ" when the interval of a difference excludes 0 (or, without an interval, p < 0.05)."""
    if res.has_interval:
        return differ if sign(res) != 0 else same
    if res.pvalue is None:
        raise ValueError(f"{res.name}: neither an interval nor a p-value")
    return differ if res.pvalue < 1 - (res.confidence_level or 0.95) else same


def agreement_verdict(w: float, pvalue: float, alpha: float = 0.05) -> str:
    """Kendall's W with its p-value: "agree" when W is beyond chance, otherwise that one cannot tell
    whether the rankings agree, whatever the size of W (a weak positive W is not a disagreement)."""
    if not 0 <= w <= 1:
        raise ValueError(f"Kendall's W lies in [0, 1], got {w}")
    if pvalue < alpha:
        return "agree"
    return "cannot tell whether they agree"


def within(res: Result, value: float) -> bool:
    """Whether `value` lies inside the interval of `res` (bounds included)."""
    lo, hi = _interval(res)
    return lo <= value <= hi


def contains_phrase(res: Result, value: float, what: str) -> str:
    """"includes <what>" / "excludes <what>": a clause for a sentence about an interval."""
    return f"includes {what}" if within(res, value) else f"excludes {what}"


def significance_phrase(pvalue: float, alpha: float = 0.05) -> str:
    """"beyond chance" / "within chance" for a test at level alpha."""
    return "beyond chance" if pvalue < alpha else "within what chance allows"


def trend_clause(res: Result, subject: str, up: str = "rose", down: str = "fell", null: float = 0.0) -> str:
    """A whole clause: "<subject> rose" / "<subject> fell" / "the data cannot tell whether <subject>
    rose or fell"."""
    s = sign(res, null)
    if s > 0:
        return f"{subject} {up}"
    if s < 0:
        return f"{subject} {down}"
    return f"the data cannot tell whether {subject} {up} or {down}"


def difference_clause(res: Result, a: str, b: str) -> str:
    """"<a> and <b> differ" / "the data cannot tell <a> and <b> apart"."""
    if difference_verdict(res) == "differ":
        return f"{a} and {b} differ"
    return f"the data cannot tell {a} and {b} apart"


def agreement_clause(w: float, pvalue: float, subject: str, alpha: float = 0.05) -> str:
    """"<subject> agree" / "the data cannot tell whether <subject> agree"."""
    if agreement_verdict(w, pvalue, alpha) == "agree":
        return f"{subject} agree"
    return f"the data cannot tell whether {subject} agree"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
