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

# nbformat, papermill and nbconvert are imported by the chapter command only: the book stage,
# which reruns after every chapter, only assembles pages and should start in a blink.

CHAPTERS_DIR = paths.REPORTS / "chapters"


def chapter_stem(notebook: Path) -> str:
    return Path(notebook).stem


def _exporters() -> dict:
    from analysis.publish.render import ReaderHTMLExporter, ReviewerHTMLExporter, StudyPDFExporter

    return {"reader": ReaderHTMLExporter(), "reviewer": ReviewerHTMLExporter(), "pdf": StudyPDFExporter()}


def warm_up(stem: str) -> dict:
    """The exporters, having rendered a one-heading notebook as the reader edition and the PDF: their
    templates compiled, nbconvert and WeasyPrint imported, fonts loaded. Done in the renderer process
    while the kernel runs the chapter, it takes about a second off every chapter stage. The same
    instances render the chapter; an exporter keeps no state from one notebook to the next."""
    import nbformat

    found = _exporters()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Warm-up\n\n## A section\n\nText.")])
    res = {"study_stem": stem}
    reader, _ = found["reader"].from_notebook_node(nb, dict(res))
    # Not the reviewer edition: it is rendered beside the PDF, which takes longer, so its first
    # render is not waited for; the warm-up is, when a chapter's cells finish first.
    found["pdf"].from_notebook_node(nb, dict(res, study_reader_html=reader))
    return found


#: What the forked PDF process lays out: (exporter, notebook, resources), inherited at the fork
#: rather than pickled (an exporter cannot be).
_FORKED: tuple = ()


def _forked_pdf() -> bytes:
    exporter, nb, resources = _FORKED
    return exporter.from_notebook_node(nb, resources)[0]


def render_chapter(nb, stem: str, exporters: dict | None = None) -> dict[Path, bytes | str]:
    """Every edition of one chapter. The PDF (the longest) is laid out in a forked process while this
    one renders the reviewer edition: two cores, the same code, the same bytes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import nbformat

    from analysis.publish.render import chapter_title
    from analysis.publish.report import extract_findings

    ex = exporters or _exporters()
    out = CHAPTERS_DIR / stem
    res = {"study_stem": stem}
    reader, _ = ex["reader"].from_notebook_node(nb, dict(res))
    global _FORKED
    _FORKED = (ex["pdf"], nb, dict(res, study_reader_html=reader))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pdf = pool.submit(_forked_pdf)  # the worker is forked here, with _FORKED set
        reviewer, _ = ex["reviewer"].from_notebook_node(nb, dict(res))
        pdf = pdf.result()
    _FORKED = ()
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


#: The renderer process's exporters, warmed up while the kernel runs (None if that failed: the
#: render then makes its own and raises whatever made the warm-up fail).
_WARM: dict | None = None


def _warm_renderer(stem: str) -> None:
    global _WARM
    try:
        _WARM = warm_up(stem)
    except Exception:  # noqa: BLE001 (reported by the render itself, with its real message)
        _WARM = None


def _render_in_worker(nb, stem: str) -> dict[Path, bytes | str]:
    return render_chapter(nb, stem, _WARM)


def chapter(notebook: Path, section: str, launched) -> list[Path]:
    """Execute and render one chapter. The renderer is a process forked first: it imports nbconvert
    and WeasyPrint and renders a one-heading notebook while the kernel runs the chapter, on the
    other core and without taking this process's interpreter lock from the cell messages. The
    kernel was `launched` by the caller, as early as it could (runner.launch)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from analysis.pipeline.runner import execute

    stem = chapter_stem(notebook)
    try:
        # papermill before the fork: nbformat, jupyter_client and traitlets, which the renderer's
        # nbconvert imports too, are then imported once for both processes (0.2 s less CPU while
        # the kernel starts).
        import papermill  # noqa: F401

        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_warm_renderer, initargs=(stem,)) as renderer:
            renderer.submit(int)  # forks the renderer now
            nb = execute(notebook, params_mod.section(section), launched=launched)
            files = renderer.submit(_render_in_worker, nb, stem).result()
    finally:
        launched.discard()  # stopped by `execute` already, unless something failed before
    return atomic.write_files(files)


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
    launched = None
    if args.command == "chapter":  # the kernel first: it starts while this process imports the rest
        from analysis.pipeline.runner import chapter_preload, launch
        launched = launch(args.notebook.resolve().parent, chapter_preload(args.notebook))
    from analysis.publish.pdf import LayoutError

    failures: tuple[type[Exception], ...] = (LayoutError, atomic.WriteFailed)
    try:
        if args.command == "chapter":
            from analysis.pipeline.runner import NotebookFailed
            failures += (NotebookFailed,)
            written = chapter(args.notebook, args.section, launched)
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
    from analysis.pipeline.runner import exit_now

    exit_now(main())
