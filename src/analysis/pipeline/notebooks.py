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

import json
import re
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


_MARKER = re.compile(r"^# %%(?P<markdown> \[markdown\])?(?P<meta>.*)$")


def read_script(path: Path) -> nbformat.NotebookNode:
    """The script as a notebook, with the same cell ids on every read (c00, c01, …).

    The percent format is read here rather than by jupytext, whose import costs every stage
    0.6 s: the subset the project writes (a YAML header, `# %%` and `# %% [markdown]` markers,
    `tags=[...]`, markdown as `# ` comments). A test reads every notebook both ways and finds the
    same cells, and `check_pair` compares with the paired .ipynb."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    start = 0
    if lines and lines[0] == "# ---":
        start = lines.index("# ---", 1) + 1
    header = [ln[2:] for ln in lines[1:start - 1]] if start else []
    cells: list[tuple[str, dict, list[str]]] = []
    for line in lines[start:]:
        m = _MARKER.match(line)
        if m:
            meta = {}
            tags = re.search(r"tags=(\[[^\]]*\])", m.group("meta") or "")
            if tags:
                meta["tags"] = json.loads(tags.group(1))
            cells.append(("markdown" if m.group("markdown") else "code", meta, []))
        elif cells:
            cells[-1][2].append(line)
    nb = nbformat.v4.new_notebook()
    kernelspec = _kernelspec(header)
    if kernelspec:
        nb.metadata["kernelspec"] = kernelspec
    for i, (kind, meta, body) in enumerate(cells):
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if kind == "markdown":
            source = "\n".join(ln[2:] if ln.startswith("# ") else ln[1:] if ln.startswith("#") else ln
                               for ln in body)
            cell = nbformat.v4.new_markdown_cell(source, metadata=meta)
        else:
            cell = nbformat.v4.new_code_cell("\n".join(body), metadata=meta)
        cell["id"] = f"c{i:02d}"
        nb.cells.append(cell)
    return nb


def _kernelspec(header: list[str]) -> dict:
    if not header:
        return {}
    import yaml

    meta = yaml.safe_load("\n".join(header)) or {}
    return (meta.get("jupyter") or {}).get("kernelspec") or {}


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
