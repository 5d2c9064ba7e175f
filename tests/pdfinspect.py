"""Read a PDF the way a reader's tools do: poppler for the text, pikepdf for labels, outline, links.

Shared by tests/publish/test_pdf.py (synthetic chapters) and tests/publish/test_render.py (the real study).
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pikepdf

MM = 72 / 25.4


def page_texts(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]  # pdftotext ends every page with a form feed


def words_past_right_margin(path: Path, margin_mm: float = 18, tolerance_pt: float = 1) -> list[tuple[int, str]]:
    """Words whose right edge lies in the right margin or off the page: a table or line too wide."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    found, page, width = [], 0, 0.0
    for line in out.splitlines():
        m = re.search(r'<page width="([\d.]+)"', line)
        if m:
            page, width = page + 1, float(m.group(1))
            continue
        m = re.search(r'xMax="([\d.]+)"[^>]*>(.*)</word>', line)
        if m and float(m.group(1)) > width - margin_mm * MM + tolerance_pt:
            found.append((page, html.unescape(m.group(2))))
    return found


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def page_labels(pdf: pikepdf.Pdf) -> list[str]:
    """The label a viewer shows for each page (only the /D and /r styles the study uses)."""
    nums = list(pdf.Root.PageLabels.Nums)
    starts = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    labels = []
    for i in range(len(pdf.pages)):
        start, style = [s for s in starts if s[0] <= i][-1]
        n = i - start + int(style.get("/St", 1))
        prefix = str(style.get("/P", ""))
        labels.append(prefix + (_roman(n) if style.S == "/r" else str(n)))
    return labels


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    items = []
    with pdf.open_outline() as o:
        def walk(nodes, level):
            for it in nodes:
                items.append((level, str(it.title), index[it.destination[0].objgen]))
                walk(it.children, level + 1)
        walk(o.root, 1)
    return items


def internal_links(pdf: pikepdf.Pdf) -> list[tuple[int, int, float]]:
    """(page index of the link, page index of its destination, top of the destination)."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    names = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        tree = list(pdf.Root.Names.Dests.Names)
        names = {str(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    links = []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            dest = annot.Dest
            if isinstance(dest, pikepdf.String):
                dest = names[str(dest)]
            links.append((i, index[dest[0].objgen], float(dest[3])))
    return links
