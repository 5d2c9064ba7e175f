"""What a chapter says in prose: sentences built from results, and its key findings.

Chapters print numbers only through these helpers (and analysis.publish.fmt), so no figure is ever typed
into markdown. Key findings are displayed in the chapter and also carried, as JSON, in the
executed notebook, from where the landing page collects them.
"""

from __future__ import annotations

from IPython.display import Markdown

from analysis.models.result import Result

FINDINGS_MIME = "application/x.study-findings+json"


class Findings:
    def __init__(self, chapter: str, items: list[str]):
        self.chapter = chapter
        self.items = list(items)

    def _repr_mimebundle_(self, include=None, exclude=None):
        md = "**Key findings**\n\n" + "\n".join(f"- {i}" for i in self.items)
        return {"text/markdown": md, FINDINGS_MIME: {"chapter": self.chapter, "findings": self.items}}

    def __repr__(self) -> str:
        return "Key findings: " + " / ".join(self.items)


def key_findings(chapter: str, items: list[str]) -> Findings:
    return Findings(chapter, items)


def say(text: str) -> Markdown:
    return Markdown(text)


def warnings_note(result: Result) -> str:
    """The warnings of a result as a sentence ('' when there are none)."""
    if not result.warnings:
        return ""
    return " Caveats: " + "; ".join(result.warnings) + "."


def extract_findings(nb) -> dict | None:
    """The key findings an executed chapter displayed, or None."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if FINDINGS_MIME in data:
                return data[FINDINGS_MIME]
    return None


__all__ = ["key_findings", "say", "warnings_note", "extract_findings"]
