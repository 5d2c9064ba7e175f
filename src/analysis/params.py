"""Read params.yaml, the one place for parameters.

DVC tracks each section as the parameters of a stage and papermill injects the same section into
a notebook's `parameters` cell, so a value exists once and is read the same way everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from analysis import paths

# libyaml's parser when PyYAML was built with it (its wheels are): the same documents, 5x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path | None = None) -> dict[str, Any]:
    with open(path or paths.PARAMS, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SAFE_LOADER) or {}


def section(name: str, path: Path | None = None) -> dict[str, Any]:
    """A section by its dotted name ("clean", "chapters.lecko"), as DVC names it."""
    data: Any = load(path)
    walked = []
    for part in name.split("."):
        if not isinstance(data, dict) or part not in data:
            where = ".".join(walked) or "params.yaml"
            keys = ", ".join(data) if isinstance(data, dict) else "none"
            raise KeyError(f"{where} has no section {part!r} (sections: {keys})")
        data = data[part]
        walked.append(part)
    return data
