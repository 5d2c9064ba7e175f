"""The French-figure reader: every form the sources print, and refusal of what it cannot read."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.data.parse import ExpressionError, normalise, parse, parse_number

# expression, value, lower, upper, qualifier, unit
CASES = [
    ("65 %", 0.65, 0.65, 0.65, "exact", "share"),
    ("65%", 0.65, 0.65, 0.65, "exact", "share"),
    ("85\u00a0 %", 0.85, 0.85, 0.85, "exact", "share"),
    ("6,5 %", 0.065, 0.065, 0.065, "exact", "share"),
    ("près de 60 %", 0.60, 0.60, 0.60, "approximately", "share"),
    ("plus d'un décideur sur deux", 0.5, 0.5, 1.0, "more_than", "share"),
    ("plus d\u2019un décideur sur deux", 0.5, 0.5, 1.0, "more_than", "share"),
    ("un sur cinq", 0.2, 0.2, 0.2, "exact", "share"),
    ("une collectivité sur cinq", 0.2, 0.2, 0.2, "exact", "share"),
    ("six sur dix", 0.6, 0.6, 0.6, "exact", "share"),
    ("un tiers", 1 / 3, 1 / 3, 1 / 3, "exact", "share"),
    ("1/3", 1 / 3, 1 / 3, 1 / 3, "exact", "share"),
    ("les trois quarts", 0.75, 0.75, 0.75, "exact", "share"),
    ("la moitié", 0.5, 0.5, 0.5, "exact", "share"),
    ("près de la moitié", 0.5, 0.5, 0.5, "approximately", "share"),
    ("l'ensemble", 1.0, 1.0, 1.0, "exact", "share"),
    ("Aucune", 0.0, 0.0, 0.0, "exact", "share"),
    ("une majorité", 0.5, 0.5, 1.0, "more_than", "share"),
    ("près de six sur dix (57 %)", 0.57, 0.57, 0.57, "exact", "share"),
    ("les trois quarts (77 %)", 0.77, 0.77, 0.77, "exact", "share"),
    ("plus de 10%", 0.10, 0.10, 1.0, "more_than", "share"),
    ("30 à 40", 35, 30, 40, "range", "count"),
    ("40-50", 45, 40, 50, "range", "count"),
    ("40\u201350", 45, 40, 50, "range", "count"),
    ("un par mois", 1.0, 1.0, 1.0, "exact", "rate"),
    ("15 en 24 mois", 15 / 24, 15 / 24, 15 / 24, "exact", "rate"),
    ("15 sur les 24 prochains mois", 15 / 24, 15 / 24, 15 / 24, "exact", "rate"),
    ("30 à 40 d'ici 4 ans", 35 / 48, 30 / 48, 40 / 48, "range", "rate"),
    ("40 à 50 d'ici à fin 2013", 45, 40, 50, "range", "count"),
    ("1,77 sur 5", 1.77, 1.77, 1.77, "exact", "score"),
    ("1,77/5", 1.77, 1.77, 1.77, "exact", "score"),
    ("1,77 sur une échelle de 0 à 5", 1.77, 1.77, 1.77, "exact", "score"),
    ("2 249 975", 2249975, 2249975, 2249975, "exact", "count"),
    ("2\u00a0249\u00a0975", 2249975, 2249975, 2249975, "exact", "count"),
    ("2\u202f249\u202f975", 2249975, 2249975, 2249975, "exact", "count"),
    ("plus de 2.500", 2500, 2500, None, "more_than", "count"),
    ("1,8 million d'euros", 1.8e6, 1.8e6, 1.8e6, "exact", "money"),
    ("plus de 1,8 million d'euros", 1.8e6, 1.8e6, None, "more_than", "money"),
    ("14,2 M€", 14.2e6, 14.2e6, 14.2e6, "exact", "money"),
    ("2,4 milliards d'euros", 2.4e9, 2.4e9, 2.4e9, "exact", "money"),
    ("une dizaine", 10, 10, 10, "approximately", "count"),
    ("soixante", 60, 60, 60, "exact", "count"),
    ("plus de cinquante mille", 50000, 50000, None, "more_than", "count"),
    ("28 millions", 28e6, 28e6, 28e6, "exact", "count"),
    ("a gagné 10 points", 0.10, 0.10, 0.10, "exact", "points"),
    ("-9 pts", -0.09, -0.09, -0.09, "exact", "points"),
    ("+6 %", 0.06, 0.06, 0.06, "exact", "change"),
    ("7e", 7, 7, 7, "exact", "rank"),
    ("septième", 7, 7, 7, "exact", "rank"),
    ("Près de 10 ans plus tard", 10, 10, 10, "approximately", "duration"),
    ("161 sur 270", 161 / 270, 161 / 270, 161 / 270, "exact", "share"),
]


@pytest.mark.parametrize("expression,value,lower,upper,qualifier,unit", CASES)
def test_reads_every_printed_form(expression, value, lower, upper, qualifier, unit):
    p = parse(expression)
    assert p.unit == unit
    assert p.qualifier == qualifier
    assert p.value == pytest.approx(value)
    assert (p.lower is None) == (lower is None) and (lower is None or p.lower == pytest.approx(lower))
    assert (p.upper is None) == (upper is None) and (upper is None or p.upper == pytest.approx(upper))


def test_rate_keeps_its_window_and_horizon_its_date():
    assert parse("15 sur les 24 prochains mois").period_months == 24
    assert parse("30 à 40 d'ici 4 ans").period_months == 48
    assert parse("40 à 50 d'ici à fin 2013").horizon == "2013-12-31"
    assert parse("un décideur sur deux d'ici fin 2018").horizon == "2018-12-31"


def test_score_keeps_its_scale_and_count_base_its_denominator():
    assert parse("1,77 sur 5").scale == 5
    assert parse("161 sur 270").denominator == 270
    assert parse("un sur cinq").denominator is None


def test_dates_are_as_precise_as_printed():
    assert parse("11 Mars 2014").date_iso == "2014-03-11"
    assert parse("janvier 2014").date_iso == "2014-01"
    assert parse("5 mars", year=2014).date_iso == "2014-03-05"
    p = parse("janvier 2014")
    assert p.lower < p.value < p.upper


def test_resolution_is_the_printed_step():
    assert parse("65 %").resolution == pytest.approx(0.01)
    assert parse("6,5 %").resolution == pytest.approx(0.001)
    assert parse("1,77/5").resolution == pytest.approx(0.01)


@pytest.mark.parametrize("expression,reason", [
    ("140 %", "outside 0-100"),
    ("50 à 40", "inverted range"),
    ("quelques", "states no number"),
    ("plusieurs villes", "states no number"),
    ("4/5", "may be a score"),
    ("31 février 2014", "impossible date"),
    ("5 mars", "no year"),
    ("beaucoup de mairies", "states no number"),
    ("environ", "no known form"),
    ("", "empty"),
    ("2,72/2", "above its scale"),
    ("300 sur 270", "more than the whole"),
    ("près de six sur dix (77 %)", "disagree"),
])
def test_refuses_to_guess(expression, reason):
    with pytest.raises(ExpressionError) as exc:
        parse(expression)
    assert reason in str(exc.value)
    assert repr(expression)[1:-1][:10] in str(exc.value) or expression == ""


def test_normalise_folds_spaces_apostrophes_and_accents():
    assert normalise("Plus d\u2019un\u00a0décideur\u202fsur deux.") == "plus d'un decideur sur deux"


# Property-based: any whole number and decimal, written the French way, reads back exactly.
SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f"])


def french(n: int, sep: str) -> str:
    s = str(n)
    groups = []
    while s:
        groups.insert(0, s[-3:])
        s = s[:-3]
    return sep.join(groups)


@given(n=st.integers(min_value=0, max_value=10**12), sep=SEPARATORS)
def test_whole_numbers_with_french_separators(n, sep):
    value, resolution = parse_number(french(n, sep))
    assert value == n and resolution == 1


@given(n=st.integers(min_value=0, max_value=10**9), decimals=st.integers(min_value=1, max_value=4),
       frac=st.integers(min_value=0, max_value=9999), sep=SEPARATORS)
def test_decimal_comma(n, decimals, frac, sep):
    digits = str(frac % 10**decimals).zfill(decimals)
    value, resolution = parse_number(f"{french(n, sep)},{digits}")
    assert value == pytest.approx(float(f"{n}.{digits}"))
    assert resolution == pytest.approx(10.0**-decimals)


@given(pct=st.integers(min_value=0, max_value=1000), sep=st.sampled_from(["", " ", "\u00a0", "\u202f"]))
def test_percent_tenths(pct, sep):
    text = f"{pct // 10},{pct % 10}{sep}%"
    p = parse(text)
    assert p.unit == "share" and math.isclose(p.value, pct / 1000)


@given(a=st.integers(min_value=0, max_value=500), b=st.integers(min_value=0, max_value=500))
def test_ranges_in_order_or_refused(a, b):
    if a <= b:
        p = parse(f"{a} à {b}")
        assert (p.lower, p.upper) == (a, b)
    else:
        with pytest.raises(ExpressionError, match="inverted range"):
            parse(f"{a} à {b}")
