"""Read params.yaml, the one place for parameters, and check it against its schema.

DVC tracks each section as the parameters of a stage and papermill injects the same section into
a notebook's `parameters` cell, so a value exists once and is read the same way everywhere.

Every stage checks the whole file first (`check()`, rules in analysis.paramspec) and does no work
when a value is wrong: each problem names the key path, the value and the rule, all at once. That
covers `dvc exp run -S key=value` too, which writes the value into params.yaml before the stage
runs. `python -m analysis.params [file]` (`make check-params`) runs the same check alone.

ANALYSIS_PARAMS points at another parameters file (tests); DVC never sets it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from analysis import paramspec, paths

# libyaml's parser when PyYAML was built with it (its wheels are): the same documents, 5x faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ParamsError(ValueError):
    """params.yaml breaks its schema; the message lists every problem, one a line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def params_path(path: Path | str | None = None) -> Path:
    return Path(path or os.environ.get("ANALYSIS_PARAMS") or paths.PARAMS)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def load(path: Path | None = None) -> dict[str, Any]:
    with open(params_path(path), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SAFE_LOADER) or {}


def section(name: str, path: Path | None = None) -> dict[str, Any]:
    """A section by its dotted name ("clean", "chapters.lecko"), as DVC names it."""
    return _section(load(path), name)


def _section(data: Any, name: str) -> Any:
    walked = []
    for part in name.split("."):
        if not isinstance(data, dict) or part not in data:
            where = ".".join(walked) or "params.yaml"
            keys = ", ".join(data) if isinstance(data, dict) else "none"
            raise KeyError(f"{where} has no section {part!r} (sections: {keys})")
        data = data[part]
        walked.append(part)
    return data


def _duplicate_keys(node: yaml.Node, path: str = "") -> list[str]:
    """Keys given twice in one mapping (YAML loaders silently keep the last)."""
    out: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark)
            sub = f"{path}.{name}" if path else name
            if name in seen:
                out.append(f"{sub}: given twice (lines {seen[name]} and {key.start_mark.line + 1}); "
                           "a key must appear once")
            else:
                seen[name] = key.start_mark.line + 1
            out += _duplicate_keys(value, sub)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            out += _duplicate_keys(value, f"{path}[{i}]")
    return out


def validate(path: Path | str | None = None) -> tuple[dict[str, Any], list[str]]:
    """The loaded file and its problems ("<file>: key.path = value: rule"); no problems when valid."""
    p = params_path(path)
    name = _display(p)
    try:
        text = p.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=SAFE_LOADER)
        data = yaml.load(text, Loader=SAFE_LOADER) or {}
    except OSError as exc:
        return {}, [f"{name}: cannot be read ({exc.strerror or exc})"]
    except yaml.YAMLError as exc:
        return {}, [f"{name}: not valid YAML: {' '.join(str(exc).split())}"]
    found = (_duplicate_keys(node) if node is not None else []) + paramspec.problems(data)
    return data, [f"{name}: {line}" for line in found]


def check(path: Path | str | None = None) -> dict[str, Any]:
    """The whole file, checked: raises ParamsError listing every problem."""
    data, problems = validate(path)
    if problems:
        raise ParamsError(problems)
    return data


def checked_section(name: str, path: Path | str | None = None) -> Any:
    """Check the whole file, then take one section (what a stage does before any work)."""
    return _section(check(path), name)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = params_path(args[0] if args else None)
    _, problems = validate(path)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{_display(path)}: {len(problems)} problem{'s' if len(problems) > 1 else ''}", file=sys.stderr)
        return 1
    print(f"{_display(path)}: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
