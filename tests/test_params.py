"""params.yaml against its schema (analysis.paramspec): the real file passes, every bad value is refused
by key, value and rule before any stage does work, through `dvc exp run -S` too."""

from __future__ import annotations

import copy
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ROOT, project_env

from analysis import params, paramspec


@pytest.fixture(scope="module")
def real() -> dict:
    return params.load(ROOT / "params.yaml")


def write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "params.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return p


def mutated(real: dict, change) -> dict:
    data = copy.deepcopy(real)
    change(data)
    return data


def test_real_params_yaml_passes():
    data, problems = params.validate(ROOT / "params.yaml")
    assert problems == []
    assert params.check(ROOT / "params.yaml") == data


def test_cli_says_ok(monkeypatch):
    monkeypatch.delenv("ANALYSIS_PARAMS", raising=False)
    res = subprocess.run([sys.executable, "-m", "analysis.params"], cwd=ROOT, capture_output=True, text=True,
                         env=project_env(ROOT))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "params.yaml: OK"


def _set(section: str, **values):
    def change(d):
        node = d
        for part in section.split("."):
            node = node[part]
        node.update(values)
    return change


def _rename(section: str, old: str, new: str):
    def change(d):
        node = d
        for part in section.split("."):
            node = node[part]
        node[new] = node.pop(old)
    return change


def _drop(section: str, key: str):
    def change(d):
        node = d
        for part in section.split("."):
            node = node[part]
        del node[key]
    return change


