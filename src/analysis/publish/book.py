"""The whole study: one PDF of every chapter, and the landing page readers open first.

Both are built from what the chapter stages rendered (their PDFs, their key findings), so they
never re-execute or re-lay out anything and always show exactly what the chapter pages show.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from analysis import paths
from analysis.pipeline import atomic
from analysis.publish import pages
from analysis.publish.masthead import FOOTER, STUDY_TITLE, study_css
from analysis.publish.pdf import FrontMatter, LayoutError, chapter_number, study_pdf
from analysis.publish.site import site_js

CHAPTERS = paths.REPORTS / "chapters"
FRONT = paths.REPORTS / "pipeline" / "study-front"  # .html and .pdf: the study's title page and contents

SUBTITLE = ("Lecko (2014), Pierre Audouin Consultants (c. 2012), Les Interconnectés / Kurt Salmon (2012) and "
            "Markess (c. 2017): what the public reports say, with their uncertainty")


def chapter_dirs(folder: Path = CHAPTERS) -> list[Path]:
    """Rendered chapters in study order; two chapters claiming one number is an error."""
    found = sorted((p for p in folder.iterdir() if p.is_dir() and (p / "findings.json").is_file()),
                   key=lambda p: chapter_number(p.name))
    numbers = [chapter_number(p.name) for p in found]
    clash = sorted({n for n in numbers if numbers.count(n) > 1})
    if clash:
        raise LayoutError(f"{folder}: several chapters have number {clash}: "
                         + ", ".join(p.name for p in found if chapter_number(p.name) in clash))
    return found


def findings(folder: Path = CHAPTERS) -> list[dict]:
    return [json.loads((p / "findings.json").read_text(encoding="utf-8")) for p in chapter_dirs(folder)]


#: SPDX identifiers (CITATION.cff) as readers write them.
LICENCE_NAMES = {"MIT": "MIT", "CC-BY-4.0": "CC BY 4.0"}


def citation(path: Path | None = None) -> dict:
    """Authors, version, date, licences and the reference to cite, from CITATION.cff."""
    import yaml

    cff = yaml.safe_load((path or paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
                        for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    licences = [LICENCE_NAMES.get(code, code) for code in licences]
    return {"authors": authors, "version": str(cff["version"]), "date": str(cff["date-released"]),
            "licences": licences, "title": cff["title"],
            "reference": f"{authors} ({year}). {cff['title']} (version {cff['version']}) [Data set and study]."}


def landing_page(items: list[dict]) -> str:
    """The page readers open first: every chapter's key findings (escaped) and its editions, how
    to cite the study, its data, and the search across chapters."""
    return pages.render("book/index.html.j2", title=STUDY_TITLE, subtitle=SUBTITLE, footer=FOOTER, chapters=items,
                        cite=citation(), study_css=Markup(study_css()), book_css=pages.stylesheet("book/book.css"))


def build_book() -> list[Path]:
    items = findings()
    if not items:
        raise FileNotFoundError("no rendered chapter under reports/chapters/: run the chapter stages first")
    chapters = [(f"{f['stem']}.pdf", (CHAPTERS / f["stem"] / f"{f['stem']}.pdf").read_bytes()) for f in items]
    meta = Markup("Reproducible with one command from the project's repository; every number is computed from "
                  "the processed data. "
                  "Pages are numbered by chapter: 3–2 is page 2 of chapter 3, and S–1 the first page of the summary.")
    study = study_pdf(STUDY_TITLE, SUBTITLE, meta, chapters, previous_front())
    site = site_js([(f["stem"], CHAPTERS / f["stem"] / f"{f['stem']}.html") for f in items])
    return atomic.write_files({
        paths.REPORTS / "study.pdf": study.pdf,
        paths.REPORTS / "site.js": site,
        paths.REPORTS / "index.html": landing_page(items),
        FRONT.with_suffix(".html"): study.front.html,
        FRONT.with_suffix(".pdf"): study.front.pdf,
    })


def previous_front() -> FrontMatter | None:
    """The front matter the last build laid out (kept in reports/pipeline/), if both files are there."""
    html_file, pdf_file = FRONT.with_suffix(".html"), FRONT.with_suffix(".pdf")
    if not (html_file.is_file() and pdf_file.is_file()):
        return None
    return FrontMatter(html_file.read_text(encoding="utf-8"), pdf_file.read_bytes())
