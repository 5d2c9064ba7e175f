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
    assert len(scores) == 4  # Lecko manifesto, Gazette, AMGVF, Décision Achats (LK042)
    assert (scores["value"] == 1.77).all() and (scores["scale"] == 5).all()
    ind = result.indicators.set_index(["study", "indicator"]).loc[("lecko", "mean_score")]
    assert ind["agreement"] == "identical" and ind["value"] == 1.77


def test_etat_civil_reports_are_all_kept_and_flagged(result):
    assert fig(result, "IC006")["value"] == pytest.approx(0.65)
    assert fig(result, "IC007")["value"] == pytest.approx(0.30)
    ind = result.indicators.set_index(["study", "indicator"])
    # Weka's 65 % is the share *partly* dematerialised; Archimag's and France Matin's 50 % the share
    # with any dematerialisation; Localtis's 50 % a usage rate: three constructs, no conflict.
    partial = ind.loc[("interconnectes", "civil_status_dematerialised")]
    assert partial["agreement"] == "single" and partial["preferred_figure_id"] == "IC006"
    assert partial["construct"] == "civil_status_partly_dematerialised"
    anyd = ind.loc[("interconnectes", "civil_status_any_dematerialised")]
    assert anyd["agreement"] == "identical" and anyd["figure_ids"] == "IC024;IC062"
    assert ind.loc[("interconnectes", "civil_status_usage_rate"), "unit_of_observation"] == "requests"
    # Weka's 30 % and France Matin's one third « totalement » are one construct: a true conflict.
    full = ind.loc[("interconnectes", "civil_status_fully_dematerialised")]
    assert full["agreement"] == "conflict"
    assert full["min_value"] == pytest.approx(0.30) and full["max_value"] == pytest.approx(1 / 3)
    c = result.conflicts
    assert not c["indicator"].isin(["civil_status_dematerialised", "civil_status_any_dematerialised"]).any()


def test_65_against_50_is_no_longer_a_conflict(result):
    c = result.conflicts
    assert not (c["figure_id"].isin(["IC006"]) | c["other_figure_id"].isin(["IC006"])).any()
    topic = result.topics[result.topics["topic"] == "civil_status_dematerialisation"].set_index("figure_id")
    assert set(topic.index) == {"IC006", "IC007", "IC024", "IC053", "IC062", "IC063"}
    assert topic.loc["IC053", "relation"] == "different_unit"


def test_libraries_governance_and_dates_are_split_by_construct(result):
    ind = result.indicators.set_index(["study", "indicator"])
    lib = ind.loc[("interconnectes", "library_reservation_online")]
    assert lib["agreement"] == "single" and lib["preferred_figure_id"] == "IC008"
    res = ind.loc[("interconnectes", "library_reservations_fully_online")]
    assert res["unit_of_observation"] == "reservations" and res["agreement"] == "identical"
    assert ind.loc[("lecko", "press_release_date"), "agreement"] == "single"
    pub = ind.loc[("lecko", "publication_date")]
    assert pub["agreement"] == "conflict" and set(pub["figure_ids"].split(";")) == {"LK020", "LK033"}
    # 36 123 951 against « plus de 36 millions »: consistent at printed precision, not a conflict row.
    assert ind.loc[("dila_ile", "population_covered_ile"), "agreement"] == "within_rounding"
    assert "population_covered_ile" not in set(result.conflicts["indicator"])


def test_each_conflict_row_names_two_sources_and_a_reason(result):
    c = result.conflicts
    assert len(c) == 10 and (c["agreement"] == "conflict").all()
    for r in c.itertuples():
        assert r.source_id and r.other_source_id and r.figure_id != r.other_figure_id
        assert r.source_id in r.reason and r.other_source_id in r.reason and "cannot both be true" in r.reason


def test_every_figure_has_a_construct_and_a_unit_of_observation(result):
    f = result.figures
    assert f["construct"].notna().all() and f["unit_of_observation"].notna().all()
    assert {"construct", "unit_of_observation"} <= set(result.indicators.columns)


def test_villeurbanne_plans_30_to_40_in_four_years(result):
    v = fig(result, "PA005")
    assert v["commune"] == "Villeurbanne" and v["source_id"] == "amgvf_3224_pac"
    assert v["lower"] * v["period_months"] == pytest.approx(30)
    assert v["upper"] * v["period_months"] == pytest.approx(40)
    assert v["qualifier"] == "range"
    # Coded like Nantes: a count (30 to 40) within a horizon, here of 48 months; value, lower and
    # upper stay the derived per-month rate the PAC model reads.
    assert v["unit"] == "count" and v["parsed_unit"] == "count" and v["horizon_months"] == 48
    assert (v["count_low"], v["count_high"], v["count_months"]) == (30, 40, 48)


