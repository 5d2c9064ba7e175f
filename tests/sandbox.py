"""A throw-away copy of the project, for the end-to-end tests and the benchmark.

Copies what git sees (tracked files and untracked ones it does not ignore), so that the copy is
what a fresh clone of the current work would be, and makes it a git repository of its own (DVC
and `git status` need one).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis import paths


def project_files(root: Path = paths.ROOT) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p and (root / p).is_file()]


def copy_project(dest: Path, root: Path = paths.ROOT) -> Path:
    for rel in project_files(root):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target)
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"],
                ["git", "-c", "user.name=sandbox", "-c", "user.email=sandbox@localhost", "commit", "-qm", "copy"]):
        subprocess.run(cmd, cwd=dest, check=True)
    return dest


def project_env(root: Path) -> dict[str, str]:
    """The environment a stage sees in the copy: the project's tools first, the copy as root."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    env["ANALYSIS_ROOT"] = str(root)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as the Makefile: byte-code cached, each process is faster
    return env
