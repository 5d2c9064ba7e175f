"""The French-figure reader: every form the sources print, and refusal of what it cannot read."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data.parse import ExpressionError, normalise, number_words, parse, parse_number

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
    ("30 à 40 d'ici 4 ans", 35, 30, 40, "range", "count"),  # a count within a horizon of 48 months
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


# ---------------------------------------------------------------------------------------------
# French number words

# spelling, value: traditional spelling, 1990 reform (hyphens everywhere), lenient plurals.
SPELLINGS = [
    ("zéro", 0), ("un", 1), ("une", 1), ("sept", 7), ("dix", 10), ("onze", 11), ("seize", 16),
    ("dix-sept", 17), ("dix-neuf", 19), ("vingt", 20), ("vingt et un", 21), ("vingt-et-un", 21),
    ("vingt et une", 21), ("vingt-deux", 22), ("vingt-cinq", 25), ("trente et un", 31),
    ("quarante-quatre", 44), ("cinquante-neuf", 59), ("soixante et un", 61), ("soixante-dix", 70),
    ("soixante et onze", 71), ("soixante-et-onze", 71), ("soixante-douze", 72),
    ("soixante-quinze", 75), ("soixante-dix-sept", 77), ("soixante-dix-neuf", 79),
    ("quatre-vingts", 80), ("quatre-vingt", 80), ("quatre-vingt-un", 81),
    ("quatre-vingt-neuf", 89), ("quatre-vingt-dix", 90), ("quatre-vingt-onze", 91),
    ("quatre-vingt-dix-neuf", 99), ("septante-cinq", 75), ("nonante et un", 91), ("cent", 100),
    ("cent un", 101), ("cent vingt", 120), ("cent-vingt", 120), ("deux cents", 200),
    ("deux cent", 200), ("deux-cents", 200), ("deux cent un", 201), ("deux cents un", 201),
    ("trois cent quatre-vingts", 380), ("neuf cent quatre-vingt-dix-neuf", 999),
    ("mille", 1000), ("mille un", 1001), ("mille cent", 1100), ("deux mille", 2000),
    ("deux-mille", 2000), ("trois mille cinq cents", 3500), ("trois-mille-cinq-cents", 3500),
    ("vingt et un mille", 21000), ("vingt-et-une-mille", 21000), ("quatre-vingt mille", 80000),
    ("quatre-vingts mille", 80000), ("cent mille", 100000), ("deux cent mille", 200000),
    ("deux cents mille", 200000), ("cinquante mille", 50000),
    ("neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf", 999_999),
    ("un million", 1_000_000), ("deux millions", 2_000_000),
    ("un million deux cent mille", 1_200_000), ("vingt-huit millions", 28_000_000),
    ("trois millions cinq cent mille deux cent un", 3_500_201),
    ("neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille "
     "neuf cent quatre-vingt-dix-neuf", 999_999_999),
    ("Vingt‑Cinq", 25), ("vingt et un", 21),
]


@pytest.mark.parametrize("spelling,value", SPELLINGS)
def test_number_words_read_as_counts(spelling, value):
    p = parse(spelling)
    assert (p.value, p.lower, p.upper, p.qualifier, p.unit) == (value, value, value, "exact", "count")


def test_number_words_resolution_is_the_printed_step():
    assert parse("vingt-cinq").resolution == 1
    assert parse("vingt-huit millions").resolution == parse("28 millions").resolution == 1e6
    assert parse("un million deux cent mille").resolution == 1


# expression, value, lower, upper, qualifier, unit
WORD_CASES = [
    ("soixante-quinze %", 0.75, 0.75, 0.75, "exact", "share"),
    ("soixante-quinze%", 0.75, 0.75, 0.75, "exact", "share"),
    ("vingt-cinq pour cent", 0.25, 0.25, 0.25, "exact", "share"),
    ("25 pour cent", 0.25, 0.25, 0.25, "exact", "share"),
    ("cent pour cent", 1.0, 1.0, 1.0, "exact", "share"),
    ("près de soixante-quinze %", 0.75, 0.75, 0.75, "approximately", "share"),
    ("plus de vingt et un %", 0.21, 0.21, 1.0, "more_than", "share"),
    ("de vingt à trente %", 0.25, 0.20, 0.30, "range", "share"),
    ("entre vingt et trente %", 0.25, 0.20, 0.30, "range", "share"),
    ("vingt % à trente %", 0.25, 0.20, 0.30, "range", "share"),
    ("vingt-cinq pour cent à trente pour cent", 0.275, 0.25, 0.30, "range", "share"),
    ("trente à quarante", 35, 30, 40, "range", "count"),
    ("entre trente et quarante", 35, 30, 40, "range", "count"),
    ("de trente à quarante", 35, 30, 40, "range", "count"),
    ("vingt - trente", 25, 20, 30, "range", "count"),
    ("entre vingt et un et trente", 25.5, 21, 30, "range", "count"),
    ("entre soixante et onze et quatre-vingts", 75.5, 71, 80, "range", "count"),
    ("trente et un à quarante", 35.5, 31, 40, "range", "count"),
    ("30 à quarante", 35, 30, 40, "range", "count"),
    ("deux cents à trois cents", 250, 200, 300, "range", "count"),
    ("dix-sept sur vingt-cinq", 0.68, 0.68, 0.68, "exact", "share"),
    ("vingt et un sur cent", 0.21, 0.21, 0.21, "exact", "share"),
    ("soixante-dix communes sur cent", 0.70, 0.70, 0.70, "exact", "share"),
    ("près de trois sur quatre", 0.75, 0.75, 0.75, "approximately", "share"),
    ("plus de deux cents", 200, 200, None, "more_than", "count"),
    ("moins de cinquante mille", 50000, 0, 50000, "less_than", "count"),
    ("vingt-cinq ans", 25, 25, 25, "exact", "duration"),
    ("douze par an", 1.0, 1.0, 1.0, "exact", "rate"),
    ("trente à quarante d'ici quatre ans", 35, 30, 40, "range", "count"),
    ("vingt points", 0.20, 0.20, 0.20, "exact", "points"),
    ("deux tiers", 2 / 3, 2 / 3, 2 / 3, "exact", "share"),
    ("soixante-quinze % (75,3 %)", 0.753, 0.753, 0.753, "exact", "share"),
]


@pytest.mark.parametrize("expression,value,lower,upper,qualifier,unit", WORD_CASES)
def test_number_words_inside_every_form(expression, value, lower, upper, qualifier, unit):
    test_reads_every_printed_form(expression, value, lower, upper, qualifier, unit)


@pytest.mark.parametrize("expression,reason", [
    ("vingt-vingt", "the words 'vingt-vingt' could not be read as a number"),
    ("vingt vingt", "the words 'vingt vingt' could not be read"),
    ("cent cent", "the words 'cent cent' could not be read as a number ('cent' twice)"),
    ("mille mille", "'mille' twice"),
    ("un million un million", "'million' twice"),
    ("deux milles", "'mille' takes no s"),
    ("un mille", "write 'mille'"),
    ("cents", "'cents' with no number of hundreds"),
    ("onze cents", "'onze' before 'cent'"),
    ("cent cent un", "'cent' twice"),
    ("vingt un", "'vingt un' is not a number below one hundred"),
    ("quatre-vingt et un", "inverted range"),  # 81 takes no "et": read as 80 to 1
    ("dix-dix", "could not be read"),
    ("million", "no number of millions"),
    ("zéro cent", "'zero' inside a number"),
    ("vingt-vingt %", "the words 'vingt-vingt' could not be read"),
    ("vingt-vingt pour cent", "the words 'vingt-vingt' could not be read"),
    ("trente à quarante-quarante", "the words 'quarante-quarante' could not be read"),
    ("entre dix et vingt-vingt %", "the words 'vingt-vingt' could not be read"),
    ("vingt-vingt à trente", "the words 'vingt-vingt' could not be read"),
    ("entre vingt et un et trente-trente", "the words 'trente-trente' could not be read"),
    ("vingt-vingt sur cent", "the words 'vingt-vingt' could not be read"),
    ("vingt-vingt ans", "the words 'vingt-vingt' could not be read"),
    ("cent cent points", "the words 'cent cent' could not be read"),
    ("trente à vingt", "inverted range: trente is above vingt"),
    ("entre vingt et un", "inverted range: vingt is above un"),
    ("quarante à trente %", "inverted range"),
    ("cent vingt %", "outside 0-100"),
    ("trente sur vingt", "outside 0-100"),
])
def test_refuses_malformed_number_words(expression, reason):
    test_refuses_to_guess(expression, reason)


@pytest.mark.parametrize("expression", ["vingt-vingt", "cent cent", "trente à quarante-quarante",
                                        "dix-dix %", "vingt-trente"])
def test_unreadable_words_are_never_an_inverted_range(expression):
    with pytest.raises(ExpressionError) as exc:
        parse(expression)
    assert "inverted range" not in str(exc.value)
    assert "could not be read as a number" in str(exc.value)


UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
         "douze", "treize", "quatorze", "quinze", "seize"]
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def spell_below_100(n: int, final: bool) -> str:
    if n <= 16:
        return UNITS[n]
    if n < 20:
        return f"dix-{UNITS[n - 10]}"
    if n < 70:
        tens, unit = divmod(n, 10)
        return TENS[tens] + ("" if unit == 0 else " et un" if unit == 1 else f"-{UNITS[unit]}")
    if n < 80:
        return "soixante et onze" if n == 71 else f"soixante-{spell_below_100(n - 60, final)}"
    if n == 80:
        return "quatre-vingts" if final else "quatre-vingt"  # "quatre-vingt mille"
    return f"quatre-vingt-{spell_below_100(n - 80, final)}"


def spell_below_1000(n: int, final: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return spell_below_100(rest, final)
    head = "cent" if hundreds == 1 else f"{UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 and final else "")  # "deux cents", "deux cent mille"
    return f"{head} {spell_below_100(rest, final)}"


def spell(n: int, reform: bool = False) -> str:
    """n (0..999 999) in French words; the 1990 reform joins every word with hyphens."""
    if n == 0:
        return "zéro"
    thousands, rest = divmod(n, 1000)
    words = []
    if thousands:
        words.append("mille" if thousands == 1 else f"{spell_below_1000(thousands, False)} mille")
    if rest:
        words.append(spell_below_1000(rest, True))
    text = " ".join(words)
    return text.replace(" ", "-") if reform else text


@pytest.mark.parametrize("n,traditional,reform", [
    (21, "vingt et un", "vingt-et-un"), (71, "soixante et onze", "soixante-et-onze"),
    (80, "quatre-vingts", "quatre-vingts"), (200, "deux cents", "deux-cents"),
    (80_000, "quatre-vingt mille", "quatre-vingt-mille"),
    (200_000, "deux cent mille", "deux-cent-mille"),
    (3_500, "trois mille cinq cents", "trois-mille-cinq-cents"),
])
def test_the_spelling_used_by_the_property_test(n, traditional, reform):
    assert (spell(n), spell(n, reform=True)) == (traditional, reform)


def test_every_number_below_a_thousand_reads_back_in_both_spellings():
    for n in range(1000):
        assert number_words(normalise(spell(n))) == n
        assert number_words(normalise(spell(n, reform=True))) == n


@settings(max_examples=500)
@given(n=st.integers(min_value=0, max_value=999_999), reform=st.booleans())
def test_every_spelt_number_reads_back(n, reform):
    text = spell(n, reform)
    assert number_words(normalise(text)) == n
    p = parse(text)
    assert (p.value, p.unit, p.qualifier) == (n, "count", "exact")


@given(n=st.integers(min_value=0, max_value=100), reform=st.booleans())
def test_spelt_percentages_read_back(n, reform):
    assert parse(f"{spell(n, reform)} %").value == pytest.approx(n / 100)
    assert parse(f"{spell(n, reform)} pour cent").value == pytest.approx(n / 100)


@given(a=st.integers(min_value=0, max_value=999_999), b=st.integers(min_value=0, max_value=999_999),
       sep=st.sampled_from(["à", "et"]))
def test_spelt_ranges_in_order_or_refused(a, b, sep):
    text = f"entre {spell(a)} {sep} {spell(b)}"
    if a <= b:
        p = parse(text)
        assert (p.lower, p.upper, p.unit) == (a, b, "count")
    else:
        with pytest.raises(ExpressionError, match="inverted range"):
            parse(text)