def test_paces_keep_their_printed_count_in_the_processed_file():
    """Read back data/processed/figures.csv as written: 30 and 40, 15 over 24 months, 50 over 24."""
    f = pd.read_csv(paths.PROCESSED / "figures.csv", keep_default_na=False, na_values=[""],
                    dtype={"horizon": str}).set_index("figure_id")
    assert (f.loc["PA005", "count_low"], f.loc["PA005", "count_high"]) == (30, 40)  # Villeurbanne
    assert f.loc["PA005", "count_months"] == 48
    assert (f.loc["PA007", "count_low"], f.loc["PA007", "count_high"]) == (15, 15)  # Saint-Étienne
    assert f.loc["PA007", "count_months"] == 24
    assert f.loc["PA007", "value"] == pytest.approx(15 / 24)  # the derived rate is still there
    assert f.loc["LK010", "count_low"] == 50 and pd.isna(f.loc["LK010", "count_high"])
    assert f.loc["LK010", "count_months"] == 24
    # Nantes: the same count over a horizon, the horizon a date.
    assert (f.loc["PA008", "count_low"], f.loc["PA008", "count_high"]) == (40, 50)
    assert f.loc["PA008", "horizon"] == "2013-12-31" and pd.isna(f.loc["PA008", "count_months"])


def test_the_bounds_of_a_scale_are_a_scale_not_a_range(result):
    for fid in ("LK015", "LK024"):
        s = fig(result, fid)
        assert s["unit"] == "scale" and s["qualifier"] == "scale"
        assert (s["scale_min"], s["scale_max"]) == (0, 5)
        assert pd.isna(s["value"]) and pd.isna(s["lower"]) and pd.isna(s["upper"])  # no midpoint 2.5
    ind = result.indicators.set_index(["study", "indicator"]).loc[("lecko", "score_scale")]
    assert ind["agreement"] == "identical"
    assert fig(result, "LK014")["scale_max"] == 5  # a score keeps the top of its scale


@pytest.mark.parametrize(("figure_id", "lower", "upper"), [
    ("IC003", 0.55, 0.60),      # « près de 60 % »: a step of 5 points, at most 60 %
    ("OD021", 0.15, 0.16),      # « près de 16% »: a step of 1 point
    ("OD022", 0.045, 0.055),    # « environ 5% »: half a step either side
    ("IC010", 0.45, 0.50),      # « près de la moitié »: a word fraction, step 0.05
    ("ER007", 650000, 660000),  # « près de 660 000 »
    ("OD028", 125, 135),        # « environ 130 »
    ("IC015", 5, 15),           # « une dizaine »
])
def test_an_approximate_figure_has_the_interval_its_words_allow(result, figure_id, lower, upper):
    f = fig(result, figure_id)
    assert f["qualifier"] == "approximately"
    assert (f["lower"], f["upper"]) == (pytest.approx(lower), pytest.approx(upper))


def test_no_approximate_figure_has_lower_equal_to_upper(result):
    ap = result.figures[result.figures["qualifier"] == "approximately"]
    assert len(ap) >= 10
    assert (ap["lower"] < ap["upper"]).all()
    assert ((ap["lower"] <= ap["value"]) & (ap["value"] <= ap["upper"])).all()


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
    text = clean.describe_conflicts(result).replace("\\_", "_")  # names may be Markdown-escaped
    assert "civil_status_fully_dematerialised" in text and "demarches_fully_online" in text
    assert "civil_status_dematerialised " not in text and "civil_status_dematerialised (" not in text
    assert "first_wave_cities" not in text  # LK012 is no longer read as the size of the 2010 wave


def test_the_2010_wave_is_18_cities_and_lk012_says_no_city_progressed_much(result):
    ind = result.indicators.set_index(["study", "indicator"])
    wave = ind.loc[("lecko", "first_wave_cities")]
    assert wave["agreement"] == "single" and wave["value"] == 18 and wave["preferred_figure_id"] == "LK029"
    lk012 = fig(result, "LK012")
    assert lk012["indicator"] == "cities_much_progress_since_2010" and lk012["value"] == 0
    assert lk012["sample"] == "12 plus grandes villes"


def test_interconnectes_corrections(result):
    f = result.figures.set_index("figure_id")
    assert "IC025" not in f.index and "IC028" not in f.index  # France Matin's IC063 / IC066 remain
    assert f.loc["IC063", "source_id"] == "francematin_interconnectes"
    assert f.loc["IC033", "source_id"] == "archimag_13578_interconnectes" and f.loc["IC033", "value"] == 0.85
    for fid in ("IC034", "IC051", "IC069"):
        assert f.loc[fid, "indicator"] == "dg_and_elected_lead" and f.loc[fid, "value"] == 0.60
    assert f.loc["IC024", "expression"] == "50 %"
    assert "totalement" in f.loc["IC054", "note"] and "not printed" in f.loc["IC054", "note"]
    ind = result.indicators.set_index(["study", "indicator"])
    assert ind.loc[("interconnectes", "elected_officials_lead"), "agreement"] == "single"  # Weka alone
    cw = result.crosswalk.set_index("crosswalk_id")
    assert cw.loc["X015", "figure_id"] == "IC066"
    assert pd.isna(cw.loc["X012", "figure_id"]) or cw.loc["X012", "figure_id"] == ""


