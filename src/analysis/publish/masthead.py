"""What every page of the study shares, on screen and in print: its title, footer and stylesheet.

Kept apart from render.py so that the book stage, which only assembles pages, does not import
nbconvert to learn the study's title.
"""

from __future__ import annotations

from importlib import resources as ir
from pathlib import Path

TEMPLATES = Path(str(ir.files("analysis.publish") / "templates"))
STUDY_TITLE = "E-administration in French local government"
#: The PDF's document metadata (as in CITATION.cff, which a test keeps in step).
AUTHOR = "e-administration notebooks contributors"
SUBJECT = ("How far French cities and collectivités took their online services: four studies (Lecko 2014, "
           "Pierre Audouin Consultants c. 2012, Les Interconnectés / Kurt Salmon 2012, Markess c. 2017) "
           "and public series, with their uncertainty")
KEYWORDS = "e-administration, e-government, local government, France, collectivités, reproducible research"
FOOTER = ("Figures transcribed from public press reports, each with its source (listed in the Sources "
          "appendix); numbers in the text are computed from the data. Code: MIT. Data: CC BY 4.0.")


def study_css() -> str:
    return (TEMPLATES / "study.css").read_text(encoding="utf-8")