# name: (change, key path named, value as shown, words of the rule)
BAD = {
    "alpha 1.5": (_set("models.interconnectes", alpha=1.5), "models.interconnectes.alpha", "1.5", "(0, 0.5]"),
    "alpha -0.5": (_set("models.markess", alpha=-0.5), "models.markess.alpha", "-0.5", "(0, 0.5]"),
    "horizon 1800": (_set("models.trends", horizon=1800), "models.trends.horizon", "1800", "[2025, 2050]"),
    "n_display 999": (_set("chapters.markess", n_display=999), "chapters.markess.n_display", "999",
                      "models.markess.n_grid"),
    "inverted timeline": (_set("chapters.synthesis", timeline_start=2022, timeline_end=2002),
                          "chapters.synthesis.timeline_start", "2022", "before chapters.synthesis.timeline_end"),
    "misspelt key": (_rename("models.interconnectes", "alpha", "alpah"), "models.interconnectes.alpah", "0.05",
                     "did you mean alpha"),
    "n_grid [0]": (_set("models.markess", n_grid=[0]), "models.markess.n_grid", "[0]", "positive integers"),
    "n_grid [-60]": (_set("models.markess", n_grid=[-60, 100]), "models.markess.n_grid", "[-60, 100]",
                     "not allowed: -60"),
    "simulations many": (_set("models.pac", simulations="many"), "models.pac.simulations", '"many"',
                         "[100, 100000]"),
    "bad reference_date": (_set("models.pac", reference_date="2012-13-01"), "models.pac.reference_date",
                           '"2012-13-01"', "valid date"),
    "bad reference_dates": (_set("models.pac", reference_dates=["2012-06-01", "2012-06-31"]),
                            "models.pac.reference_dates", '"2012-06-31"', "not allowed"),
    "unquoted date": (_set("models.pac", reference_date=__import__("datetime").date(2012, 10, 1)),
                      "models.pac.reference_date", "2012-10-01", "quoted"),
    "reference_date outside the grid": (_set("models.pac", reference_date="2012-01-15"),
                                        "models.pac.reference_date", '"2012-01-15"', "span"),
    "missing alpha": (_drop("models.interconnectes", "alpha"), "models.interconnectes.alpha", "missing",
                      "(0, 0.5]"),
    "bogus preferred_order": (_set("clean", preferred_order=["source_kind", "bogus"]), "clean.preferred_order",
                              '"bogus"', "criteria from source_kind, status, precision, earliest, latest"),
    "duplicated preferred_order": (_set("clean", preferred_order=["status", "status"]), "clean.preferred_order",
                                   '"status"', "given twice"),
    "unknown method": (_set("models.markess", method="wald"), "models.markess.method", '"wald"',
                       "wilson, clopper-pearson"),
    "negative seed": (_set("models.lecko", seed=-1), "models.lecko.seed", "-1", "non-negative integer"),
    "bootstrap too small": (_set("models.synthesis", bootstrap=10), "models.synthesis.bootstrap", "10",
                            "[100, 100000]"),
    "boolean as string": (_set("chapters.pac", per_100k="yes"), "chapters.pac.per_100k", '"yes"', "true or false"),
    "unknown series": (_set("chapters.trends", series=["cdc_acsel_use", "gdp"]), "chapters.trends.series",
                       '"gdp"', "series from"),
    "unknown sort column": (_set("chapters.interconnectes", sort_by="size"), "chapters.interconnectes.sort_by",
                            '"size"', "one of value"),
    "unknown highlight": (_set("chapters.markess", highlight=["nope"]), "chapters.markess.highlight", '"nope"',
                          "Markess indicators"),
    "unknown top-level key": (lambda d: d.update(extra={"a": 1}), "extra", '{"a": 1}', "unknown key"),
    "unknown section key": (_set("chapters.methods", show_code=True), "chapters.methods.show_code", "true",
                            "unknown key"),
    "missing section": (lambda d: d["chapters"].pop("trends"), "chapters.trends", "missing", "show_projection"),
    "overseas differ": (_set("chapters.lecko", include_overseas=False), "chapters.lecko.include_overseas", "false",
                        "models.lecko.include_overseas"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_value_is_refused_by_key_value_and_rule(tmp_path, real, case):
    change, key, value, rule = BAD[case]
    path = write(tmp_path, mutated(real, change))
    _, problems = params.validate(path)
    assert problems, f"{case} was accepted"
    line = next((p for p in problems if re.search(rf": {re.escape(key)}( = |: )", p)), None)
    assert line is not None, problems
    assert value in line and rule in line, line
    assert line.startswith(f"{path}: {key}")
    with pytest.raises(params.ParamsError) as exc:
        params.check(path)
    assert line in str(exc.value)


def test_message_format(tmp_path, real):
    path = write(tmp_path, mutated(real, _set("models.interconnectes", alpha=1.5)))
    _, problems = params.validate(path)
    assert problems == [f"{path}: models.interconnectes.alpha = 1.5: must be a number in (0, 0.5]"]


def test_every_problem_is_listed_at_once(tmp_path, real, monkeypatch):
    data = real
    for name in ("alpha 1.5", "horizon 1800", "simulations many", "bogus preferred_order", "misspelt key"):
        data = mutated(data, BAD[name][0])
    path = write(tmp_path, data)
    monkeypatch.setenv("ANALYSIS_PARAMS", str(path))
    _, problems = params.validate()
    keys = {re.match(rf"{re.escape(str(path))}: ([\w.]+)", p).group(1) for p in problems}
    assert keys == {"models.trends.horizon", "models.pac.simulations", "clean.preferred_order",
                    "models.interconnectes.alpah", "models.interconnectes.alpha"}
    res = subprocess.run([sys.executable, "-m", "analysis.params", str(path)], capture_output=True, text=True,
                         cwd=ROOT, env=project_env(ROOT))
    assert res.returncode == 1
    assert res.stdout == ""
    for p in problems:
        assert p in res.stderr


def test_duplicate_key_and_bad_yaml_are_refused(tmp_path):
    text = (ROOT / "params.yaml").read_text(encoding="utf-8")
    dup = tmp_path / "dup.yaml"
    dup.write_text(text.replace("    horizon: 2025\n", "    horizon: 2025\n    horizon: 2030\n"), encoding="utf-8")
    _, problems = params.validate(dup)
    assert any("models.trends.horizon: given twice" in p for p in problems), problems
    broken = tmp_path / "broken.yaml"
    broken.write_text("clean: [\n", encoding="utf-8")
    _, problems = params.validate(broken)
    assert len(problems) == 1 and "not valid YAML" in problems[0]


def test_runner_refuses_before_any_work(tmp_path, real, monkeypatch):
    from analysis.pipeline import atomic, runner

    path = write(tmp_path, mutated(real, _set("models.interconnectes", alpha=1.5)))
    monkeypatch.setenv("ANALYSIS_PARAMS", str(path))

    def no_work(*args, **kwargs):
        raise AssertionError("work started despite bad parameters")

    monkeypatch.setattr(runner, "execute", no_work)
    monkeypatch.setattr(atomic, "remove_stale_temporaries", no_work)
    out = tmp_path / "out.ipynb"
    rc = runner.main([str(ROOT / "notebooks" / "02_models.ipynb"), "--section", "models", "--output", str(out)])
    assert rc != 0
    assert not out.exists()


def test_runner_message_names_key(tmp_path, real, monkeypatch, capsys):
    from analysis.pipeline import runner

    path = write(tmp_path, mutated(real, _set("models.markess", n_grid=[0])))
    monkeypatch.setenv("ANALYSIS_PARAMS", str(path))
    monkeypatch.setattr(runner, "execute", lambda *a, **k: pytest.fail("executed"))
    out = tmp_path / "out.ipynb"
    # Another stage's section: the whole file is checked, not only the section the stage takes.
    assert runner.main([str(ROOT / "notebooks" / "01_clean.ipynb"), "--section", "clean", "--output", str(out)]) == 1
    assert "models.markess.n_grid = [0]" in capsys.readouterr().err
    assert not out.exists()


def test_build_refuses_before_any_work(tmp_path, real, monkeypatch, capsys):
    from analysis.pipeline import atomic, build

    path = write(tmp_path, mutated(real, _set("chapters.synthesis", timeline_start=2030, timeline_end=2010)))
    monkeypatch.setenv("ANALYSIS_PARAMS", str(path))
    monkeypatch.setattr(build, "chapter", lambda *a, **k: pytest.fail("chapter built"))
    monkeypatch.setattr(atomic, "remove_stale_temporaries", lambda *a, **k: pytest.fail("work started"))
    for argv in (["chapter", str(ROOT / "notebooks" / "60_synthesis.ipynb"), "--section", "chapters.synthesis"],
                 ["book"]):
        assert build.main(argv) == 1
        assert "chapters.synthesis.timeline_start = 2030" in capsys.readouterr().err


def test_checked_section_is_the_section(real):
    assert params.checked_section("chapters.lecko", ROOT / "params.yaml") == real["chapters"]["lecko"]


# The schema's enumerations mirror the code and the data: they must still agree.


def test_enumerations_match_the_code():
    from analysis.data import codebook, reconcile
    from analysis.models import proportions

    assert paramspec.CRITERIA == reconcile.CRITERIA
    assert set(paramspec.METHODS) == set(proportions.METHODS)
    book = codebook.load(ROOT / "data" / "raw" / "codebook.yaml")
    assert set(paramspec.SOURCE_KINDS) == set(book.terms("source_kind"))
    assert set(paramspec.STATUSES) == set(book.terms("status"))


def test_enumerations_match_the_data():
    processed = ROOT / "data" / "processed"
    trends = json.loads((processed / "models" / "trends.json").read_text(encoding="utf-8"))
    assert set(paramspec.SERIES) == {k for k in trends if "." not in k}
    markess = json.loads((processed / "models" / "markess.json").read_text(encoding="utf-8"))
    assert set(paramspec.MARKESS_INDICATORS) == {k.split(".")[1] for k in markess
                                                 if k.startswith("share.") and k.endswith(".all")}
    with open(processed / "crosswalk.csv", encoding="utf-8") as fh:
        assert set(paramspec.CROSSWALK_STUDIES) == {r["study"] for r in csv.DictReader(fh)}
    with open(processed / "figures.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    years = [int(m.group()) for r in rows for m in re.finditer(r"\b(19|20)\d\d\b", r["period"])]
    assert max(years) == paramspec.LATEST_DATA_YEAR
    shares = (processed / "plots" / "interconnectes" / "interconnectes_shares.csv").read_text().splitlines()[0]
    assert set(paramspec.SORT_COLUMNS) <= set(shares.split(","))
    communes = (processed / "communes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert {f"pmun_{y}" for y in paramspec.POPULATION_YEARS} <= set(communes.split(","))


@pytest.mark.slow
def test_dvc_exp_run_set_param_is_refused_by_key(project_copy):
    def dvc(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "dvc"), *args], cwd=project_copy, env=project_env(project_copy),
                              capture_output=True, text=True, timeout=600)

    processed = project_copy / "data" / "processed"
    original = (project_copy / "params.yaml").read_bytes()
    before = {p: p.read_bytes() for p in sorted(processed.rglob("*")) if p.is_file()}
    try:
        res = dvc("exp", "run", "-S", "models.interconnectes.alpha=1.5")
        message = res.stdout + res.stderr
        assert res.returncode != 0, message
        assert "models.interconnectes.alpha = 1.5: must be a number in (0, 0.5]" in message, message
        assert {p: p.read_bytes() for p in sorted(processed.rglob("*")) if p.is_file()} == before
    finally:
        dvc("exp", "remove", "--all")
        (project_copy / "params.yaml").write_bytes(original)
    assert dvc("exp", "list", "--all-commits").stdout.strip() == ""
