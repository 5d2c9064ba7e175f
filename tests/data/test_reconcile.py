"""Agreement between reports and the preferred-report rule, on small hand-made groups."""

import math

import pandas as pd
import pytest

from analysis.data.reconcile import agreement, reconcile, sort_reports

RULE = dict(preferred_order=["source_kind", "status", "precision", "earliest"],
            source_kind_rank=["study_release", "statistics_office", "official", "press", "blog",
                              "compilation"],
            status_rank=["printed", "paraphrased", "unverified", "uncertain"])


def report(fid, value, resolution=0.01, qualifier="exact", lower=None, upper=None, kind="press",
           status="printed", date="2013-01-04", **key):
    base = dict(study="s", indicator="i", population="p", subgroup="all", commune_code="",
                period="2012", domain="d", unit="share")
    base.update(key)
    return dict(base, figure_id=fid, source_id=f"src_{fid}", value=value,
                lower=value if lower is None else lower, upper=value if upper is None else upper,
                resolution=resolution, qualifier=qualifier, source_kind=kind, status=status,
                source_date=date, expression=str(value), note="")


def frame(*rows):
    return pd.DataFrame(list(rows))


def test_single_and_identical():
    assert agreement(frame(report("a", 0.85))) == "single"
    assert agreement(frame(report("a", 0.85), report("b", 0.85))) == "identical"


def test_words_and_digits_agree_within_rounding():
    # « une collectivité sur cinq » (step 0.05) against « 21% » (step 0.01)
    assert agreement(frame(report("a", 0.2, 0.05), report("b", 0.21))) == "within_rounding"
    # « 30 % » against « 1/3 »: 29.5-30.5 % and 30.8-35.8 % do not overlap
    assert agreement(frame(report("a", 0.30), report("b", 1 / 3, 0.05))) == "conflict"


def test_etat_civil_outlets_conflict():
    assert agreement(frame(report("weka", 0.65), report("archimag", 0.50))) == "conflict"


def test_open_bound_overlaps_everything_above():
    more = report("a", 0.5, 0.05, "more_than", upper=float("nan"))
    assert agreement(frame(more, report("b", 0.72))) == "within_rounding"
    assert agreement(frame(more, report("c", 0.30))) == "conflict"


def test_study_document_is_preferred_then_precision():
    rows = frame(report("press", 0.2, 0.05, kind="press"), report("own", 0.21, kind="study_release"))
    ranked = sort_reports(rows, RULE["preferred_order"], RULE["source_kind_rank"], RULE["status_rank"])
    assert list(ranked["figure_id"]) == ["own", "press"]
    by_precision = sort_reports(rows, ["precision"], RULE["source_kind_rank"], RULE["status_rank"])
    assert by_precision.iloc[0]["figure_id"] == "own"
    rows = frame(report("words", 0.5, 0.05, qualifier="approximately"), report("digits", 0.48))
    assert sort_reports(rows, ["precision"], [], [])["figure_id"].iloc[0] == "digits"


def test_unknown_criterion_is_refused():
    with pytest.raises(ValueError, match="unknown criteria"):
        sort_reports(frame(report("a", 0.1)), ["loudest"], [], [])


def test_reconcile_keeps_every_report_and_the_gap():
    rows = frame(report("weka", 0.65), report("archimag", 0.50), report("fm", 0.50),
                 report("other", 0.4, indicator="j"))
    indicators, conflicts = reconcile(rows, RULE)
    i = indicators.set_index("indicator").loc["i"]
    assert i["n_reports"] == 3 and i["agreement"] == "conflict"
    assert math.isclose(i["gap"], 0.15)
    assert set(conflicts["figure_id"]) == {"weka", "archimag", "fm"}
    assert conflicts["preferred"].sum() == 1
    assert indicators.set_index("indicator").loc["j", "agreement"] == "single"


def test_two_units_for_one_indicator_is_an_error():
    rows = frame(report("a", 0.5), report("b", 12, unit="count"))
    with pytest.raises(ValueError, match="several units"):
        reconcile(rows, RULE)