def test_sources_of_the_corrected_rows(result):
    f = result.figures.set_index("figure_id")
    s = result.sources.set_index("source_id")
    assert f.loc["MO009", "source_id"] == "01net_municipales_2014"
    assert {f.loc[i, "source_id"] for i in ("MO010", "MO011", "MO012")} == {"silicon_municipales_2014"}
    assert f.loc["CW014", "source_id"] == "collaboratif_bretagne"
    assert f.loc["CW015", "source_id"] == "marsouin_mot162" and f.loc["CW016", "source_id"] == "marsouin_243"
    assert {f.loc[i, "source_id"] for i in ("CW017", "CW018")} == {"opsis_2011_mairie20"}
    assert f.loc["CW003", "source_id"] == "maireinfo_2010_amf"
    assert "d340148c02019f923babb7ec7c1e4fe5" in s.loc["boursorama_dinum", "url"]
    # every new or re-credited source cites the stored page's address
    for sid in ("01net_municipales_2014", "marsouin_243", "marsouin_mot162", "opsis_2011_mairie20",
                "docplayer_marsouin_2013", "maireinfo_2010_amf", "gazette_2018_opendata",
                "acteurspublics_2018_opendata", "maireinfo_opendata_2018", "01net_2002_eu",
                "numerama_2019_dinum", "bfmtv_2019_dinum", "collaboratif_bretagne", "labo_sn_2018_opendata"):
        assert s.loc[sid, "url"].startswith("http"), sid


def test_opendata_2018_period_and_the_flagged_6_5(result):
    f = result.figures.set_index("figure_id")
    for fid in ("OD001", "OD002", "OD003", "OD004"):
        assert f.loc[fid, "period"] == "2018-01", fid
    assert f.loc["OD003", "value"] == pytest.approx(0.065) and "INCONSISTENT" in f.loc["OD003", "note"]
    assert f.loc["OD002", "source_id"] == "gazette_2018_opendata"


def test_eu_corrections(result):
    f = result.figures.set_index("figure_id")
    assert f.loc["EU022", "unit"] == "change" and f.loc["EU022", "expression"] == "+7 %"
    assert f.loc["EU023", "period"] == "2001-10" and f.loc["EU023", "value"] == pytest.approx(0.49)
    assert f.loc["EU024", "period"] == "2002-04" and f.loc["EU024", "value"] == pytest.approx(0.61)


def test_dinum_2019_baseline_as_printed(result):
    f = result.figures.set_index("figure_id")
    assert "DN005" not in f.index  # « ≈75 % » for 2019 is printed nowhere
    assert (f.loc["DN015", "value"], f.loc["DN015", "period"]) == (pytest.approx(0.67), "2019-05")
    assert f.loc["DN015", "sample"] == "253 démarches"
    assert (f.loc["DN016", "value"], f.loc["DN016", "period"]) == (pytest.approx(0.69), "2019-11")
    assert f.loc["DN017", "value"] == pytest.approx(165 / 245)
    assert f.loc["DN014", "value"] == pytest.approx(0.64)
    ind = result.indicators.set_index(["study", "indicator", "period"])
    assert ind.loc[("dinum_observatory", "demarches_fully_online", "2019-11"), "agreement"] == "conflict"


def test_new_series_are_in_and_not_found_values_are_not(result):
    f = result.figures
    for study in ("barometre_numerique", "insee_tic", "dila_ile", "dinum_barometer", "sgmap_scoreboard",
                  "villes_internet"):
        assert (f["study"] == study).sum() >= 3, study
    assert not ((f["study"] == "insee_tic") & (f["subgroup"] == "france") & (f["period"] == "2013")).any()
    assert not f["sample"].fillna("").str.contains("3 117").any()


def test_themes_are_cleaned_and_written(result, tmp_path):
    th = result.themes
    assert th["theme_id"].is_unique and len(th) > 100
    assert set(th["study"]) == {"lecko", "pac", "interconnectes", "markess"}
    files = clean.outputs(result, tmp_path)
    assert (tmp_path / "themes.csv") in files


def test_processed_tables_are_tidy(result):
    f = result.figures
    assert f["figure_id"].is_unique
    shares = f[f["parsed_unit"] == "share"]
    assert shares["value"].between(0, 1).all()
    assert (shares["lower"] <= shares["value"]).all()
    assert isinstance(result.indicators, pd.DataFrame) and result.indicators["agreement"].notna().all()
