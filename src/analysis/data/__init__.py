"""Data in: the raw transcriptions read, validated, parsed and reconciled into data/processed/.

The flow is raw/ -> `validate` (every cell against the codebook) -> `parse` (French figures into
numbers) -> `reconcile` (reports of one indicator side by side) -> `clean` (the stage, written
atomically) -> `datapackage` (Frictionless descriptor). Downstream code reads data/processed/
through `load.Processed` only.
"""

from analysis.data.load import Processed, read

__all__ = ["Processed", "read"]
