"""Cross-references between chapters: "§3.2" linked to the section of chapter 3 it names.

A section's number is its place among the chapter's second-level headings (analysis.publish.pdf
numbers them in that order), and the headings are the chapter notebook's own Markdown. So a link is
found from the notebook's script by the words the heading starts with, never typed as a number: a
heading renamed or moved changes the link, and a heading that no longer exists stops the build
with the chapter and the words it looked for.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote

from analysis import paths
from analysis.publish.pdf import chapter_number
from analysis.publish.report import Prose, prose


@cache
def sections(stem: str, folder: Path | None = None) -> tuple[str, ...]:
    """The second-level headings of chapter `stem`, in order, as written in its script: the lines
    `# ## …` of its `# %% [markdown]` cells. Read as text: a chapter's kernel need not import nbformat
    (and its JSON-schema validators, 0.2 s) to number its cross-references; a test finds the same
    headings in every script as the full py:percent reader."""
    found, markdown = [], False
    for line in ((folder or paths.NOTEBOOKS) / f"{stem}.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            markdown = line.startswith("# %% [markdown]")
        elif markdown and line.startswith("# ## "):
            found.append(line[5:].strip())
    return tuple(found)


def page(stem: str) -> str:
    """The chapter's reader page, from another chapter's page."""
    return f"../{quote(stem)}/{quote(stem)}.html"


def chapter(stem: str) -> Prose:
    """"Chapter 3", linked to the chapter."""
    return prose("[Chapter {}](" + page(stem) + ")", chapter_number(stem))


def section(stem: str, starts: str, folder: Path | None = None) -> Prose:
    """"§3.2", linked to the section of chapter `stem` whose heading starts with `starts`."""
    heads = sections(stem, folder)
    hits = [i for i, h in enumerate(heads, start=1) if h.startswith(starts)]
    if len(hits) != 1:
        raise LookupError(f"notebooks/{stem}.py: {len(hits)} second-level headings start with {starts!r} "
                          f"(headings: {', '.join(heads)})")
    number = chapter_number(stem)
    return prose("[§{}.{}](" + page(stem) + "#" + quote(f"{stem}-s{hits[0]}") + ")", number, hits[0])


def figure(stem: str, k: int) -> Prose:
    """"Figure 3.2", linked to the figure (its anchor is written by analysis.publish.figures)."""
    number = chapter_number(stem)
    return prose("[Figure {}.{}](" + page(stem) + f"#figure-{number}-{k})", number, k)
