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
    replace_in(p, 'IC006,weka_2013_interconnectes,interconnectes,civil_status_dematerialised,'
                  'civil_status,collectivites,all,,"65 %"',
               'IC006,weka_2013_interconnectes,interconnectes,civil_status_dematerialised,'
               'civil_status,collectivites,all,,"140 %"')


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
                  "civil_status,", "IC007,weka_2013_interconnectes,interconnectes,"
                  "civil_status_fully_dematerialised,etat_civil,")


def _too_many_fields(p):
    replace_in(p, '"Other outlets: one third."', '"Other outlets: one third.",extra')


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


CASES = {  # noqa: E501 (one case per line reads best)
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
    "too many fields": ("figures.csv", _too_many_fields, ["15 fields where the header has 14"], "IC007"),
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
