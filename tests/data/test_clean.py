"""The cleaning stage on the real transcriptions: the figures of the seeds come out right."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import paths
from analysis.data import clean


@pytest.fixture(scope="module")
def result():
    return clean.build()


def fig(result, figure_id):
    return result.figures.set_index("figure_id").loc[figure_id]


def test_lecko_mean_score_on_a_0_to_5_scale(result):
    f = result.figures
    scores = f[(f.study == "lecko") & (f.indicator == "mean_score")]
    assert len(scores) == 3
    assert (scores["value"] == 1.77).all() and (scores["scale"] == 5).all()
    ind = result.indicators.set_index(["study", "indicator"]).loc[("lecko", "mean_score")]
    assert ind["agreement"] == "identical" and ind["value"] == 1.77


def test_etat_civil_reports_are_all_kept_and_flagged(result):
    assert fig(result, "IC006")["value"] == pytest.approx(0.65)
    assert fig(result, "IC007")["value"] == pytest.approx(0.30)
    ind = result.indicators.set_index(["study", "indicator"])
    partial = ind.loc[("interconnectes", "civil_status_dematerialised")]
    assert partial["agreement"] == "conflict" and partial["gap"] == pytest.approx(0.15)
    assert partial["n_reports"] == 3
    full = ind.loc[("interconnectes", "civil_status_fully_dematerialised")]
    assert full["min_value"] == pytest.approx(0.30) and full["max_value"] == pytest.approx(1 / 3)


def test_villeurbanne_plans_30_to_40_in_four_years(result):
    v = fig(result, "PA005")
    assert v["commune"] == "Villeurbanne" and v["source_id"] == "amgvf_3224_pac"
    assert v["lower"] * v["period_months"] == pytest.approx(30)
    assert v["upper"] * v["period_months"] == pytest.approx(40)
    assert v["qualifier"] == "range" and v["unit"] == "rate"


def test_every_pac_city_figure_is_there(result):
    f = result.figures.set_index("figure_id")
    assert f.loc["PA006", "value"] == 1.0  # Tours, one a month
    assert f.loc["PA007", "value"] == pytest.approx(15 / 24)  # Saint-Étienne
    assert f.loc["PA008", "horizon"] == "2013-12-31"  # Nantes
    assert f.loc["PA004", "value"] == pytest.approx(0.30)  # Toulouse


def test_every_seed_document_contributes(result):
    seeds = result.sources[result.sources["seed_file"] != ""]["source_id"]
    assert len(seeds) == 5
    counts = result.figures["source_id"].value_counts()
    for s in seeds:
        assert counts.get(s, 0) >= 8, s


def test_markess_shares_are_all_present(result):
    f = result.figures
    mk = f[f.source_id == "solnum_markess"].set_index("expression")
    for printed in ["44%", "55%", "49%", "62%", "40%", "38%", "72%", "67%", "57%", "56%", "52%"]:
        assert printed in mk.index, printed


def test_communes_populations_are_integers(result):
    c = result.communes.set_index("commune")
    assert c.loc["Paris", "pmun_2011"] == 2249975
    assert c.loc["Le Havre", "pmun_2011"] == 174156
    assert c["pmun_2011"].is_monotonic_decreasing
    assert c.loc["Paris", "tcam_2009_2014"] == pytest.approx(-0.001)


def test_processed_files_match_a_fresh_build(result, tmp_path):
    """data/processed/ in git is exactly what the code produces from data/raw/."""
    files = clean.outputs(result, tmp_path)
    for path, text in files.items():
        committed = paths.PROCESSED / path.name
        assert committed.read_bytes() == text.encode("utf-8"), path.name


def test_summary_counts(result):
    s = result.summary().set_index("what")["count"]
    assert s["figures"] == len(result.figures)
    assert s["... in conflict"] == (result.indicators["agreement"] == "conflict").sum() > 0


def test_describe_conflicts_names_them(result):
    text = clean.describe_conflicts(result)
    assert "civil_status_dematerialised" in text and "first_wave_cities" in text


def test_processed_tables_are_tidy(result):
    f = result.figures
    assert f["figure_id"].is_unique
    shares = f[f["parsed_unit"] == "share"]
    assert shares["value"].between(0, 1).all()
    assert (shares["lower"] <= shares["value"]).all()
    assert isinstance(result.indicators, pd.DataFrame) and result.indicators["agreement"].notna().all()
