"""Stage commands for the chapters and the whole study (called by dvc.yaml).

`chapter`: execute one chapter notebook with its params.yaml section, then write its executed
copy, reader and reviewer HTML, PDF and key findings, all in one process and as one atomic set:
a failing cell leaves every previous edition in place.
`book`: the whole-study PDF (title page, contents, every chapter) and the landing page.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analysis import params as params_mod
from analysis import paths, precision
from analysis.pipeline import atomic
from analysis.publish.pdf import LayoutError

# nbformat, papermill and nbconvert are imported by the chapter command only: the book stage,
# which reruns after every chapter, only assembles pages and should start in a blink.

CHAPTERS_DIR = paths.REPORTS / "chapters"


def chapter_stem(notebook: Path) -> str:
    return Path(notebook).stem


def render_chapter(nb, stem: str) -> dict[Path, bytes | str]:
    import nbformat

    from analysis.publish.render import ReaderHTMLExporter, ReviewerHTMLExporter, StudyPDFExporter, chapter_title
    from analysis.publish.report import extract_findings

    out = CHAPTERS_DIR / stem
    res = {"study_stem": stem}
    reader, _ = ReaderHTMLExporter().from_notebook_node(nb, dict(res))
    reviewer, _ = ReviewerHTMLExporter().from_notebook_node(nb, dict(res))
    pdf, _ = StudyPDFExporter().from_notebook_node(nb, dict(res, study_reader_html=reader))
    findings = dict(extract_findings(nb) or {"chapter": stem, "findings": []})  # a copy: nb stays as executed
    findings["title"] = chapter_title(nb)
    findings["stem"] = stem
    return {
        out / f"{stem}.ipynb": nbformat.writes(nb) + "\n",
        out / f"{stem}.html": reader,
        out / f"{stem}.reviewer.html": reviewer,
        out / f"{stem}.pdf": pdf,
        out / "findings.json": json.dumps(precision.tree(findings), ensure_ascii=False, indent=2,
                                          sort_keys=True) + "\n",
    }


def chapter(notebook: Path, section: str) -> list[Path]:
    from analysis.pipeline.runner import execute

    nb = execute(notebook, params_mod.section(section))
    return atomic.write_files(render_chapter(nb, chapter_stem(notebook)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("chapter", help="execute and render one chapter")
    c.add_argument("notebook", type=Path)
    c.add_argument("--section", required=True)
    sub.add_parser("book", help="whole-study PDF and landing page")
    args = ap.parse_args(argv)
    try:  # the whole params.yaml is checked before any work (a chapter then takes its section)
        params_mod.check()
    except params_mod.ParamsError as exc:
        print(f"stage not run:\n{exc}", file=sys.stderr)
        return 1
    for folder in (paths.PROCESSED, paths.REPORTS):
        atomic.remove_stale_temporaries(folder)  # left by a killed run; targets are never half-written
    failures: tuple[type[Exception], ...] = (LayoutError, atomic.WriteFailed)
    try:
        if args.command == "chapter":
            from analysis.pipeline.runner import NotebookFailed
            failures += (NotebookFailed,)
            written = chapter(args.notebook, args.section)
        else:
            from analysis.publish.book import build_book
            written = build_book()
    except failures as exc:
        print(f"stage failed: {exc}", file=sys.stderr)
        return 1
    for p in written:
        print(f"wrote {p.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
