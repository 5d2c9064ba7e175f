"""Run one model group and write its outputs: the DVC metrics file and the plot tables.

data/processed/models/<group>.json holds every Result of the group (what `dvc metrics show`
lists); data/processed/plots/<group>/*.csv the series behind its figures (what `dvc plots show`
renders). Both are written as one atomic set.
"""

from __future__ import annotations

from pathlib import Path

from analysis import paths
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
    out_dir = Path(out_dir or paths.PROCESSED)
    results, plots = compute(group, config)
    files = {out_dir / "models" / f"{group}.json": dump(results)}
    for name, frame in plots.items():
        files[out_dir / "plots" / group / f"{name}.csv"] = frame.to_csv(
            index=False, float_format="%.10g", lineterminator="\n")
    atomic.write_files(files)
    return results


def load(group: str, folder: Path | None = None) -> dict[str, Result]:
    path = Path(folder or paths.PROCESSED) / "models" / f"{group}.json"
    return load_results(path.read_text(encoding="utf-8"))


def load_plot(group: str, name: str, folder: Path | None = None):
    """A table behind one of the group's plots."""
    import pandas as pd

    return pd.read_csv(Path(folder or paths.PROCESSED) / "plots" / group / f"{name}.csv")
