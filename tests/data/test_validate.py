"""Malformed raw inputs: each one is refused with file, line, column and reason.

Each case corrupts one raw file in a copy of data/raw/ and checks the message a person would read.
The same table runs end to end through `dvc repro` in test_pipeline.py.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from analysis.data import codebook
from analysis.data.validate import RawDataError, validate

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, startswith: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(startswith):
            return i
    raise AssertionError(startswith)


# name -> (file, mutation(path), expected fragments of the message, figure id whose line is named)
def _share_140(p):
    replace_in(p, 'civil_status_partly_dematerialised,collectivites,civil_status,collectivites,all,,"65 %"',
               'civil_status_partly_dematerialised,collectivites,civil_status,collectivites,all,,"140 %"')


def _unknown_source(p):
    replace_in(p, "IC007,weka_2013_interconnectes,", "IC007,weka_2031_interconnectes,")


def _unparseable(p):
    replace_in(p, '"un par mois"', '"quelques-uns par mois"')


def _rewrite(p, transform, delimiter=","):
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(transform(rows))
    p.write_text(out.getvalue(), encoding="utf-8")


def _missing_column(p):
    def drop_unit(rows):
        i = rows[0].index("unit")
        return [r[:i] + r[i + 1:] for r in rows]
    _rewrite(p, drop_unit)


def _wrong_encoding(p):
    p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def _wrong_delimiter(p):
    _rewrite(p, lambda rows: rows, delimiter=";")


def _duplicate_id(p):
    replace_in(p, "IC007,weka", "IC006,weka")


def _inverted_range(p):
    replace_in(p, '"30 à 40 d\'ici 4 ans"', '"40 à 30 d\'ici 4 ans"')


def _empty_file(p):
    p.write_text("", encoding="utf-8")


def _impossible_date(p):
    replace_in(p, "2013-01-04,day", "2013-02-30,day")


def _unknown_vocabulary(p):
    replace_in(p, "IC007,weka_2013_interconnectes,interconnectes,civil_status_fully_dematerialised,"
                  "civil_status_fully_dematerialised,collectivites,civil_status,",
               "IC007,weka_2013_interconnectes,interconnectes,civil_status_fully_dematerialised,"
               "civil_status_fully_dematerialised,collectivites,etat_civil,")


def _too_many_fields(p):
    replace_in(p, 'IC007,weka_2013_interconnectes', 'IC007,weka_2013_interconnectes,extra')


def _unit_mismatch(p):
    replace_in(p, '"1,77/5",score', '"1,77/5",share')


def _impossible_period(p):
    replace_in(p, '"15 sur les 24 prochains mois",rate,,', '"15 sur les 24 prochains mois",rate,2013-13,')


def _bad_population(p):
    replace_in(p, "1,Paris,75056,2 249 975", "1,Paris,75056,2 249 9x5")


def _bad_theme_code(p):
    replace_in(p, "TH002,lecko_pr_2014,lecko,finding,uneven_sophistication_all_cities,",
               "TH002,lecko_pr_2014,lecko,finding,uneven_everything,")


def _theme_of_another_code(p):
    replace_in(p, "TH002,lecko_pr_2014,lecko,finding,", "TH002,lecko_pr_2014,lecko,barrier,")


def _theme_unknown_source(p):
    replace_in(p, "TH002,lecko_pr_2014,", "TH002,lecko_pr_2041,")


def _unknown_construct(p):
    replace_in(p, "civil_status_fully_dematerialised,civil_status_fully_dematerialised,collectivites,",
               "civil_status_fully_dematerialised,civil_status_totally,collectivites,")


def _unknown_unit_of_observation(p):
    replace_in(p, "civil_status_fully_dematerialised,civil_status_fully_dematerialised,collectivites,",
               "civil_status_fully_dematerialised,civil_status_fully_dematerialised,towns,")


def _negative_position(p):
    replace_in(p, "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,", "M002,gazette_2014_lecko,lecko,lecko_top_ranked,-2,")


def _zero_position(p):
    replace_in(p, "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,", "M002,gazette_2014_lecko,lecko,lecko_top_ranked,0,")


def _tier_4(p):
    replace_in(p, "family_school,,1,amgvf_4336_lecko", "family_school,,4,amgvf_4336_lecko")


def _tier_0(p):
    replace_in(p, "family_school,,1,amgvf_4336_lecko", "family_school,,0,amgvf_4336_lecko")


def _nul_byte(p):
    replace_in(p, '"Citizen services scored per city."', '"Citizen services\x00 scored per city."')


def _escape_char(p):
    replace_in(p, "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,Strasbourg",
               "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,Stras\x1bbourg")


def _study_not_the_sources(p):
    replace_in(p, "IC007,weka_2013_interconnectes,interconnectes,", "IC007,weka_2013_interconnectes,markess,")


def _best_below_mean(p):
    replace_in(p, '"2,72/5"', '"1,50/5"')


def _formula(p):
    replace_in(p, '"Citizen services scored per city."', '"=HYPERLINK(""http://x"",""y"")"')


def _formula_at(p):
    replace_in(p, "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,Strasbourg",
               "M002,gazette_2014_lecko,lecko,lecko_top_ranked,2,@SUM(A1)")


def _score_6_of_5(p):
    replace_in(p, '"2,72/5"', '"6,0 sur 5"')


def _negative_population(p):
    replace_in(p, "1,Paris,75056,2 249 975", "1,Paris,75056,-2 249 975")


CASES = {  # noqa: E501 (one case per line reads best)
    "unknown construct": ("figures.csv", _unknown_construct, ["column 'construct'", "civil_status_totally", "vocabulary 'construct'"], "IC007"),
    "unknown unit of observation": ("figures.csv", _unknown_unit_of_observation, ["column 'unit_of_observation'", "towns", "vocabulary 'unit_of_observation'"], "IC007"),
    "negative mention position": ("mentions.csv", _negative_position, ["column 'position'", "'-2'", "negative"], "M002"),
    "zero mention position": ("mentions.csv", _zero_position, ["column 'position'", "'0'", "starts at 1"], "M002"),
    "tier above its scale": ("domain_crosswalk.csv", _tier_4, ["column 'tier'", "'4'", "scale 1-3"], "X001"),
    "tier below its scale": ("domain_crosswalk.csv", _tier_0, ["column 'tier'", "'0'", "scale 1-3"], "X001"),
    "NUL byte in a text cell": ("figures.csv", _nul_byte, ["column 'note'", "U+0000"], "LK001"),
    "escape character in a text cell": ("mentions.csv", _escape_char, ["column 'commune'", "U+001B"], "M002"),
    "figure study not its source's": ("figures.csv", _study_not_the_sources, ["column 'study'", "'markess'", "weka_2013_interconnectes", "cross_study_citations"], "IC007"),
    "Lecko best city below the mean": ("figures.csv", _best_below_mean, ["column 'expression'", "'1,50/5'", "below the mean score 1.77"], "LK034"),
    "spreadsheet formula =": ("figures.csv", _formula, ["column 'note'", "HYPERLINK", "spreadsheet formula"], "LK001"),
    "spreadsheet formula @": ("mentions.csv", _formula_at, ["column 'commune'", "@SUM", "spreadsheet formula"], "M002"),
    "score above its scale": ("figures.csv", _score_6_of_5, ["column 'expression'", "'6,0 sur 5'", "above its scale"], "LK034"),
    "negative population": ("communes.csv", _negative_population, ["column 'pmun_2011'", "'-2 249 975'", "negative"], "1,Paris"),
    "share over 100 %": ("figures.csv", _share_140, ["column 'expression'", "'140 %'", "outside 0-100"], "IC006"),
    "unknown source id": ("figures.csv", _unknown_source, ["column 'source_id'", "weka_2031", "unknown sources.source_id"], "IC007"),
    "unparseable expression": ("figures.csv", _unparseable, ["column 'expression'", "quelques-uns par mois"], "PA006"),
    "missing column": ("figures.csv", _missing_column, ["line 1", "column 'unit'", "missing"], None),
    "wrong encoding": ("sources.csv", _wrong_encoding, ["sources.csv", "not UTF-8"], None),
    "wrong delimiter": ("figures.csv", _wrong_delimiter, ["line 1", "wrong delimiter"], None),
    "duplicate id": ("figures.csv", _duplicate_id, ["column 'figure_id'", "duplicate id"], "IC006"),
    "inverted range": ("figures.csv", _inverted_range, ["column 'expression'", "inverted range"], "PA005"),
    "empty file": ("mentions.csv", _empty_file, ["mentions.csv", "empty"], None),
    "impossible date": ("sources.csv", _impossible_date, ["column 'date_iso'", "2013-02-30", "impossible date"], "weka_2013"),
    "unknown vocabulary term": ("figures.csv", _unknown_vocabulary, ["column 'domain'", "etat_civil", "vocabulary 'domain'"], "IC007"),
    "too many fields": ("figures.csv", _too_many_fields, ["17 fields where the header has 16"], "IC007"),
    "unit disagrees with the words": ("figures.csv", _unit_mismatch, ["column 'unit'", "reads as a score"], "LK021"),
    "impossible period": ("figures.csv", _impossible_period, ["column 'period'", "2013-13", "impossible date"], "PA007"),
    "unknown theme code": ("themes.csv", _bad_theme_code, ["column 'code'", "uneven_everything", "vocabulary 'theme_code'"], "TH002"),
    "theme not the code's": ("themes.csv", _theme_of_another_code, ["column 'theme'", "'barrier'", "belongs to theme 'finding'"], "TH002"),
    "theme with unknown source": ("themes.csv", _theme_unknown_source, ["column 'source_id'", "lecko_pr_2041", "unknown sources.source_id"], "TH002"),
    "not a number": ("communes.csv", _bad_population, ["column 'pmun_2011'", "2 249 9x5"], "1,Paris"),
}


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def test_the_committed_raw_data_is_valid():
    tables = validate(codebook.load(RAW / "codebook.yaml"), RAW)
    assert len(tables["figures"].rows) > 250
    assert len(tables["communes"].rows) == 28
    assert len(tables["themes"].rows) == 135


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_malformed_input_is_named(case, raw_copy):
    file, mutate, fragments, row_key = CASES[case]
    path = raw_copy / file
    line = line_of(path, row_key) if row_key else None
    mutate(path)
    with pytest.raises(RawDataError) as exc:
        validate(codebook.load(RAW / "codebook.yaml"), raw_copy)
    message = str(exc.value)
    assert file in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from:\n{message}"
    if line is not None:
        assert f"line {line}" in message, message
    assert "nothing was written" in message


def test_every_problem_is_listed_at_once(raw_copy):
    _share_140(raw_copy / "figures.csv")
    _unknown_source(raw_copy / "figures.csv")
    with pytest.raises(RawDataError) as exc:
        validate(codebook.load(RAW / "codebook.yaml"), raw_copy)
    assert len(exc.value.issues) == 2


def test_a_whole_score_written_with_0_can_be_entered(raw_copy):
    """« 6,0 sur 5 » used to suggest « 4,0 sur 5 », itself refused: a whole mark with ",0" is a score."""
    from analysis.data.parse import ExpressionError, parse
    assert parse("4,0 sur 5").unit == "score" and parse("4,0 sur 5").value == 4.0
    with pytest.raises(ExpressionError) as exc:
        parse("4 sur 5")
    suggested = exc.value.reason.split("decimal score ('")[1].split("'")[0]
    assert parse(suggested).unit == "score"
    with pytest.raises(ExpressionError) as exc:
        parse("6 sur 5")
    suggested = exc.value.reason.split("decimal score ('")[1].split("'")[0]
    assert parse(suggested).value <= 5
    replace_in(raw_copy / "figures.csv", '"2,72/5"', '"3,0 sur 5"')
    validate(codebook.load(RAW / "codebook.yaml"), raw_copy)


def test_a_negative_population_never_reaches_the_parser_bare(raw_copy, tmp_path):
    from analysis.data import clean
    _negative_population(raw_copy / "communes.csv")
    with pytest.raises(RawDataError) as exc:
        clean.build(raw_copy, rule={"preferred_order": ["source_kind"], "source_kind_rank": [], "status_rank": []})
    assert "communes.csv" in str(exc.value) and "column 'pmun_2011'" in str(exc.value)


def test_1200_nested_brackets_are_refused_with_a_message(raw_copy):
    deep = "1 (" * 1200 + "1" + ")" * 1200
    replace_in(raw_copy / "figures.csv", '"2,72/5"', f'"{deep}"')
    with pytest.raises(RawDataError) as exc:
        validate(codebook.load(RAW / "codebook.yaml"), raw_copy)
    assert "figures.csv" in str(exc.value) and "column 'expression'" in str(exc.value)
    assert "nested 1200 deep" in str(exc.value)


CODEBOOK_CASES = {
    "not YAML": (lambda t: t.replace("tables:\n", "tables: [\n", 1), ["not valid YAML", "line"]),
    "a column without a type": (lambda t: t.replace("figure_id: {type: id, required: true,", "figure_id: {required: true,", 1),
                                ["tables.figures.columns.figure_id.type", "missing"]),
    "a column that is not a mapping": (lambda t: t.replace("      figure_id: {type: id, required: true, description: Stable identifier; the prefix names the study or series.}",
                                                           "      figure_id: 3", 1),
                                       ["tables.figures.columns.figure_id", "must be a mapping"]),
    "a description cut at an unquoted comma": (
        lambda t: t.replace('description: "Municipal population, census reference year 2011',
                            "description: Municipal population, census reference year 2011", 1),
        ["tables.communes.columns.pmun_2011.census reference year 2011", "must be quoted"]),
    "an unknown type": (lambda t: t.replace("figure_id: {type: id,", "figure_id: {type: identifier,", 1),
                        ["tables.figures.columns.figure_id.type", "unknown type 'identifier'"]),
    "an unknown vocabulary": (lambda t: t.replace("vocabulary: construct,", "vocabulary: constructs,", 1),
                              ["tables.figures.columns.construct.vocabulary", "unknown vocabulary"]),
    "a topic with an unknown construct": (lambda t: t.replace("      civil_status_usage_rate: {relation: different_unit",
                                                              "      civil_status_usage: {relation: different_unit", 1),
                                          ["topics.civil_status_dematerialisation.constructs.civil_status_usage", "construct"]),
    "a topic with an unknown relation": (lambda t: t.replace("relation: different_event, note: \"Gazette", "relation: sibling, note: \"Gazette", 1),
                                         ["topics.lecko_study_date.constructs.study_publication_date.relation", "sibling"]),
    "1200 nested brackets": (lambda t: t.replace("not_transcribed:\n", "deep: " + "[" * 1200 + "]" * 1200 + "\nnot_transcribed:\n", 1),
                             ["nested too deeply"]),
}


@pytest.mark.parametrize("case", list(CODEBOOK_CASES), ids=list(CODEBOOK_CASES))
def test_codebook_errors_name_the_file_and_key(case, raw_copy):
    mutate, fragments = CODEBOOK_CASES[case]
    path = raw_copy / "codebook.yaml"
    text = path.read_text(encoding="utf-8")
    new = mutate(text)
    assert new != text
    path.write_text(new, encoding="utf-8")
    with pytest.raises(codebook.CodebookError) as exc:
        codebook._load(path)
    message = str(exc.value)
    assert "codebook.yaml" in message and "<unicode string>" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"
