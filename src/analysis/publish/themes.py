"""What a study found, in words, before its numbers: the opening of every study chapter, the table of
drivers and barriers across studies, and citations that link to the bibliography.

Everything shown comes from data: the statements are the codebook's descriptions of the codes the
sources were coded with (the project's words, never the articles' sentences), and each carries the
author–date citation of every document that made it, linked to its entry in the Sources appendix.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
from IPython.display import Markdown

from analysis.data import themes as coded
from analysis.data.codebook import Codebook
from analysis.data.codebook import load as load_codebook
from analysis.publish import labels
from analysis.publish.report import Prose, prose, text

#: Where the bibliography is, from any chapter page (reports/chapters/<stem>/<stem>.html).
BIBLIOGRAPHY = "../70_methods/70_methods.html"

#: The lead-in of each kind of statement, as a chapter tells them.
LEADS = {
    "method": "How the study was made",
    "finding": "What it found",
    "motivation": "Why collectivités wanted online services",
    "strategy": "How they roll services out",
    "driver": "What pushed them forward",
    "barrier": "What held them back",
    "success_factor": "What makes a programme succeed",
    "priority": "What it puts first",
}


#: A role of the synthesis (analysis.data.themes.ROLE) as a verb phrase about the collectivités.
ROLE_PHRASE = {"drove": "drove them", "held back": "held them back", "helped succeed": "helped them succeed"}


def source_link(source_id: str) -> Prose:
    """The author–date citation of a source, linked to its entry in the bibliography."""
    return prose("[{}](" + BIBLIOGRAPHY + "#src-" + quote(str(source_id), safe="") + ")", labels.cite(source_id))


def citations(source_ids) -> Prose:
    """Several sources, each linked, in the order given, a source named twice kept once (every
    document has its own citation: one outlet's documents of a year carry letters, 2018a, 2018b)."""
    seen: dict[str, Prose] = {}
    for s in source_ids:
        seen.setdefault(labels.cite(s), source_link(s))
    return Prose("; ".join(seen.values()))


def _short(book: Codebook, code: str) -> str:
    label = book.vocabularies.get("theme_code", {}).get(code) or labels.humanise(code)
    first = label.split(" ", 1)[0]
    # "Open data", not "open data" mid-sentence; an acronym or a name (FranceConnect) keeps its capitals.
    return label if first[1:2].isupper() or any(ch.isupper() for ch in first[1:]) else label[:1].lower() + label[1:]


def opening_markdown(themes: pd.DataFrame, study: str, book: Codebook | None = None) -> Prose:
    """The study's coded statements as Markdown: a paragraph of priorities, a list for every other
    kind of statement, each item with its linked citations."""
    book = book or load_codebook()
    rows = coded.of_study(themes, study, book)
    if rows.empty:
        return prose("The press reports of this study were not coded into statements.")
    blocks = []
    for theme, g in rows.groupby("theme", sort=False):
        lead = LEADS.get(theme, labels.term(theme, "theme"))
        if theme == "priority":
            # Priorities are grouped by the reports that state them, each group cited on its own: a
            # later edition quoted elsewhere is not folded into the study's own list.
            groups: dict[tuple, list[str]] = {}
            for r in g.itertuples():
                groups.setdefault(tuple(r.sources), []).append(str(text(_short(book, r.code))))
            parts = []
            for sources, names in groups.items():
                items = "; ".join(names)
                parts.append(prose("{} ({}).", Prose(items[:1].upper() + items[1:]), citations(sources)))
            blocks.append(prose("**{}.** {}", lead, Prose(" ".join(parts))))
            continue
        lines = [prose("- {} ({})", r.description.rstrip("."), citations(r.sources)) + "." for r in g.itertuples()]
        blocks.append(prose("**{}.**", lead) + "\n\n" + "\n".join(lines))
    return Prose("\n\n".join(blocks))


def opening(themes: pd.DataFrame, study: str, book: Codebook | None = None) -> Markdown:
    """Display what the study's sources said it did and found (see opening_markdown)."""
    return Markdown(opening_markdown(themes, study, book))


def families_table(themes: pd.DataFrame, book: Codebook | None = None) -> pd.DataFrame:
    """Drivers and barriers across studies, for a table: the family, what it did, the studies
    that name it (labels), how many statements, and the sources as author–date citations."""
    book = book or load_codebook()
    t = coded.across_studies(themes, book)
    return pd.DataFrame({
        "Family": t["label"],
        "Role": t["role"],
        "Named by": [", ".join(labels.term(s, "study") for s in studies) for studies in t["studies"]],
        "Studies": [len(studies) for studies in t["studies"]],
        "Statements": t["statements"],
        "Sources": ["; ".join(dict.fromkeys(labels.cite(s) for s in src)) for src in t["sources"]],
    })
