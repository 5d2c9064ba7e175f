"""Load the processed tables, typed, for the model stages and the chapters.

Everything downstream of the clean stage reads data/processed/ through here, never data/raw/,
so that what a chapter shows is what the validated pipeline produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis import paths

STRING_COLUMNS = {"commune_code": str, "insee_code": str, "period": str, "period_start": str,
                  "period_end": str, "date_iso": str, "horizon": str, "source_date": str}


def read(name: str, folder: Path | None = None) -> pd.DataFrame:
    path = Path(folder or paths.PROCESSED) / f"{name}.csv"
    return pd.read_csv(path, dtype=STRING_COLUMNS, keep_default_na=False, na_values=[""])


@dataclass
class Processed:
    folder: Path = paths.PROCESSED

    @cached_property
    def figures(self) -> pd.DataFrame:
        return read("figures", self.folder)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        return read("indicators", self.folder)

    @cached_property
    def communes(self) -> pd.DataFrame:
        return read("communes", self.folder)

    @cached_property
    def sources(self) -> pd.DataFrame:
        return read("sources", self.folder)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        return read("mentions", self.folder)

    @cached_property
    def crosswalk(self) -> pd.DataFrame:
        return read("crosswalk", self.folder)

    @cached_property
    def themes(self) -> pd.DataFrame:
        return read("themes", self.folder)

    @cached_property
    def conflicts(self) -> pd.DataFrame:
        return read("conflicts", self.folder)

    @cached_property
    def topics(self) -> pd.DataFrame:
        """Reports of related but different constructs, side by side (never reconciled)."""
        return read("topics", self.folder)

    def indicator(self, study: str, indicator: str, **key) -> pd.DataFrame:
        ind = self.indicators
        rows = ind[(ind["study"] == study) & (ind["indicator"] == indicator)]
        for col, value in key.items():
            rows = rows[rows[col].fillna("") == value]
        if rows.empty:
            raise KeyError(f"no indicator {study}.{indicator} {key}")
        return rows

    def value(self, study: str, indicator: str, **key) -> float:
        rows = self.indicator(study, indicator, **key)
        if len(rows) != 1:
            raise KeyError(f"{study}.{indicator} {key} matches {len(rows)} indicators; give more of the key")
        return float(rows["value"].iloc[0])

    def population(self, insee_code: str, year: int = 2011) -> int:
        c = self.communes.set_index("insee_code")
        return int(c.loc[insee_code, f"pmun_{year}"])
