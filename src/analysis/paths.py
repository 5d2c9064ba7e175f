"""The one place that knows where things live.

Every module and notebook resolves files through here, so that papermill (which runs a notebook
from notebooks/), pytest (from the repository root) and JupyterLab agree without `chdir` tricks.
ANALYSIS_ROOT overrides the root, which the tests use to build inside a temporary copy.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "dvc.yaml").is_file() and (candidate / "params.yaml").is_file():
            return candidate
    # Installed in editable mode: src/analysis/paths.py -> repository root.
    return Path(__file__).resolve().parents[2]


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
MODELS = PROCESSED / "models"
PLOTS = PROCESSED / "plots"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
PARAMS = ROOT / "params.yaml"

RAW_SOURCES = RAW / "sources.csv"
RAW_FIGURES = RAW / "figures.csv"
RAW_COMMUNES = RAW / "communes.csv"
RAW_MENTIONS = RAW / "mentions.csv"
CODEBOOK = RAW / "codebook.yaml"
