"""Read params.yaml, the one place for parameters.

DVC tracks each section as the parameters of a stage and papermill injects the same section into
a notebook's `parameters` cell, so a value exists once and is read the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import paths


def load(path: Path | None = None) -> dict[str, Any]:
    with open(path or paths.PARAMS, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def section(name: str, path: Path | None = None) -> dict[str, Any]:
    data = load(path)
    if name not in data:
        raise KeyError(f"params.yaml has no section {name!r} (sections: {', '.join(data)})")
    return data[name]
