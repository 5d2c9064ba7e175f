"""Turn a figure as printed in French into numbers, without ever guessing.

The sources state figures in words ("près de 60 %", "un sur cinq", "30 à 40", "un par mois").
A figure is transcribed into data/raw/ exactly as printed; this module is the only place where
words become numbers, so that the reading of every expression is written down once and tested.

Conventions (documented in the codebook, chapter 7 prints them):

* shares are fractions in [0, 1] ("65 %" -> 0.65);
* a rate is normalised to *per month*, the window it was stated over is kept in
  ``period_months`` ("15 sur les 24 prochains mois" -> 0.625 per month over 24 months);
* a count to a calendar horizon ("40 à 50 d'ici à fin 2013") stays a count with a ``horizon``:
  turning it into a rate needs a start date that nobody published (a model parameter);
* ``lower``/``upper`` are what the words logically allow: equal to the value when exact, the
  two ends of a range, an open side (``None``) for "plus de" on an unbounded unit;
* ``resolution`` is the step of the printed figure (0.01 for "65 %", 0.001 for "6,5 %"),
  used to rank reports by precision; for word fractions ("un tiers") it is 0.05 by convention.

Anything not covered raises :class:`ExpressionError` naming the expression and the reason.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, fields
from datetime import date

#: Scales and denominators that make "a/b" with whole numbers ambiguous: "4/5" may be a score
#: out of 5 or four cities out of five. Such expressions must be written out.
AMBIGUOUS_DENOMINATORS = {5, 10, 20, 100}

WORD_FRACTION_RESOLUTION = 0.05


class ExpressionError(ValueError):
    """An expression that cannot be read without guessing."""

    def __init__(self, expression: str, reason: str):
        self.expression = expression
        self.reason = reason
        super().__init__(f"cannot parse {expression!r}: {reason}")


@dataclass(frozen=True)
class Parsed:
    value: float
    lower: float | None
    upper: float | None
    qualifier: str
    unit: str
    resolution: float
    scale: float | None = None  # score: top of the scale
    period_months: float | None = None  # rate or duration: the window stated
    horizon: str | None = None  # "2013-12-31": a count or share to be reached by then
    denominator: int | None = None  # "161 sur 270": the n the expression itself states
    date_iso: str | None = None  # date: as precise as printed ("2014-03", "2014-03-11")
    #: a count to be reached within a window from an unstated date ("30 à 40 d'ici 4 ans": 48)
    horizon_months: float | None = None

    def to_dict(self) -> dict:
        # every field is a scalar: no need for dataclasses.asdict's recursive deep copy (10 x slower)
        return {name: getattr(self, name) for name in _PARSED_FIELDS}


_PARSED_FIELDS = tuple(f.name for f in fields(Parsed))


# ---------------------------------------------------------------------------------------------
# Normalisation and vocabularies

_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u200a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"

# French cardinal numbers in words, 0 to 999 999 999 (see `number_words` below). Spaces and
# hyphens are interchangeable (the 1990 spelling joins every part with hyphens:
# "trois-mille-cinq-cents"); the plural of "cent" and "quatre-vingt" is accepted either way.
_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
          "huit": 8, "neuf": 9}
_TEENS = {"dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
          "seize": 16}
#: "septante", "huitante", "nonante": Belgian and Swiss French, as exact as "soixante-dix".
_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
         "septante": 70, "huitante": 80, "nonante": 90}


def _below_100() -> dict[tuple[str, ...], int]:
    """Every spelling of 1..99 as a tuple of words."""
    table: dict[tuple[str, ...], int] = {(w,): v for w, v in {**_UNITS, **_TEENS}.items()}
    for u in ("sept", "huit", "neuf"):
        table[("dix", u)] = 10 + _UNITS[u]
    one_to_nine = [(w,) for w in _UNITS if w not in ("un", "une")]
    for ten, tv in _TENS.items():
        table[(ten,)] = tv
        table[(ten, "et", "un")] = table[(ten, "et", "une")] = tv + 1
        for u in one_to_nine:
            table[(ten, *u)] = tv + _UNITS[u[0]]
    below_20 = {k: v for k, v in table.items() if v < 20}
    for k, v in below_20.items():  # soixante-dix .. soixante-dix-neuf, "soixante et onze"
        if v >= 10:
            table[("soixante", "et", "onze") if v == 11 else ("soixante", *k)] = 60 + v
    for vingt in ("vingt", "vingts"):  # quatre-vingt(s), quatre-vingt-un .. quatre-vingt-dix-neuf
        table[("quatre", vingt)] = 80
        for k, v in below_20.items():
            table[("quatre", vingt, *k)] = 80 + v
    return table


_BELOW_100 = _below_100()
_NUMBER_VOCABULARY = ({w for k in _BELOW_100 for w in k} | {"zero", "cent", "cents", "mille", "milles",
                      "million", "millions"}) - {"et"}

_WORD = rf"(?:{'|'.join(sorted(_NUMBER_VOCABULARY, key=len, reverse=True))})(?![a-z'])"
#: A run of number words ("soixante et onze", "trois-mille-cinq-cents"), read by `number_words`.
_WORDS = rf"{_WORD}(?:[ -](?:et[ -])?{_WORD})*"


def _words_below_1000(words: list[str]) -> int:
    """0 for no words; "cent", "deux cents", "cent vingt", "neuf cent quatre-vingt-dix-neuf"."""
    if not words:
        return 0
    hundreds = [i for i, w in enumerate(words) if w in ("cent", "cents")]
    if len(hundreds) > 1:
        raise ValueError("'cent' twice")
    if not hundreds:
        if tuple(words) not in _BELOW_100:
            raise ValueError(f"'{' '.join(words)}' is not a number below one hundred")
        return _BELOW_100[tuple(words)]
    i = hundreds[0]
    before, after = words[:i], words[i + 1:]
    if not before:
        if words[i] == "cents":
            raise ValueError("'cents' with no number of hundreds")
        times = 1
    elif len(before) == 1 and before[0] in _UNITS and _UNITS[before[0]] > 1:
        times = _UNITS[before[0]]
    else:
        raise ValueError(f"'{' '.join(before)}' before 'cent'")
    if after and tuple(after) not in _BELOW_100:
        raise ValueError(f"'{' '.join(after)}' after 'cent'")
    return times * 100 + (_BELOW_100[tuple(after)] if after else 0)


def _words_below_million(words: list[str]) -> int:
    thousands = [i for i, w in enumerate(words) if w in ("mille", "milles")]
    if len(thousands) > 1:
        raise ValueError("'mille' twice")
    if not thousands:
        return _words_below_1000(words)
    i = thousands[0]
    if words[i] == "milles":
        raise ValueError("'mille' takes no s")
    before = words[:i]
    times = _words_below_1000(before) if before else 1
    if before and times == 1:
        raise ValueError("'un mille': write 'mille'")
    return times * 1000 + _words_below_1000(words[i + 1:])


def number_words(text: str) -> int:
    """The whole number spelt in French words (0 to 999 999 999); ValueError says what is wrong."""
    words = [w for w in re.split(r"[ -]+", text.strip()) if w]
    if not words:
        raise ValueError("no words")
    if words == ["zero"]:
        return 0
    unknown = [w for w in words if w not in _NUMBER_VOCABULARY and w != "et"]
    if unknown:
        raise ValueError(f"{', '.join(repr(w) for w in unknown)} not a number word")
    millions = [i for i, w in enumerate(words) if w in ("million", "millions")]
    if len(millions) > 1:
        raise ValueError("'million' twice")
    if millions:
        i = millions[0]
        before = words[:i]
        if not before:
            raise ValueError("'million' with no number of millions")
        times = _words_below_1000(before)
        if times == 1 and before != ["un"]:
            raise ValueError(f"'{' '.join(before)} million'")
        return times * 1_000_000 + _words_below_million(words[i + 1:])
    if "zero" in words:
        raise ValueError("'zero' inside a number")
    return _words_below_million(words)


APPROX_NOUNS = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20,
                "trentaine": 30, "quarantaine": 40, "cinquantaine": 50, "centaine": 100}
ORDINAL_WORDS = {"premier": 1, "premiere": 1, "deuxieme": 2, "second": 2, "seconde": 2,
                 "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6,
                 "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10}
MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
          "juillet": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
          "decembre": 12}
FRACTION_NOUNS = {"moitie": 2, "tiers": 3, "quart": 4, "quarts": 4, "cinquieme": 5,
                  "cinquiemes": 5, "dixieme": 10, "dixiemes": 10}
#: "une majorité" is more than half, and says nothing more.
MAJORITY_WORDS = ("une majorite", "la majorite", "majorite")
WHOLE_WORDS = {"l'ensemble": 1.0, "ensemble": 1.0, "tous": 1.0, "toutes": 1.0,
               "aucun": 0.0, "aucune": 0.0}

_PREFIXES = (
    ("approximately", ("pres de", "pres d'", "presque", "environ", "autour de", "quelque",
                       "quasiment", "≈", "~")),
    ("at_least", ("au moins", "au minimum", "≥")),
    ("more_than", ("plus de", "plus d'", "plus du", "au-dela de", ">")),
    ("less_than", ("moins de", "moins d'", "moins du", "<")),
)
VAGUE = ("quelques", "plusieurs", "nombreux", "nombreuses", "beaucoup", "certaines", "certains")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def normalise(expression: str) -> str:
    """Lower-case, plain spaces and hyphens, straight apostrophes, no guillemets or accents."""
    if not isinstance(expression, str):
        raise ExpressionError(repr(expression), "not a text")
    text = expression
    for ch in _SPACES:
        text = text.replace(ch, " ")
    for ch in _DASHES:
        text = text.replace(ch, "-")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("«", "").replace("»", "")
    text = _strip_accents(text.lower())
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    return text


# A French number: thousands grouped by spaces ("2 249 975") or by dots ("2.500"), decimal comma.
_NUM = r"(?:\d{1,3}(?: \d{3})+|[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?|\d+\.\d{1,2}(?!\d)"
_NUM_RE = re.compile(rf"^(?:{_NUM})$")


#: Digits a printed number may have before or after its comma: a float holds 15 exactly, and the
#: largest figures (budgets in euros) have 10; a longer number is a slip of the keyboard.
MAX_DIGITS = 15


def parse_number(token: str) -> tuple[float, float]:
    """Return (value, resolution) for a French-written number; raise if it is not one."""
    t = normalise(token)
    if not _NUM_RE.match(t):
        raise ExpressionError(token, "not a number written the French way (e.g. 2 249 975 or 1,77)")
    if re.fullmatch(r"\d+\.\d{1,2}", t):  # a decimal point: unambiguous since not 3 digits
        whole, frac = t.split(".")
    else:
        t = t.replace(" ", "").replace(".", "")
        whole, _, frac = t.partition(",")
    if len(whole.lstrip("0")) > MAX_DIGITS or len(frac) > MAX_DIGITS:
        raise ExpressionError(token, f"more than {MAX_DIGITS} digits: no figure of this study is that large or that "
                                     "precise (a transcription error?)")
    value = float(f"{whole}.{frac}" if frac else whole)
    resolution = 10.0 ** (-len(frac)) if frac else 1.0
    return value, resolution


def _number_or_word(token: str) -> tuple[float, float, bool]:
    """A number in digits or words; returns (value, resolution, was_word)."""
    token = token.strip()
    if re.fullmatch(_WORDS, token):
        try:
            value = number_words(token)
        except ValueError as exc:
            raise ExpressionError(token, f"the words '{token}' could not be read as a number ({exc})") from None
        # "vingt-huit millions" is as coarse as "28 millions".
        resolution = 1e6 if re.search(r"millions?$", token) else 1.0
        return float(value), resolution, True
    value, res = parse_number(token)
    return value, res, False


def _is_number(token: str) -> bool:
    try:
        _number_or_word(token)
    except ExpressionError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# The grammar, one small reader per form. Each returns a Parsed or None (form not recognised).

_W = r"[a-z'\-]+"
_NUMW = rf"(?:{_NUM}|{_WORDS})"


def _split_qualifier(text: str) -> tuple[str, str]:
    for qualifier, prefixes in _PREFIXES:
        for p in prefixes:
            if text.startswith(p):
                return qualifier, text[len(p):].strip()
    return "exact", text


def _bounded(value: float, qualifier: str, unit_max: float | None) -> tuple[float | None, float | None]:
    if qualifier in ("exact", "approximately"):
        return value, value
    if qualifier in ("at_least", "more_than"):
        return value, unit_max
    if qualifier == "less_than":
        return 0.0, value
    raise AssertionError(qualifier)


def _percent(text: str, qualifier: str) -> Parsed | None:
    text = re.sub(r" ?\bpour ?cent$| ?\bpour ?cent(?= ?(?:a|et|-) )", " %", text)  # "vingt pour cent"
    m = re.fullmatch(rf"([+-])?\s*({_NUMW}) ?%", text)
    if m:
        value, res, _ = _number_or_word(m.group(2))
        if m.group(1):
            sign = -1.0 if m.group(1) == "-" else 1.0
            v = sign * value / 100
            return Parsed(v, v, v, qualifier, "change", res / 100)
        v = value / 100
        lo, hi = _bounded(v, qualifier, 1.0)
        return Parsed(v, lo, hi, qualifier, "share", res / 100)
    m = re.fullmatch(r"(?:(?:de|entre) )?(.+?) ?%", text)
    if m:
        body = re.sub(r" ?% ?(a|et|-) ?", r" \1 ", m.group(1))  # "30 % à 40 %"
        if "%" not in body:
            ends = _two_ends(text, body)
            if ends:
                return _range(*ends, text, "share", 0.01)
            _refuse_unreadable_words(body)
    return None


def _points(text: str, qualifier: str) -> Parsed | None:
    m = re.fullmatch(rf"(?:a gagne |gagne )?([+-])?\s*({_NUMW}) ?(?:points?|pts?)(?: de pourcentage)?", text)
    if not m:
        return None
    value, res, _ = _number_or_word(m.group(2))
    sign = -1.0 if m.group(1) == "-" else 1.0
    v = sign * value / 100
    return Parsed(v, v, v, qualifier, "points", res / 100)


_RANGE_SEPARATOR = re.compile(r" ?(?:a|et|-) ?")


def _two_ends(text: str, body: str) -> tuple[str, str] | None:
    """The two ends of "X à Y", "X et Y", "X-Y" when both read as numbers, else None.

    Every place the separator could be is tried, so "vingt et un à trente" splits after "un";
    a hyphen between two words belongs to the number ("vingt-cinq"), never to a range.
    """
    ends = set()
    for i in range(1, len(body) - 1):
        m = _RANGE_SEPARATOR.match(body, i)
        if not m or m.end() >= len(body):
            continue
        sep = m.group()
        if body[i - 1].isalpha() or body[m.end()].isalpha():  # next to a word
            if sep == "-":
                continue  # "vingt-cinq", "vingt-vingt": one (mis)spelt number, not a range
            if sep.strip() != "-" and sep != f" {sep.strip()} ":
                continue  # the "a" inside "quarante": a word separator needs its spaces
        a, b = body[:i].strip(), body[m.end():].strip()
        if _is_number(a) and _is_number(b):
            ends.add((a, b))
    if len(ends) > 1:
        readings = " or ".join(f"{a} to {b}" for a, b in sorted(ends))
        raise ExpressionError(text, f"an ambiguous range: {readings}")
    return ends.pop() if ends else None


def _refuse_unreadable_words(body: str) -> None:
    """Raise, naming the words, if ``body`` is number words (or a range of them) that do not read.

    In a range with one readable end ("dix et vingt-vingt"), the other end is the one named.
    """
    best: tuple[str, str] | None = None
    for m in re.finditer(r" (?:a|et|-) ", body):
        a, b = body[:m.start()], body[m.end():]
        for good, bad in ((a, b), (b, a)):
            if (re.fullmatch(_NUMW, bad) and _is_number(good)
                    and (best is None or len(good) > len(best[0]))):
                best = (good, bad)
    if best:
        _number_or_word(best[1])
    if re.fullmatch(_WORDS, body):
        _number_or_word(body)


def _range(a: str, b: str, text: str, unit: str, scale_div: float) -> Parsed:
    lo, res_a, _ = _number_or_word(a)  # raises, naming the words, if an end is not a number
    hi, res_b, _ = _number_or_word(b)
    lo, hi = lo * scale_div, hi * scale_div
    if lo > hi:  # only now that both ends are numbers is the range "inverted"
        raise ExpressionError(text, f"inverted range: {a} is above {b}")
    return Parsed((lo + hi) / 2, lo, hi, "range", unit, max(res_a, res_b) * scale_div)


def _fraction_words(text: str, qualifier: str) -> Parsed | None:
    # "la moitié", "un tiers", "les trois quarts", "deux tiers"
    m = re.fullmatch(rf"(?:la |les |le |un |une |l')?(?:({_NUMW}) )?(moitie|tiers|quarts?|cinquiemes?|dixiemes?)", text)
    if m:
        num = _number_or_word(m.group(1))[0] if m.group(1) else 1.0
        v = num / FRACTION_NOUNS[m.group(2)]
        lo, hi = _bounded(v, qualifier, 1.0)
        return Parsed(v, lo, hi, qualifier, "share", WORD_FRACTION_RESOLUTION)
    if text in MAJORITY_WORDS:
        if qualifier != "exact":
            raise ExpressionError(text, "a qualified majority")
        return Parsed(0.5, 0.5, 1.0, "more_than", "share", WORD_FRACTION_RESOLUTION)
    if text in WHOLE_WORDS:
        v = WHOLE_WORDS[text]
        return Parsed(v, v, v, qualifier, "share", WORD_FRACTION_RESOLUTION)
    return None


def _n_sur_m(text: str, qualifier: str) -> Parsed | None:
    # "un sur cinq", "un décideur sur deux", "six sur dix", "161 sur 270", "1/3", "1,77/5"
    m = re.fullmatch(rf"(?:d')?({_NUMW})(?: {_W}){{0,2}} ?(?:sur|/) ?(?:une echelle de (?:0 a )?)?({_NUMW})", text)
    if not m:
        return None
    a, res_a, word_a = _number_or_word(m.group(1))
    b, _, word_b = _number_or_word(m.group(2))
    if b <= 0:
        raise ExpressionError(text, "a denominator of zero")
    if not float(a).is_integer() or (res_a < 1 and not word_a):
        # A decimal numerator: a mark on a scale ("1,77 sur 5"); a whole mark written with a
        # decimal comma ("4,0 sur 5") is a score too, as the error below suggests.
        if a > b:
            raise ExpressionError(text, f"a score of {a} above its scale of {b}")
        return Parsed(a, a, a, qualifier, "score", res_a, scale=b)
    if word_a or word_b:
        v = a / b
        lo, hi = _bounded(v, qualifier, 1.0)
        return Parsed(v, lo, hi, qualifier, "share", WORD_FRACTION_RESOLUTION)
    if int(b) in AMBIGUOUS_DENOMINATORS:
        example = f"{min(int(a), int(b))},0 sur {int(b)}"
        raise ExpressionError(
            text, f"'{int(a)}/{int(b)}' may be a score out of {int(b)} or a share: write the "
            f"words as printed ('un sur cinq') or a decimal score ('{example}')")
    if a > b:
        raise ExpressionError(text, f"{int(a)} out of {int(b)} is more than the whole")
    v = a / b
    lo, hi = _bounded(v, qualifier, 1.0)
    if b <= 10:  # "1/3": a fraction written in digits, not a count out of a base
        return Parsed(v, lo, hi, qualifier, "share", WORD_FRACTION_RESOLUTION)
    return Parsed(v, lo, hi, qualifier, "share", 1.0 / b, denominator=int(b))


def _horizon_date(text: str) -> str | None:
    m = re.fullmatch(r"(?:a )?(?:(fin|debut|mi) )?((?:19|20)\d\d)", text)
    if not m:
        return None
    year = int(m.group(2))
    where = m.group(1)
    if where == "fin" or where is None:
        return f"{year}-12-31" if where == "fin" else f"{year}"
    if where == "debut":
        return f"{year}-01-01"
    return f"{year}-06-30"


def _rate_or_horizon(text: str, qualifier: str) -> Parsed | None:
    # "un par mois", "3 par an"
    m = re.fullmatch(rf"({_NUMW}) par (mois|an|annee)", text)
    if m:
        n, res, _ = _number_or_word(m.group(1))
        months = 1.0 if m.group(2) == "mois" else 12.0
        v = n / months
        lo, hi = _bounded(v, qualifier, None)
        return Parsed(v, lo, hi, qualifier, "rate", res / months, period_months=months)
    # "15 en 24 mois", "15 sur les 24 prochains mois", "30 à 40 d'ici 4 ans", "plus de 50 ces 24 derniers mois"
    m = re.fullmatch(
        rf"({_NUMW})(?: ?(?:a|-) ?({_NUMW}))? (?:en|sur les|d'ici|dans les|ces|sur) ({_NUMW}) "
        rf"(?:prochains |derniers )?(mois|ans|annees)(?: prochains| prochaines| derniers)?", text)
    if m:
        months_per = 1.0 if m.group(4) == "mois" else 12.0
        window = _number_or_word(m.group(3))[0] * months_per
        if window <= 0:
            raise ExpressionError(text, "a window of zero months")
        if " d'ici " in text:
            # « 30 à 40 d'ici 4 ans »: a count to reach within a horizon, like « d'ici à fin 2013 »;
            # the window counts from a date nobody printed (the white paper's).
            if m.group(2):
                p = _range(m.group(1), m.group(2), text, "count", 1.0)
                return Parsed(p.value, p.lower, p.upper, "range", "count", p.resolution,
                              period_months=window, horizon_months=window)
            n, res, _ = _number_or_word(m.group(1))
            lo, hi = _bounded(n, qualifier, None)
            return Parsed(n, lo, hi, qualifier, "count", res, period_months=window, horizon_months=window)
        if m.group(2):
            p = _range(m.group(1), m.group(2), text, "rate", 1.0 / window)
            return Parsed(p.value, p.lower, p.upper, "range", "rate", p.resolution, period_months=window)
        n, res, _ = _number_or_word(m.group(1))
        v = n / window
        lo, hi = _bounded(v, qualifier, None)
        return Parsed(v, lo, hi, qualifier, "rate", res / window, period_months=window)
    # "40 à 50 d'ici à fin 2013", "un sur deux d'ici fin 2018", "d'ici 2020"
    m = re.fullmatch(r"(.+?) (?:d'ici|avant|pour) (?:a )?((?:fin |debut |mi )?(?:19|20)\d\d)", text)
    if m:
        horizon = _horizon_date(m.group(2))
        inner = _parse_core(m.group(1), qualifier)
        if inner.unit not in ("count", "share"):
            raise ExpressionError(text, f"a horizon on a {inner.unit}")
        return Parsed(**{**inner.to_dict(), "horizon": horizon})
    return None


def _money(text: str, qualifier: str) -> Parsed | None:
    m = re.fullmatch(rf"({_NUM}) ?(millions?|milliards?|m|md|mds|k)? ?(?:d'euros|euros|eur|€)", text)
    if not m:
        return None
    v, res = parse_number(m.group(1))
    mult = {None: 1.0, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6,
            "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9}[m.group(2)]
    v, res = v * mult, res * mult
    lo, hi = _bounded(v, qualifier, None)
    return Parsed(v, lo, hi, qualifier, "money", res)


def _decimal_year(d: date) -> float:
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / days


def _date(text: str, qualifier: str, year: int | None) -> Parsed | None:
    m = re.fullmatch(r"(?:le )?(\d{1,2}|1er) (" + "|".join(MONTHS) + r")(?: ((?:19|20)\d\d))?", text)
    if m:
        if m.group(3) is None and year is None:
            raise ExpressionError(text, "a day and month with no year printed and none given")
        y = int(m.group(3)) if m.group(3) else int(year)
        day = 1 if m.group(1) == "1er" else int(m.group(1))
        try:
            d = date(y, MONTHS[m.group(2)], day)
        except ValueError as exc:
            raise ExpressionError(text, f"impossible date ({exc})") from None
        v = _decimal_year(d)
        return Parsed(v, v, v, qualifier, "date", 1 / 365, date_iso=d.isoformat())
    m = re.fullmatch(r"(?:en )?(" + "|".join(MONTHS) + r") ((?:19|20)\d\d)", text)
    if m:
        y, mo = int(m.group(2)), MONTHS[m.group(1)]
        first = date(y, mo, 1)
        last = date(y + (mo == 12), mo % 12 + 1, 1)
        lo, hi = _decimal_year(first), _decimal_year(last)
        return Parsed((lo + hi) / 2, lo, hi, qualifier if qualifier != "exact" else "range",
                      "date", 1 / 12, date_iso=f"{y:04d}-{mo:02d}")
    m = re.fullmatch(r"(fin|debut|mi) ((?:19|20)\d\d)", text)
    if m:
        y = int(m.group(2))
        lo, hi = {"debut": (y, y + 0.25), "mi": (y + 0.25, y + 0.75), "fin": (y + 0.75, y + 1.0)}[m.group(1)]
        return Parsed((lo + hi) / 2, lo, hi, "range", "date", 0.25, date_iso=str(y))
    return None


def _duration(text: str, qualifier: str) -> Parsed | None:
    m = re.fullmatch(rf"({_NUMW}) (?:dernieres |prochaines |derniers |prochains )?(ans|annees|mois)"
                     r"(?: plus tard)?", text)
    if not m:
        return None
    n, res, _ = _number_or_word(m.group(1))
    years = n if m.group(2) != "mois" else n / 12
    lo, hi = _bounded(years, qualifier, None)
    return Parsed(years, lo, hi, qualifier, "duration", res, period_months=years * 12)


def _ordinal(text: str, qualifier: str) -> Parsed | None:
    if text in ORDINAL_WORDS:
        v = float(ORDINAL_WORDS[text])
        return Parsed(v, v, v, qualifier, "rank", 1.0)
    m = re.fullmatch(r"(\d+)(?:er|ere|e|eme|nd|nde|st|th|rd)", text)
    if m:
        v = float(m.group(1))
        if v < 1:
            raise ExpressionError(text, "rank 0")
        return Parsed(v, v, v, qualifier, "rank", 1.0)
    return None


def _count(text: str, qualifier: str) -> Parsed | None:
    # One number first: "vingt et un", "soixante et onze" are numbers, not ranges.
    if re.fullmatch(_NUMW, text) and _is_number(text):
        v, res, _ = _number_or_word(text)
        lo, hi = _bounded(v, qualifier, None)
        return Parsed(v, lo, hi, qualifier, "count", res)
    body = re.sub(r"^(?:de|entre) ", "", text)
    ends = _two_ends(text, body)
    if ends:
        return _range(*ends, text, "count", 1.0)
    _refuse_unreadable_words(body)
    m = re.fullmatch(rf"(?:une? )?({'|'.join(APPROX_NOUNS)})", text)
    if m:
        v = float(APPROX_NOUNS[m.group(1)])
        return Parsed(v, v, v, "approximately", "count", 1.0)
    m = re.fullmatch(rf"({_NUM}) (millions?|milliards?)", text)
    if m:
        v, res = parse_number(m.group(1))
        mult = 1e6 if m.group(2).startswith("million") else 1e9
        lo, hi = _bounded(v * mult, qualifier, None)
        return Parsed(v * mult, lo, hi, qualifier, "count", res * mult)
    return None


def _parse_core(text: str, qualifier: str, year: int | None = None) -> Parsed:
    for reader in (_percent, _points, _money, _rate_or_horizon, _fraction_words, _n_sur_m,
                   _duration, _ordinal, _count):
        result = reader(text, qualifier)
        if result is not None:
            return result
    result = _date(text, qualifier, year)
    if result is not None:
        return result
    raise ExpressionError(text, "no known form (see the parsing rules in the codebook)")


#: How deep brackets may nest in an expression (a gloss in brackets, once or twice).
MAX_BRACKETS = 3


@functools.cache
def parse(expression: str, *, year: int | None = None) -> Parsed:
    """Read one printed figure. ``year`` completes a printed day and month ("5 mars").

    A pure function of its arguments with an immutable result, so it is cached: the clean stage
    reads each expression twice (validation, then the tidy table) and parses it once; a refused
    expression raises again each time (exceptions are not cached).
    """
    depth = deepest = 0
    for ch in expression:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_BRACKETS:
        raise ExpressionError(expression[:40] + "…", f"brackets nested {deepest} deep: a printed figure has at most "
                              f"{MAX_BRACKETS} (« près de six sur dix (57 %) »)")
    text = normalise(expression)
    if not text:
        raise ExpressionError(expression, "empty expression")
    for word in VAGUE:
        if re.search(rf"\b{word}\b", text):
            raise ExpressionError(expression, f"'{word}' states no number")

    # "près de six sur dix (57 %)": the precise figure in brackets wins, the words must agree.
    m = re.fullmatch(r"(.+?) ?\((.+)\)", text)
    if m:
        gloss, precise = m.group(1), m.group(2)
        p = parse(precise, year=year)
        try:
            g = parse(gloss, year=year)
        except ExpressionError as exc:
            raise ExpressionError(expression, f"the words before the brackets: {exc.reason}") from None
        if g.unit != p.unit or abs(g.value - p.value) > max(WORD_FRACTION_RESOLUTION, g.resolution):
            raise ExpressionError(expression, f"the words ({g.value:g}) and the bracketed figure "
                                  f"({p.value:g}) disagree")
        return p

    qualifier, rest = _split_qualifier(text)
    try:
        result = _parse_core(rest, qualifier, year)
    except ExpressionError as exc:
        raise ExpressionError(expression, exc.reason) from None
    if result.unit == "share" and not (0.0 <= result.value <= 1.0):
        raise ExpressionError(expression, f"a share of {result.value:.0%} is outside 0-100 %")
    for bound in (result.value, result.lower, result.upper):
        if bound is not None and not math.isfinite(bound):
            raise ExpressionError(expression, "not a finite number")
    return result
