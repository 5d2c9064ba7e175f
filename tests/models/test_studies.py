"""Every model group on the real processed data: results carry n, method and their warnings."""

import json

import pytest

from analysis import params, paths
from analysis.models import stage

GROUPS = ["interconnectes", "markess", "pac", "lecko", "trends", "synthesis"]


@pytest.fixture(scope="module")
def computed():
    cfg = params.section("models")
    return {g: stage.compute(g, cfg[g]) for g in GROUPS}


@pytest.mark.parametrize("group", GROUPS)
def test_each_result_has_n_method_and_is_committed(computed, group):
    results, _ = computed[group]
    assert results
    for key, r in results.items():
        assert r.method, key
        assert r.n is not None or r.warnings, key
    committed = json.loads((paths.MODELS / f"{group}.json").read_text(encoding="utf-8"))
    assert sorted(committed) == sorted(results)


def test_interconnectes_uses_95_of_500(computed):
    r, _ = computed["interconnectes"]
    assert r["respondents"].estimate == 95
    s = r["share.voluntarist_projects"]
    assert s.n == 95 and s.details["population"] == 500 and s.details["counts"] == [81]
    assert r["compare.civil_status_dematerialised"].details["compatible_within_sampling_error"] is False


def test_markess_intervals_are_sensitivities(computed):
    r, plots = computed["markess"]
    assert all("not published" in " ".join(v.warnings) for k, v in r.items() if k.startswith("share."))
    assert set(plots["markess_n_sensitivity"]["n"]) == set(params.section("models")["markess"]["n_grid"])


def test_pac_says_how_little_n4_can_say(computed):
    r, plots = computed["pac"]
    assert r["association.population_rate"].n == 4
    assert r["power.population_rate"].estimate == 0.0
    assert len(plots["pac_reference_sensitivity"]) == len(params.section("models")["pac"]["reference_dates"])


def test_few_point_series_are_never_curves_without_warning(computed):
    r, plots = computed["trends"]
    for key, res in r.items():
        if res.n is not None and res.n <= 3:
            assert res.warnings, key
    fr = r["france_sophistication"]
    assert fr.n == 3 and fr.warnings  # the printed Oct 2001, Apr 2002 and 2003 points, no derived prior
    assert "transcriber" in " ".join(fr.warnings)


def test_dinum_refits_with_each_printed_2019_baseline(computed):
    r, plots = computed["trends"]
    alts = sorted(k for k in r if k.startswith("dinum_demarches.baseline_"))
    assert alts == [f"dinum_demarches.baseline_{i}" for i in ("DN014", "DN015", "DN016", "DN017")]
    assert "2019-05 = 67%" in r["dinum_demarches.baseline_DN015"].name


def test_size_gradient_scenarios(computed):
    r, plots = computed["synthesis"]
    scen = plots["size_gradient_scenarios"]
    assert len(scen) == len(params.section("models")["synthesis"]["group_size_scenarios"])
    assert (scen["odds_ratio"] > 1).all()
