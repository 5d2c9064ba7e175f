"""The real DVC pipeline in a throw-away copy of the project: it rebuilds to the same bytes, and a
bad raw row fails the stage with a readable message while data/processed/ stays as it was."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, project_env


def _malformed_cases() -> dict:
    """The malformed raw inputs of tests/data/test_validate.py, replayed here through the stage."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "validate_cases", Path(__file__).resolve().parents[1] / "data" / "test_validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CASES = _malformed_cases()

pytestmark = pytest.mark.slow


def dvc(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "dvc"), *args], cwd=root, env=project_env(root),
                          capture_output=True, text=True, timeout=600)


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_pipeline_is_up_to_date(project_copy):
    res = dvc(project_copy, "status")
    assert res.returncode == 0, res.stderr
    assert "up to date" in res.stdout, res.stdout


def test_forced_rebuild_gives_identical_bytes(project_copy):
    res = dvc(project_copy, "repro", "--force", "clean")
    assert res.returncode == 0, res.stdout + res.stderr
    status = subprocess.run(["git", "status", "--porcelain"], cwd=project_copy,
                            capture_output=True, text=True).stdout
    assert status == "", status


@pytest.mark.parametrize("case", ["share over 100 %", "unknown source id", "unparseable expression",
                                  "missing column", "wrong encoding", "too many fields"])
def test_bad_raw_input_fails_the_stage_and_keeps_outputs(project_copy, case):
    file, mutate, fragments, _ = CASES[case]
    before = hashes(project_copy / "data" / "processed")
    mutate(project_copy / "data" / "raw" / file)
    res = dvc(project_copy, "repro", "clean")
    assert res.returncode != 0
    message = res.stdout + res.stderr
    assert f"data/raw/{file}" in message
    for fragment in fragments:
        assert fragment in message, message
    assert hashes(project_copy / "data" / "processed") == before
    leftovers = [p for p in (project_copy / "data" / "processed").rglob("*.tmp")]
    assert leftovers == []


def test_dvc_metrics_and_plots_list_the_models(project_copy):
    import json
    res = dvc(project_copy, "metrics", "show", "--json")
    assert res.returncode == 0, res.stderr
    metrics = json.loads(res.stdout)
    files = next(iter(metrics.values()))["data"]
    groups = {Path(p).parent.name for p in files}
    assert {"interconnectes", "markess", "pac", "lecko", "trends", "synthesis"} <= groups
    share = files["data/processed/metrics/interconnectes/share.voluntarist_projects.json"]["data"]
    assert share["n"] == 95 and share["warnings"] == 0 and share["ci_low"] < share["estimate"] < share["ci_high"]
    full = json.loads((project_copy / "data/processed/models/interconnectes.json").read_text())
    assert full["share.voluntarist_projects"]["method"].startswith("Wilson")
    out = project_copy / "plots"
    res = dvc(project_copy, "plots", "show", "-o", str(out))
    assert res.returncode == 0, res.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "opendata_collectivites" in html or "OpenDataFrance" in html


def test_one_chapter_parameter_touches_that_chapter_only(project_copy):
    import json
    p = project_copy / "params.yaml"
    text = p.read_text()
    assert "    projection_years: 4\n" in text
    p.write_text(text.replace("    projection_years: 4\n", "    projection_years: 5\n"))
    res = dvc(project_copy, "status", "--json")
    assert res.returncode == 0, res.stderr
    assert set(json.loads(res.stdout)) == {"chapter@pac"}
