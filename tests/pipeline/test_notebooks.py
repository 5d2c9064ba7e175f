"""Paired notebooks: the pipeline reads the py:percent scripts, a pair that drifted apart is
refused, and a notebook saved with outputs in JupyterLab leaves the pipeline up to date."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import BIN, project_env

from analysis import paths
from analysis.pipeline import notebooks
from analysis.pipeline.runner import NotebookFailed, execute

SCRIPTS = sorted(paths.NOTEBOOKS.glob("*.py"))


def test_every_notebook_has_its_script_and_no_script_is_alone():
    ipynb = {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    assert ipynb == {p.stem for p in SCRIPTS} and len(ipynb) >= 9


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_each_pair_holds_the_same_cells(script):
    notebooks.check_pair(script)


def test_the_pipeline_runs_and_depends_on_the_scripts_only():
    dvc = (paths.ROOT / "dvc.yaml").read_text()
    assert "notebooks/" in dvc and ".ipynb --" not in dvc
    for stage in yaml.safe_load(dvc)["stages"].values():
        body = stage.get("do", stage)
        deps = [d for d in body.get("deps", []) if d.startswith("notebooks/")]
        assert all(d.endswith(".py") for d in deps), deps


def test_script_cells_get_the_same_ids_on_every_read():
    a, b = (notebooks.read_script(SCRIPTS[0]) for _ in range(2))
    assert [c.id for c in a.cells] == [c.id for c in b.cells] == [f"c{i:02d}" for i in range(len(a.cells))]


def _pair(folder: Path, code: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A test"),
                nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(code)]
    path = folder / "t.ipynb"
    nbformat.write(nb, path)
    subprocess.run([str(BIN / "jupytext"), "--to", "py:percent", str(path)], check=True, capture_output=True)
    return folder / "t.py"


def test_a_pair_that_drifted_apart_is_refused_with_the_command_that_fixes_it(tmp_path):
    script = _pair(tmp_path, "y = x + 1")
    nb = nbformat.read(script.with_suffix(".ipynb"), 4)
    nb.cells[2].source = "y = x + 2"
    nbformat.write(nb, script.with_suffix(".ipynb"))
    with pytest.raises(NotebookFailed, match=r"t.ipynb and t.py differ \(first at cell 2.*jupytext --sync"):
        execute(script, {"x": 1})


def test_outputs_saved_in_the_notebook_do_not_make_the_pair_differ(tmp_path):
    script = _pair(tmp_path, "y = x + 1\ny")
    nb = nbformat.read(script.with_suffix(".ipynb"), 4)
    nb.cells[2].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    nb.cells[2].execution_count = 3
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nbformat.write(nb, script.with_suffix(".ipynb"))
    notebooks.check_pair(script)
    executed = execute(script, {"x": 5})
    assert executed.cells[-1].outputs[0]["data"]["text/plain"] == "6"


@pytest.mark.slow
def test_a_notebook_saved_with_outputs_leaves_dvc_status_up_to_date(project_copy):
    """What a reviewer does in JupyterLab: run a chapter and save it, outputs and all."""
    nb_path = project_copy / "notebooks" / "10_lecko.ipynb"
    executed = nbformat.read(project_copy / "reports" / "chapters" / "10_lecko" / "10_lecko.ipynb", 4)
    nb = nbformat.read(nb_path, 4)
    for cell, done in zip(nb.cells, [c for c in executed.cells if "injected-parameters" not in
                                     c.metadata.get("tags", [])], strict=True):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = done.outputs, 7
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.99"}
    nbformat.write(nb, nb_path)
    env = project_env(project_copy)
    status = subprocess.run([str(BIN / "dvc"), "status"], cwd=project_copy, env=env, capture_output=True, text=True)
    assert status.returncode == 0 and "up to date" in status.stdout, status.stdout + status.stderr
    # ...while a change to a cell's code, made through the pairing, does rerun the chapter.
    script = nb_path.with_suffix(".py")
    script.write_text(script.read_text().replace("# %% [markdown]", "# %% [markdown]\n# A reviewer's note.\n", 1))
    status = subprocess.run([str(BIN / "dvc"), "status"], cwd=project_copy, env=env, capture_output=True, text=True)
    assert "chapter@lecko" in status.stdout, status.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_the_fast_reader_reads_each_script_as_jupytext_does(script):
    import jupytext

    ours, theirs = notebooks.read_script(script), jupytext.read(script, fmt="py:percent")
    assert [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in ours.cells] == [
        (c.cell_type, c.source, c.metadata.get("tags", [])) for c in theirs.cells]
    assert ours.metadata["kernelspec"] == theirs.metadata["kernelspec"]
