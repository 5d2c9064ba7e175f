"""Benchmark of the build, printed as medians and ratios (never asserted in a test).

Measures, in a throw-away copy of the project:
  cold    `dvc repro --force`: every stage from scratch
  noop    `dvc repro` when everything is up to date
  chapter `dvc repro` after one chapter's parameter changed (that chapter and the book rerun)
  naive   each notebook run with `jupyter nbconvert --execute` to HTML, then again to PDF
and prints medians and the ratios against the targets (cold <= 0.3 x naive, no-op <= 1.0 s,
one chapter <= 6 s). Then the scale run (benchmarks/scale.py): every stage on the raw data as it
is and grown x10 and x100, timed, with its peak memory (targets: x100 in <= 3 x the x1 time, no
process above 1 GB). Usage: python benchmarks/bench.py [--repeat N] [--skip-naive]
[--skip-scale | --scale]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sandbox import copy_project, project_env  # noqa: E402 (the tests' sandbox, shared)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402 (benchmarks/scale.py, beside this file)

BIN = Path(sys.executable).parent


def timed(cmd: list[str], root: Path) -> float:
    t0 = time.perf_counter()
    # The copy runs its own code: the editable install would import the live src/ instead.
    env = {**project_env(root), "PYTHONPATH": str(root / "src")}
    res = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    return elapsed


def naive(root: Path) -> float:
    total = 0.0
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        out = root / "naive"
        for fmt in ("html", "study_pdf"):
            total += timed([str(BIN / "jupyter"), "nbconvert", "--execute", "--to", fmt, "--output-dir", str(out),
                            str(nb)], root)
    return total


def toggle_chapter_param(root: Path, flip: bool) -> None:
    p = root / "params.yaml"
    text = p.read_text()
    a, b = "    projection_years: 4\n", "    projection_years: 5\n"
    p.write_text(text.replace(a, b) if flip else text.replace(b, a))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of the quick measurements (no-op, one chapter)")
    ap.add_argument("--cold-repeat", type=int, default=1, help="runs of the cold build and of the naive way")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-scale", action="store_true", help="leave out the x10 / x100 scale run")
    ap.add_argument("--scale", action="store_true", help="only the scale run")
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100], help="data sizes of the scale run")
    args = ap.parse_args()
    if not args.scale:
        build_benchmark(args)
    if not args.skip_scale:
        print(flush=True)
        scale.main(["--factors", *map(str, args.factors)])
    return 0


def build_benchmark(args: argparse.Namespace) -> None:
    dvc = str(BIN / "dvc")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = copy_project(Path(tmp) / "project")
        results: dict[str, list[float]] = {"cold": [], "noop": [], "chapter": [], "naive": []}
        for _ in range(args.cold_repeat):
            results["cold"].append(timed([dvc, "repro", "--force"], root))
        for _ in range(args.repeat):
            results["noop"].append(timed([dvc, "repro"], root))
        for i in range(args.repeat):
            toggle_chapter_param(root, flip=(i % 2 == 0))
            results["chapter"].append(timed([dvc, "repro"], root))
        if not args.skip_naive:
            for _ in range(args.cold_repeat):
                results["naive"].append(naive(root))
    med = {k: statistics.median(v) for k, v in results.items() if v}
    # Min and max beside the median: on a shared 2-core machine one run can be 20 % off.
    print(f"{'measure':<10}{'median s':>10}{'min':>8}{'max':>8}{'runs':>6}   target")
    targets = {"cold": "<= 0.3 x naive", "noop": "<= 1.0 s", "chapter": "<= 6 s", "naive": "reference"}
    for k, v in med.items():
        print(f"{k:<10}{v:>10.2f}{min(results[k]):>8.2f}{max(results[k]):>8.2f}{len(results[k]):>6}   {targets[k]}")
    if "naive" in med:
        print(f"ratio cold / naive      = {med['cold'] / med['naive']:.2f}  (target <= 0.30)")
    print(f"ratio noop / 1.0 s      = {med['noop'] / 1.0:.2f}  (target <= 1.00)")
    print(f"ratio chapter / 6 s     = {med['chapter'] / 6:.2f}  (target <= 1.00)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
