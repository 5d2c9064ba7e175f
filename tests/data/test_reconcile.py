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
    base = dict(study="s", indicator="i", construct="c", unit_of_observation="collectivites", population="p",
                subgroup="all", commune_code="", period="2012", domain="d", unit="share",
                scale_min=math.nan, scale_max=math.nan)
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
    # Two reports of one construct that print 65 % and 50 % do conflict...
    assert agreement(frame(report("weka", 0.65), report("archimag", 0.50))) == "conflict"


def test_different_constructs_are_never_reconciled():
    # ... but Weka's 65 % (partly dematerialised) and Archimag's 50 % (any dematerialisation) are
    # different constructs: two keys, no conflict.
    rows = frame(report("weka", 0.65, construct="partly"), report("archimag", 0.50, construct="any"))
    indicators, conflicts = reconcile(rows, RULE)
    assert list(indicators["agreement"]) == ["single", "single"] and conflicts.empty
    rows = frame(report("a", 0.77), report("b", 0.55, unit_of_observation="reservations"))
    indicators, conflicts = reconcile(rows, RULE)
    assert len(indicators) == 2 and conflicts.empty


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
    # each row names the other source it contradicts, and why
    c = conflicts.set_index("figure_id")
    assert c.loc["weka", "other_source_id"] == "src_archimag" and c.loc["fm", "other_source_id"] == "src_weka"
    assert all("src_" in r and "cannot both be true" in r for r in conflicts["reason"])
    assert indicators.set_index("indicator").loc["j", "agreement"] == "single"


def test_within_rounding_is_not_a_conflict_row():
    rows = frame(report("exact", 36123951, 1, unit="population"),
                 report("more", 36e6, 1e6, "more_than", upper=math.nan, unit="population"))
    indicators, conflicts = reconcile(rows, RULE)
    assert indicators["agreement"].iloc[0] == "within_rounding" and conflicts.empty


def test_a_report_agreeing_with_all_others_is_not_listed():
    rows = frame(report("a", 0.30), report("b", 0.40), report("wide", 0.35, 0.2))
    _, conflicts = reconcile(rows, RULE)
    assert set(conflicts["figure_id"]) == {"a", "b"}


def test_two_units_for_one_indicator_is_an_error():
    rows = frame(report("a", 0.5), report("b", 12, unit="count"))
    with pytest.raises(ValueError, match="several units"):
        reconcile(rows, RULE)


def _reference(figures, rule):
    """The per-group loop reconcile used to be (before vectorising), kept to check the new one."""
    from analysis.data.reconcile import KEY
    order, kind_rank, status_rank = rule["preferred_order"], rule["source_kind_rank"], rule["status_rank"]
    rule_text = "best first by " + ", then ".join(order) + "; ties by figure_id"
    f = figures.copy()
    f["commune_code"] = f["commune_code"].fillna("")
    f["period"] = f["period"].fillna("")
    rows = []
    for key, ranked in sort_reports(f, order, kind_rank, status_rank).groupby(KEY, sort=True, dropna=False):
        best = ranked.iloc[0]
        rows.append({**dict(zip(KEY, key, strict=True)), "domain": best["domain"], "unit": best["unit"],
                     "n_reports": len(ranked), "n_sources": ranked["source_id"].nunique(),
                     "figure_ids": ";".join(ranked["figure_id"]), "source_ids": ";".join(ranked["source_id"]),
                     "preferred_figure_id": best["figure_id"], "preferred_source_id": best["source_id"],
                     "expression": best["expression"], "value": best["value"], "lower": best["lower"],
                     "upper": best["upper"], "qualifier": best["qualifier"],
                     "min_value": float(ranked["value"].min()), "max_value": float(ranked["value"].max()),
                     "gap": float(ranked["value"].max() - ranked["value"].min()),
                     "agreement": agreement(ranked), "rule": rule_text})
    return pd.DataFrame(rows)


def test_vectorised_reconcile_equals_the_loop_on_the_real_data():
    from analysis import params
    from analysis.data import clean
    from analysis.precision import to_csv
    result = clean.build()
    rule = params.section("clean")
    new, _ = reconcile(result.figures, rule)
    old = _reference(result.figures, rule)
    assert to_csv(new) == to_csv(old)
    assert to_csv(new) == to_csv(result.indicators)


def test_reconcile_is_linear(benchmark=None):
    """x100 the real reports (distinct keys): well under a second per 10 000 reports."""
    import time

    from analysis import params
    from analysis.data import clean
    figures = clean.build().figures
    big = pd.concat([figures.assign(study=figures["study"] + f"_{i}") for i in range(100)], ignore_index=True)
    t0 = time.perf_counter()
    indicators, _ = reconcile(big, params.section("clean"))
    elapsed = time.perf_counter() - t0
    assert len(indicators) == 100 * len(reconcile(figures, params.section("clean"))[0])
    assert elapsed < 5, elapsed  # the per-group loop took about 10 s here
