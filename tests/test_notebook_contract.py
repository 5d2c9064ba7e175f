"""Notebooks as reviewers open them: the parameters contract, clean diffs, no typed figures,
and nbval re-executing every executed copy against its stored outputs."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from analysis import params, paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def sections() -> dict[str, dict]:
    """Which params.yaml section each notebook receives, read from dvc.yaml's commands."""
    dvc = yaml.safe_load((paths.ROOT / "dvc.yaml").read_text())
    out = {}
    for stage in dvc["stages"].values():
        if "foreach" in stage:
            items, cmd = stage["foreach"], stage["do"]["cmd"]
            for key, item in (items.items() if isinstance(items, dict) else ((i, i) for i in items)):
                nb = re.search(r"notebooks/(\S+)\.py", cmd).group(1)
                nb = nb.replace("${item.notebook}", item["notebook"]) if isinstance(item, dict) else nb
                out[nb] = params.section(re.search(r"--section (\S+)", cmd).group(1).replace("${key}", key))
        elif "notebooks/" in stage["cmd"]:
            nb = re.search(r"notebooks/(\S+)\.py", stage["cmd"]).group(1)
            out[nb] = params.section(re.search(r"--section (\S+)", stage["cmd"]).group(1))
    return out


def parameters_cell(nb) -> dict:
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{len(cells)} cells tagged parameters"
    values = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign), "the parameters cell holds assignments only"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def test_every_notebook_is_a_stage():
    assert {p.stem for p in NOTEBOOKS} == set(sections())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_parameters_match_params_yaml(path):
    declared = parameters_cell(nbformat.read(path, 4))
    section = sections()[path.stem]
    assert sorted(declared) == sorted(section), f"{path.name}: {sorted(declared)} vs {sorted(section)}"
    for key, value in section.items():
        assert declared[key] == value, f"{path.name}: default of {key} differs from params.yaml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_are_stored_without_outputs(path):
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: outputs stored"


TYPED = re.compile(r"\d+(?:[.,]\d+)?\s?%|\d+[.,]\d+|\b\d+\b")
ALLOWED = re.compile(r"^(?:19[9]\d|20[0-3]\d)$")  # years


def typed_figures(markdown: str) -> list[str]:
    text = re.sub(r"`[^`]*`", "", markdown)  # code spans (file names, parameters) are not prose figures
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    return [m.group(0) for m in TYPED.finditer(text) if not ALLOWED.match(m.group(0))]


def test_the_scan_catches_typed_figures():
    assert typed_figures("près de 60 % des villes") == ["60 %"]
    assert typed_figures("a mean of 1.77 out of 5") == ["1.77", "5"]
    assert typed_figures("between 2010 and 2013, see `params.yaml` and `01_clean`") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_figure_is_typed_in_markdown(path):
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert typed_figures(cell.source) == [], f"{path.name}: typed figure in « {cell.source[:60]}… »"


@pytest.mark.slow
def test_nbval_reexecutes_every_executed_notebook():
    executed = sorted((paths.REPORTS / "chapters").glob("*/*.ipynb"))
    executed += sorted((paths.REPORTS / "pipeline").glob("*.ipynb"))
    assert len(executed) >= 7
    res = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                          "--nbval-sanitize-with", str(Path(__file__).with_name("nbval_sanitize.cfg")),
                          "--nbval-current-env", *map(str, executed)],
                         cwd=paths.ROOT, capture_output=True, text=True, timeout=1200)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
