"""DVC as its users drive it: an experiment with one parameter changed, listed by `dvc exp show`,
and the README's pipeline picture equal to what `dvc dag` draws."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import BIN, project_env

from analysis import paths


def dvc(root, *args):
    return subprocess.run([str(BIN / "dvc"), *args], cwd=root, env=project_env(root), capture_output=True,
                          text=True, timeout=900)


def test_the_readme_pipeline_picture_is_what_dvc_dag_draws():
    res = dvc(paths.ROOT, "dag", "--md")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() in (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_metrics_show_prints_a_short_row_per_result():
    res = dvc(paths.ROOT, "metrics", "show")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) > 50
    assert max(map(len, lines)) < 200
    assert lines[0].split()[1:] == ["ci_high", "ci_low", "estimate", "n", "pvalue", "warnings"]


@pytest.mark.slow
def test_an_experiment_runs_and_is_listed(project_copy):
    res = dvc(project_copy, "exp", "run", "-n", "five-years", "-S", "chapters.pac.projection_years=5")
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "Running stage 'chapter@pac'" in res.stdout and "Running stage 'chapter@lecko'" not in res.stdout
    shown = dvc(project_copy, "exp", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    names = [e.get("name") for rev in json.loads(shown.stdout) for e in rev.get("experiments") or []]
    assert "five-years" in names, shown.stdout[:2000]
    diff = dvc(project_copy, "params", "diff", "--all")
    assert diff.returncode == 0 and "chapters.pac.projection_years" in diff.stdout, diff.stdout + diff.stderr
