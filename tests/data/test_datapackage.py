"""data/processed/datapackage.json is a valid Frictionless package that detects tampering."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from analysis import paths

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def validate(descriptor: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(FRICTIONLESS), "validate", descriptor.name], cwd=descriptor.parent,
                          capture_output=True, text=True)


def test_frictionless_accepts_the_package():
    res = validate(paths.PROCESSED / "datapackage.json")
    assert res.returncode == 0, res.stdout + res.stderr


def test_frictionless_detects_a_changed_file(tmp_path):
    dest = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, dest, ignore=shutil.ignore_patterns("models", "plots"))
    p = dest / "figures.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("0.65", "0.66", 1), encoding="utf-8")
    res = validate(dest / "datapackage.json")
    assert res.returncode != 0
    assert "hash" in (res.stdout + res.stderr).lower()


def test_every_field_is_described():
    pkg = json.loads((paths.PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in pkg["resources"]}
    assert {"figures", "indicators", "sources", "communes", "conflicts", "mentions", "themes"} <= names
    for r in pkg["resources"]:
        for f in r["schema"]["fields"]:
            assert f["description"], (r["name"], f["name"])
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"


def test_themes_table_is_in_the_package():
    pkg = json.loads((paths.PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    themes = {r["name"]: r for r in pkg["resources"]}["themes"]
    assert themes["path"] == "themes.csv" and themes["schema"]["primaryKey"] == ["theme_id"]
    assert [f["name"] for f in themes["schema"]["fields"]] == [
        "theme_id", "source_id", "study", "theme", "code", "words", "note"]
    figures = {r["name"]: r for r in pkg["resources"]}["figures"]
    names = [f["name"] for f in figures["schema"]["fields"]]
    assert {"count_low", "count_high", "count_months", "scale_min", "scale_max"} <= set(names)


def test_load_reads_the_themes():
    from analysis.data.load import Processed

    th = Processed(paths.PROCESSED).themes
    assert th["theme_id"].is_unique and {"theme", "code", "words"} <= set(th.columns)
