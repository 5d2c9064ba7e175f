"""One look for every figure of the study, and figures that carry their caption and alt text.

Every chapter calls `start_chapter()` once (numbering, theme) and shows each figure through
`show()`, which embeds the PNG in an HTML <figure> with a numbered caption and alt text. The
same HTML serves the reader edition, the reviewer edition and the PDF, so captions cannot drift.
PNG metadata is stripped, so that two builds give identical bytes.

matplotlib and seaborn (which brings scipy.stats) take over a second to import, so they are
imported only by notebooks that draw: importing analysis.publish.plots applies the theme, and a chapter
with tables only (the cleaning stage, data and methods) never pays for them.
"""

from __future__ import annotations

import base64
import html
import io
import sys

from IPython.display import HTML

#: Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FONT = "DejaVu Sans"
DPI = 150

_counter = {"figure": 0, "table": 0}


def apply_theme() -> None:
    """The study's seaborn theme, for every figure drawn after it."""
    import matplotlib

    matplotlib.use("Agg")
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE,
                  rc={"font.family": FONT, "axes.titleweight": "bold", "figure.dpi": DPI,
                      "savefig.dpi": DPI, "svg.hashsalt": "e-administration", "axes.spines.right": False,
                      "axes.spines.top": False})


def start_chapter() -> None:
    """Restart figure and table numbering; restore the theme if figures are being drawn."""
    _counter.update(figure=0, table=0)
    if "seaborn" in sys.modules:
        apply_theme()


def next_number(kind: str) -> int:
    _counter[kind] += 1
    return _counter[kind]


def png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


class Figure(HTML):
    """An HTML figure whose text form is its caption (no memory address in the notebook)."""

    def __init__(self, data: str, caption: str):
        super().__init__(data)
        self.caption = caption

    def __repr__(self) -> str:
        return self.caption


def show(fig, caption: str, alt: str) -> Figure:
    """Embed `fig` as a numbered figure: `caption` says what to see, `alt` describes it."""
    if not alt or not caption:
        raise ValueError("every figure needs a caption and an alt text")
    import matplotlib.pyplot as plt

    number = next_number("figure")
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    plt.close(fig)
    label = f"Figure {number}."
    body = (f'<figure class="study-figure" id="figure-{number}">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
            f"<figcaption><strong>{label}</strong> {html.escape(caption)}</figcaption></figure>")
    return Figure(body, f"{label} {caption}")


def table_caption(text: str) -> str:
    return f"Table {next_number('table')}. {text}"
