"""Shared fixtures: the repository root, and a throw-away copy of the project to break."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sandbox import copy_project, project_env  # noqa: F401 (re-exported to the tests)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
