"""analysis.pipeline.runner: papermill runs that are reproducible, and failures that keep old outputs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT

from analysis.pipeline import runner

pytestmark = pytest.mark.slow


def notebook(path, *sources, parameters="x = 1"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell] + [nbformat.v4.new_code_cell(s) for s in sources]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    nbformat.write(nb, path)
    return path


def test_parameters_are_injected_and_output_is_stable(tmp_path):
    nb = notebook(tmp_path / "ok.ipynb", "print(x * 2)")
    out1, out2 = tmp_path / "out1.ipynb", tmp_path / "out2.ipynb"
    runner.execute(nb, {"x": 21}, out1)
    runner.execute(nb, {"x": 21}, out2)
    assert out1.read_bytes() == out2.read_bytes()
    result = nbformat.read(out1, 4)
    assert result.cells[1]["id"] == "injected-parameters"
    assert result.cells[-1].outputs[0]["text"] == "42\n"
    assert "start_time" not in result.metadata["papermill"]


def test_a_failing_cell_names_itself_and_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.ipynb"
    out.write_text("previous report", encoding="utf-8")
    nb = notebook(tmp_path / "bad.ipynb", "y = 2", "raise ValueError('figure 140 % is not a share')")
    with pytest.raises(runner.NotebookFailed) as exc:
        runner.execute(nb, {"x": 1}, out)
    message = str(exc.value)
    assert "bad.ipynb" in message and "cell" in message
    assert "ValueError: figure 140 % is not a share" in message
    assert out.read_text(encoding="utf-8") == "previous report"


def test_a_relative_interpreter_path_still_starts_the_kernel(tmp_path):
    # `export PATH=.venv/bin:$PATH` makes sys.executable relative; the kernel starts in the
    # notebook's folder, where that relative path would not exist.
    nb = notebook(tmp_path / "ok.ipynb", "print(x + 1)")
    out = tmp_path / "out.ipynb"
    rel = os.path.relpath(BIN, ROOT)
    env = {**os.environ, "PATH": f"{rel}:{os.environ['PATH']}"}
    code = ("import sys; from analysis.pipeline import runner; print(sys.executable); "
            f"runner.execute({str(nb)!r}, {{'x': 1}}, {str(out)!r})")
    res = subprocess.run(["python", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-1500:]
    assert res.stdout.splitlines()[0] == f"{rel}/python"  # the situation under test did arise
    assert nbformat.read(out, 4).cells[-1].outputs[0]["text"] == "2\n"


def _kernels_of(pid: int) -> set[int]:
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (proc / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if int(stat[1]) == pid and b"ipykernel" in cmd:
            found.add(int(proc.name))
    return found


def test_the_kernel_is_stopped_once_every_cell_has_run(tmp_path):
    # The kernel is shut down at once rather than gracefully (half a second saved per notebook):
    # what the cells wrote is complete, and no kernel is left behind.
    out = tmp_path / "written.txt"
    nb = notebook(tmp_path / "w.ipynb", f"open({str(out)!r}, 'w').write('x' * 100_000)")
    runner.execute(nb, {"x": 1})
    assert out.read_text() == "x" * 100_000
    assert _kernels_of(os.getpid()) == set()
