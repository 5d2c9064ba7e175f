"""E-administration in French local government: data layer, models and chapters.

The package holds all logic; notebooks only call into it, so that every number a chapter
prints can be traced to a function that is tested.
"""

import sys

__version__ = "0.2.0"

# Start-up cost: jsonschema (imported by nbformat, papermill, nbconvert) loads the optional
# rfc3987_syntax package to check IRIs, which builds a Lark grammar for 1.2 s in every process.
# Nothing here validates IRIs, so the optional import is turned off (jsonschema then skips that
# one format check). Measured by benchmarks/bench.py: 1.9 s -> 0.5 s to import nbconvert & co.
sys.modules.setdefault("rfc3987_syntax", None)
