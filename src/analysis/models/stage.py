"""Run one model group and write its outputs: the DVC metrics file and the plot tables.

data/processed/models/<group>.json holds every Result of the group (what `dvc metrics show`
lists); data/processed/plots/<group>/*.csv the series behind its figures (what `dvc plots show`
renders). Both are written as one atomic set.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis import paths, precision
from analysis.data.load import Processed
from analysis.models.result import Result, dump
from analysis.models.result import load as load_results
from analysis.pipeline import atomic


def compute(group: str, config: dict, processed: Processed | None = None):
    # Imported here: chapters only load results, and need not pay for statsmodels at start-up.
    from analysis.models.studies import GROUPS

    if group not in GROUPS:
        raise KeyError(f"unknown model group {group!r}; known: {', '.join(GROUPS)}")
    return GROUPS[group](processed or Processed(), config)


def run(group: str, config: dict, out_dir: Path | None = None) -> dict[str, Result]:
    """One group, computed and written (its results file and plot tables as one set)."""
    return run_all({group: config}, out_dir)[group]


def run_all(configs: dict[str, dict], out_dir: Path | None = None) -> dict[str, dict[str, Result]]:
    """Every group computed first, then all their files written as one atomic set: a group that
    fails (a bad parameter, a missing indicator) leaves every group's previous outputs in place,
    not the ones computed before it rewritten."""
    out_dir = Path(out_dir or paths.PROCESSED)
    processed = Processed(out_dir)
    computed = {group: compute(group, config, processed) for group, config in configs.items()}
    files: dict[Path, str] = {}
    for group, (results, plots) in computed.items():
        files[out_dir / "models" / f"{group}.json"] = dump(results)
        for key, result in results.items():
            files[out_dir / "metrics" / group / f"{key}.json"] = metric(result)
        for name, frame in plots.items():
            files[out_dir / "plots" / group / f"{name}.csv"] = precision.to_csv(frame)
    atomic.write_files(files)
    for group in computed:  # a result that no longer exists leaves no metric behind
        for stale in set((out_dir / "metrics" / group).glob("*.json")) - set(files):
            stale.unlink()
    return {group: results for group, (results, _) in computed.items()}


METRIC_FIELDS = ("estimate", "ci_low", "ci_high", "pvalue", "n")


def metric(result: Result) -> str:
    """The numbers of one result, for `dvc metrics show` and `dvc metrics diff`.

    One small file per result, so that DVC's table has a row per result and a handful of
    columns (estimate, interval, p, n, how many warnings); the full result, with its method,
    assumptions and warnings in words, stays in data/processed/models/<group>.json.
    """
    d = result.to_dict()
    summary = {k: d[k] for k in METRIC_FIELDS if d.get(k) is not None}
    summary["warnings"] = d["n_warnings"]
    return json.dumps(summary, sort_keys=True) + "\n"


def load(group: str, folder: Path | None = None) -> dict[str, Result]:
    path = Path(folder or paths.PROCESSED) / "models" / f"{group}.json"
    return load_results(path.read_text(encoding="utf-8"))


def load_plot(group: str, name: str, folder: Path | None = None):
    """A table behind one of the group's plots."""
    import pandas as pd

    return pd.read_csv(Path(folder or paths.PROCESSED) / "plots" / group / f"{name}.csv")
