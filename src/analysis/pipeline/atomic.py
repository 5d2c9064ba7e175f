"""Write a set of output files so that a failure never leaves a half-written one.

Every output of a stage is first written in full to a temporary file beside its target (same
file system), flushed to disk, and only then renamed over the target. Nothing is renamed until
every file of the set is written, so an error while producing any of them leaves the previous
outputs byte-identical. A kill between two renames can leave a mix of old and new complete files,
never a truncated one, and the next run replaces them all.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class WriteFailed(OSError):
    """An output could not be written (a full disk, a read-only folder); the message names it."""


def write_files(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write all contents, then move them into place; return the paths written."""
    staged: list[tuple[Path, Path]] = []
    target = None
    try:
        for target, content in files.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((Path(tmp), target))  # before writing: a full disk must not leave it behind
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and target is not None:
            raise WriteFailed(f"cannot write {target}: {exc.strerror or exc}; nothing was replaced") from exc
        raise
    for tmp, target in staged:
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    return [t for _, t in staged]


def write_file(target: Path, content: bytes | str) -> Path:
    return write_files({target: content})[0]


def remove_stale_temporaries(directory: Path) -> int:
    """Delete temporaries left by a killed run; return how many were removed."""
    n = 0
    if directory.is_dir():
        for p in directory.rglob(".*.tmp"):
            p.unlink(missing_ok=True)
            n += 1
    return n
