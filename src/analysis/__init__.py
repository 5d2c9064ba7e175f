"""E-administration in French local government: data layer, models and chapters.

The package holds all logic; notebooks only call into it, so that every number a chapter
prints can be traced to a function that is tested.
"""

__version__ = "0.1.0"
