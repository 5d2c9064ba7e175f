"""The same bytes on any x86-64 machine: the model stage and a chapter rebuilt under other
numerical back-ends than the ones that built the committed outputs.

A second machine differs from the first in its vector instructions (numpy dispatches AVX2 code
or not), its BLAS kernel (OpenBLAS picks one per CPU) and its core count. Each is simulated here
on one machine; every rebuilt file must equal the committed one, byte for byte.
"""

from __future__ import annotations

import subprocess

import pytest
from conftest import BIN, project_env

pytestmark = pytest.mark.slow


def _without_avx2() -> dict[str, str]:
    """numpy without its AVX2/FMA3 loops, where this CPU has them (numpy refuses to disable a
    feature the machine lacks; such a machine runs the baseline loops anyway)."""
    from numpy._core._multiarray_umath import __cpu_features__

    return {"NPY_DISABLE_CPU_FEATURES": "X86_V3"} if __cpu_features__.get("X86_V3") else {}


BACKENDS = {
    # numpy without its AVX2/FMA3 loops, OpenBLAS with an old CPU's kernels
    "no-avx2, old BLAS kernel": _without_avx2() | {"OPENBLAS_CORETYPE": "Prescott"},
    # a machine whose environment asks for two threads everywhere
    "two threads": {"OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"},
}


@pytest.mark.parametrize("backend", BACKENDS, ids=list(BACKENDS))
def test_model_stage_and_a_chapter_rebuild_to_identical_bytes(project_copy, backend):
    env = project_env(project_copy) | BACKENDS[backend]
    py = str(BIN / "python")
    for cmd in ([py, "-m", "analysis.pipeline.runner", "notebooks/02_models.py", "--section", "models",
                 "--output", "reports/pipeline/02_models.ipynb"],
                [py, "-m", "analysis.pipeline.build", "chapter", "notebooks/30_interconnectes.py",
                 "--section", "chapters.interconnectes"]):
        res = subprocess.run(cmd, cwd=project_copy, env=env, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-3000:]
    changed = subprocess.run(["git", "status", "--porcelain"], cwd=project_copy, capture_output=True,
                             text=True).stdout
    assert changed == "", f"{backend}: files differ from the committed build:\n{changed}"
