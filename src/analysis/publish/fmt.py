"""One way to write numbers in prose, for every chapter.

Chapters never type a figure: they format a computed one through these functions, so that the
same quantity always reads the same way ("65%", "[56%, 73%]", "2,249,975", "1.77 / 5").
"""

from __future__ import annotations

import math


def num(x: float, digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.{digits}f}"


def cell(x, digits: int = 3) -> str:
    """A number in a table: no zeros that carry nothing ("0.85", not "0.850"; "1800000", not
    "1800000.000"), thousands separated from 10,000 on, at most `digits` decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    sep = "," if abs(x) >= 10_000 else ""
    if float(x).is_integer():
        return f"{x:{sep}.0f}"
    text = f"{x:{sep}.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{100 * x:.{digits}f}%"


QUALIFIER_WORDS = {"approximately": "about ", "more_than": "more than ", "at_least": "at least ",
                   "less_than": "less than "}
#: « près de », « presque », « quasiment » say the figure is approached, usually from below: "nearly",
#: where « environ » or « autour de » say "about". The parser gives both one qualifier (approximately,
#: bounded the same way); only the reader's word differs.
NEARLY = ("pres de", "pres d'", "presque", "quasiment", "quasi")


def qualifier_word(qualifier: str, expression: str | None = None) -> str:
    """The English word before an approximate figure, from its qualifier and, where given, the printed
    French words: "nearly " for « près de 16 % », "about " for « environ 5 % »."""
    if qualifier == "approximately" and expression:
        from analysis.data.parse import normalise  # the parser's own reading of the words

        if normalise(expression).startswith(NEARLY):
            return "nearly "
    return QUALIFIER_WORDS.get(qualifier, "")


#: Shares the sources printed as words (« un tiers », « un sur cinq », « la moitié », « 1/3 ») read as
#: words: "nearly a third", not "nearly 33%", a precision the words never had.
FRACTION_WORDS = {(0, 1): "none", (1, 1): "all", (1, 2): "half", (1, 3): "a third", (2, 3): "two thirds",
                  (1, 4): "a quarter", (3, 4): "three quarters", (1, 5): "a fifth", (2, 5): "two fifths",
                  (3, 5): "three fifths", (4, 5): "four fifths", (1, 10): "a tenth"}


def fraction_words(x: float, resolution: float, expression: str | None) -> str | None:
    """The English words of a share printed as a word fraction, or None for one printed in digits."""
    from fractions import Fraction

    from analysis.data.parse import WORD_FRACTION_RESOLUTION

    if not expression or resolution is None or not math.isclose(resolution, WORD_FRACTION_RESOLUTION):
        return None
    f = Fraction(x).limit_denominator(10)
    if abs(float(f) - x) > 1e-6:
        return None
    return FRACTION_WORDS.get((f.numerator, f.denominator))


def as_printed(x: float, resolution: float, qualifier: str = "exact", expression: str | None = None) -> str:
    """A share at the precision it was printed, with its qualifier: "6.5%", "nearly 16%", not "6%"
    or "16%" (a figure is never rounded away); a share printed in words in words ("nearly a third")."""
    digits = max(0, round(-math.log10(resolution * 100)))
    return qualifier_word(qualifier, expression) + (fraction_words(x, resolution, expression) or pct(x, digits))


def as_reported(value: float, resolution: float, qualifier: str, agreement: str, low: float, high: float) -> str:
    """A reconciled figure as printed, and, when outlets conflict, the span they print: "6.5% (outlets print
    5.0% to 6.5%)"; a reader sees that the preferred report is one of several."""
    text = as_printed(value, resolution, qualifier)
    if agreement != "conflict":
        return text
    digits = max(0, round(-math.log10(resolution * 100)))
    return f"{text} (outlets print {pct(low, digits)} to {pct(high, digits)})"


def as_reported_row(row, figures) -> str:
    """An indicator (a row of indicators.csv) as printed and, where outlets conflict, the span of their
    reports each in its own words and precision: "6.5% (outlets print about 5% to 6.5%)"."""
    reports = figures[figures["figure_id"].isin(str(row["figure_ids"]).split(";"))]

    def printed(r) -> str:
        return as_printed(r["value"], r["resolution"], r["qualifier"], r["expression"])

    text = printed(reports[reports["figure_id"] == row["preferred_figure_id"]].iloc[0])
    if row["agreement"] != "conflict":
        return text
    ordered = reports.sort_values(["value", "figure_id"], kind="stable")
    return f"{text} (outlets print {printed(ordered.iloc[0])} to {printed(ordered.iloc[-1])})"


def pts(x: float, digits: int = 0) -> str:
    """A difference of shares, in percentage points."""
    return f"{100 * x:+.{digits}f} pts"


def interval(lo: float, hi: float, kind: str = "pct", digits: int = 0) -> str:
    f = pct if kind == "pct" else num
    return f"[{f(lo, digits)}, {f(hi, digits)}]"


def pts_interval(lo: float, hi: float, digits: int = 0) -> str:
    """An interval of a difference of shares, in percentage points: [+0.3, +6.1] pts."""
    return f"[{100 * lo:+.{digits}f}, {100 * hi:+.{digits}f}] pts"


def pvalue(p: float) -> str:
    """A p-value as a reader writes it: "p = 0.20", "p = 0.003", "p < 0.001" (never 4e-08)."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.2f}" if p >= 0.01 else f"p = {p:.3f}"


def score(x: float, scale: float, digits: int = 2) -> str:
    return f"{x:.{digits}f} / {scale:g}"


def count_words(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def count_range(counts) -> str:
    """The whole counts a rounded word allows, as a reader says them: "12", "12 or 13", "11 to 14".

    Not an interval: when the units are all there are (a census), these are the only values the
    printed words leave open, and writing them "[48%, 52%]" would read as a confidence interval."""
    return _span(counts, lambda c: f"{c:,}")


def share_range(counts, total: int) -> str:
    """The same counts as shares of their total: "48% or 52%"."""
    return _span(counts, lambda c: pct(c / total))


def _span(counts, render) -> str:
    counts = sorted(int(c) for c in counts)
    if not counts:
        raise ValueError("no count is compatible")
    lo, hi = counts[0], counts[-1]
    if lo == hi:
        return render(lo)
    return f"{render(lo)} {'or' if hi == lo + 1 else 'to'} {render(hi)}"


def listing(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: Month names in English, whatever the locale (strftime's %B follows it).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def month(year: int, number: int) -> str:
    """A month as a reader writes it: March 2014."""
    return f"{MONTHS[number - 1]} {year}"


def period(value: str) -> str:
    """A printed period as a reader writes it: "2018-10" -> "October 2018", "2022" -> "2022"."""
    text = str(value)
    if len(text) == 7 and text[4] == "-":
        return month(int(text[:4]), int(text[5:7]))
    return text


def day(value) -> str:
    """A date as a reader writes it, whatever the locale: 1 October 2012."""
    import pandas as pd

    t = pd.Timestamp(value)
    return f"{t.day} {month(t.year, t.month)}"
