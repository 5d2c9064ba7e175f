"""Outputs are replaced all together or not at all, and a failed write leaves nothing behind."""

from __future__ import annotations

import errno
import os

import pytest

from analysis.pipeline import atomic


def test_a_set_is_written_and_replaces_the_old_files(tmp_path):
    (tmp_path / "a.csv").write_text("old")
    atomic.write_files({tmp_path / "a.csv": "new a", tmp_path / "sub" / "b.json": b"new b"})
    assert (tmp_path / "a.csv").read_text() == "new a" and (tmp_path / "sub" / "b.json").read_bytes() == b"new b"
    assert list(tmp_path.rglob("*.tmp")) == []


def test_a_full_disk_names_the_file_keeps_the_old_outputs_and_leaves_no_temporary(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("old a")
    (tmp_path / "b.csv").write_text("old b")
    real_fdopen = os.fdopen
    calls = {"n": 0}

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(fd, mode):  # the second file of the set hits a full disk
        calls["n"] += 1
        fh = real_fdopen(fd, mode)
        return Full(fh) if calls["n"] == 2 else fh

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    with pytest.raises(atomic.WriteFailed, match=r"cannot write .*b\.csv: No space left on device"):
        atomic.write_files({tmp_path / "a.csv": "new a", tmp_path / "b.csv": "new b"})
    assert (tmp_path / "a.csv").read_text() == "old a" and (tmp_path / "b.csv").read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_temporaries_of_a_killed_run_are_swept(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / ".a.csv.123.tmp").write_text("half")
    (tmp_path / "a.csv").write_text("kept")
    assert atomic.remove_stale_temporaries(tmp_path) == 1
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["a.csv"]
