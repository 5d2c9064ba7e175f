"""Scale benchmark: the whole build on the raw data grown x10, x100 (…), stage by stage.

How the data is grown (`grow`): every row of data/raw/sources.csv is copied factor - 1 times
with a new source_id (`<id>__r<k>`), and every row of data/raw/figures.csv is copied factor - 1
times with a new figure_id (`<id>__r<k>`) and the copy's source_id pointing at the source's copy
k. So each indicator gets factor times as many reports, from as many (copied) outlets, with the
same expressions: every row passes validation as its original does, the reconciled indicators
are the same, and what grows is what real extra reports would grow (reports per indicator,
conflicts, per-city rows of the PAC and interconnectés studies). The other raw tables (communes,
mentions, themes, crosswalk) are left as they are.

Each stage runs as `dvc repro --force --single-item <stage>`, in pipeline order, and is timed;
its peak memory is the largest resident set of any process it started (os.wait4's rusage: the
stage's `dvc`, the runner, the kernel and anything they waited for). Prints a table per factor
and the ratios against the targets: x100 data builds in at most 3 x the x1 time, no process
above 1 GB. Usage: python benchmarks/scale.py [--factors 1 10 100] [--keep DIR] [--stage-timeout S]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sandbox import copy_project, project_env  # noqa: E402 (the tests' sandbox, shared)

BIN = Path(sys.executable).parent
TARGET_TIME_RATIO = 3.0  # x100 build time against the x1 build time
TARGET_PEAK_MB = 1024


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    # The raw files quote only where needed; so does this (validation reads either way).
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def grow(root: Path, factor: int) -> tuple[int, int]:
    """Grow data/raw/figures.csv (and sources.csv) `factor` times; return the new row counts."""
    raw = root / "data" / "raw"
    sfields, sources = _read(raw / "sources.csv")
    ffields, figures = _read(raw / "figures.csv")
    if factor == 1:
        return len(figures), len(sources)
    new_sources = list(sources)
    new_figures = list(figures)
    for k in range(1, factor):
        new_sources += [{**s, "source_id": f"{s['source_id']}__r{k}"} for s in sources]
        new_figures += [{**f, "figure_id": f"{f['figure_id']}__r{k}", "source_id": f"{f['source_id']}__r{k}"}
                        for f in figures]
    _write(raw / "sources.csv", sfields, new_sources)
    _write(raw / "figures.csv", ffields, new_figures)
    # A source that reports another study's figures is declared in the codebook by its id: its
    # copies are declared too, or the plausibility check refuses them.
    book_path = raw / "codebook.yaml"
    book = yaml.safe_load(book_path.read_text(encoding="utf-8"))
    cited = book.get("cross_study_citations") or {}
    cited.update({f"{sid}__r{k}": studies for sid, studies in list(cited.items()) for k in range(1, factor)})
    book["cross_study_citations"] = cited
    book_path.write_text(yaml.safe_dump(book, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(new_figures), len(new_sources)


def stages(root: Path) -> list[str]:
    """Stage names in an order where every stage comes after what it depends on (dvc.yaml's)."""
    spec = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    names = []
    for name, body in spec.items():
        names += [f"{name}@{key}" for key in body["foreach"]] if "foreach" in body else [name]
    return names


def run_stage(root: Path, stage: str, log: Path, timeout: float | None = None) -> tuple[float, float, bool]:
    """Seconds and peak resident megabytes of `dvc repro --force --single-item stage`, and whether
    it was stopped at `timeout` seconds (then the time is a lower bound, the memory what it reached)."""
    cmd = [str(BIN / "dvc"), "repro", "--force", "--single-item", stage]
    with log.open("w") as out:
        t0 = time.perf_counter()
        # The copy runs its own code (the editable install would import the live src/ instead).
        env = {**project_env(root), "PYTHONPATH": str(root / "src")}
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # its own process group: stopped whole
        timer = None
        if timeout:
            timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        stopped = timer is not None and not timer.is_alive() and elapsed >= timeout
        if timer is not None:
            timer.cancel()
    if stopped:
        try:  # what the stage left running in its group (the kernel, a converter)
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    elif os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)} in {root}\n{log.read_text()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, stopped  # ru_maxrss is in kilobytes on Linux


def measure(factor: int, workdir: Path, source: Path | None = None,
            timeout: float | None = None) -> dict[str, tuple[float, float, bool]]:
    root = copy_project(workdir / f"x{factor}", **({"root": source} if source else {}))
    n_fig, n_src = grow(root, factor)
    print(f"x{factor}: {n_fig} figure rows, {n_src} source rows in {root}", flush=True)
    results = {}
    for stage in stages(root):
        results[stage] = run_stage(root, stage, workdir / f"x{factor}-{stage.replace('@', '-')}.log", timeout)
        t, mb, stopped = results[stage]
        print(f"  {stage:<24}{t:>9.2f} s{'n/a' if stopped else f'{mb:.0f}':>9} MB"
              f"{'  stopped at the time limit (its processes were not reaped: no peak)' if stopped else ''}",
              flush=True)
    if factor == 1:  # the data as committed: a build must give the committed bytes again
        changed = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
        print("  outputs identical to the committed ones" if not changed else f"  outputs changed:\n{changed}")
    return results


def report(all_results: dict[int, dict[str, tuple[float, float, bool]]]) -> None:
    factors = sorted(all_results)
    names = list(all_results[factors[0]])
    head = "".join(f"{f'x{f} s':>10}{f'x{f} MB':>9}" for f in factors)
    print(f"\n{'stage':<24}{head}")
    for name in names + ["total"]:
        cells = ""
        for f in factors:
            res = all_results[f]
            t = sum(v[0] for v in res.values()) if name == "total" else res[name][0]
            mb = max(v[1] for v in res.values()) if name == "total" else res[name][1]
            stopped = any(v[2] for v in res.values()) if name == "total" else res[name][2]
            peak = "n/a" if stopped and name != "total" else f"{mb:.0f}"
            cells += f"{('>' if stopped else '') + f'{t:.2f}':>10}{peak:>9}"
        print(f"{name:<24}{cells}")
    base = sum(v[0] for v in all_results[factors[0]].values())
    for f in factors[1:]:
        total = sum(v[0] for v in all_results[f].values())
        bound = ">" if any(v[2] for v in all_results[f].values()) else ""
        print(f"ratio x{f} / x{factors[0]} time = {bound}{total / base:.2f}"
              + (f"  (target <= {TARGET_TIME_RATIO:.2f})" if f == 100 else ""))
    for f in factors:
        stage, (_, mb, _) = max(all_results[f].items(), key=lambda kv: kv[1][1])
        unknown = [name for name, v in all_results[f].items() if v[2]]
        print(f"x{f}: peak {mb:.0f} MB in {stage}: {mb / TARGET_PEAK_MB:.2f} of 1 GB  (target <= 1.00)"
              + (f"; not measured in {', '.join(unknown)} (stopped)" if unknown else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100],
                    help="data sizes to build; the first is the reference of the time ratios")
    ap.add_argument("--keep", type=Path, help="build the copies here and keep them (default: a temporary folder)")
    ap.add_argument("--source", type=Path, help="project to copy (a git work tree; default: this one)")
    ap.add_argument("--stage-timeout", type=float, default=None,
                    help="stop a stage after this many seconds and go on (its time then reads as a lower bound)")
    args = ap.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        all_results = {f: measure(f, args.keep, args.source, args.stage_timeout) for f in args.factors}
    else:
        with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
            all_results = {f: measure(f, Path(tmp), args.source, args.stage_timeout) for f in args.factors}
    report(all_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
