"""Notebooks paired with py:percent scripts, and which of the two the pipeline reads.

Each notebook in notebooks/ exists twice (jupytext pairing, notebooks/jupytext.toml): the .ipynb
that JupyterLab opens, and a .py script holding the same cells as code and comments. The script
is the source the pipeline runs and DVC depends on. A reviewer who runs a notebook and saves it
changes outputs, execution counts and kernel metadata in the .ipynb only, so `dvc repro` has
nothing to rerun; a change to a cell's code or text changes the script (JupyterLab's jupytext
writes both), and the stage reruns. Git diffs of the scripts read as code.

A pair that has drifted apart (the .ipynb edited outside JupyterLab) is refused, with the command
that reconciles them, rather than silently running one of the two.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

SCRIPT_FORMAT = "py:percent"


class NotebookOutOfSync(RuntimeError):
    """The .ipynb and its paired script hold different cells."""


def script_of(path: Path) -> Path:
    return Path(path).with_suffix(".py")


def notebook_of(path: Path) -> Path:
    return Path(path).with_suffix(".ipynb")


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip("\n"), tuple(c.metadata.get("tags", ()))) for c in nb.cells]


def read_script(path: Path) -> nbformat.NotebookNode:
    """The script as a notebook, with the same cell ids on every read (c00, c01, …): jupytext
    makes up random ones, which would change the executed notebook from run to run."""
    import jupytext

    nb = jupytext.read(Path(path), fmt=SCRIPT_FORMAT)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:02d}"
    nb.metadata.pop("jupytext", None)
    return nb


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook the pipeline runs: a script as such, or a .ipynb (after checking that its
    paired script, if any, holds the same cells)."""
    path = Path(path)
    if path.suffix == ".py":
        check_pair(path)
        return read_script(path)
    nb = nbformat.read(path, as_version=4)
    if script_of(path).is_file():
        check_pair(script_of(path))
    return nb


def check_pair(script: Path) -> None:
    """Raise NotebookOutOfSync when the script and its .ipynb differ in any cell."""
    script, notebook = Path(script), notebook_of(script)
    if not notebook.is_file():
        return
    a, b = _cells(read_script(script)), _cells(nbformat.read(notebook, as_version=4))
    if a == b:
        return
    where = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    raise NotebookOutOfSync(
        f"{notebook.name} and {script.name} differ (first at cell {where}; {len(b)} and {len(a)} cells): "
        f"run `jupytext --sync {notebook}` (the newer file wins) and check the result")
