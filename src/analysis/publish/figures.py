"""One look for every figure of the study, and figures that carry their caption and alt text.

Every chapter calls `start_chapter()` once (numbering, theme) and shows each figure through
`show()`, which embeds the PNG in an HTML <figure> with a numbered caption and alt text. The
same HTML serves the reader edition, the reviewer edition and the PDF, so captions cannot drift.
PNG metadata is stripped, so that two builds give identical bytes.

matplotlib takes most of a second to import, so it is imported only by notebooks that draw:
importing analysis.publish.plots applies the theme, and a chapter with tables only (the cleaning
stage, data and methods) never pays for it.
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

_counter = {"figure": 0, "table": 0, "chapter": None}


#: The study's theme: seaborn's "whitegrid" style at "notebook" scale with the palette above, as
#: plain matplotlib settings. Importing seaborn for one `set_theme` call cost every drawing process
#: 0.7 s (it brings scipy.stats); a test keeps these settings equal to what that call gives.
THEME = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 12.0, "axes.linewidth": 1.25, "axes.spines.right": False, "axes.spines.top": False,
    "axes.titlesize": 12.0, "axes.titleweight": "bold", "figure.dpi": DPI, "font.family": [FONT],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "font.size": 12.0, "grid.color": ".8", "grid.linewidth": 1.0, "legend.fontsize": 11.0,
    "legend.title_fontsize": 12.0, "lines.solid_capstyle": "round", "patch.edgecolor": "w",
    "patch.force_edgecolor": True, "savefig.dpi": DPI, "svg.hashsalt": "e-administration", "text.color": ".15",
    "xtick.bottom": False, "xtick.color": ".15", "xtick.labelsize": 11.0, "xtick.major.size": 6.0,
    "xtick.major.width": 1.25, "xtick.minor.size": 4.0, "xtick.minor.width": 1.0, "ytick.color": ".15",
    "ytick.labelsize": 11.0, "ytick.left": False, "ytick.major.size": 6.0, "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0, "ytick.minor.width": 1.0,
}


def apply_theme() -> None:
    """The study's theme, for every figure drawn after it."""
    import matplotlib

    matplotlib.use("Agg")
    from cycler import cycler

    matplotlib.rcParams.update(THEME)
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)


def start_chapter(number: int | None = None) -> None:
    """Restart figure and table numbering for chapter `number` (figures 3.1, 3.2 … in chapter 3,
    as the sections are numbered); restore the theme if figures are being drawn."""
    _counter.update(figure=0, table=0, chapter=number)
    if "matplotlib.pyplot" in sys.modules:
        apply_theme()


def next_number(kind: str) -> str:
    """The next figure or table number, with its chapter's number in front."""
    _counter[kind] += 1
    chapter = _counter["chapter"]
    return f"{_counter[kind]}" if chapter is None else f"{chapter}.{_counter[kind]}"


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


def relabel(fig) -> None:
    """Every text of a figure that is an identifier (a tick label, a legend entry) in the words of
    the codebook's labels: plots are drawn from the data's columns, readers see labels."""
    from analysis.publish import labels

    # No draw needed: an axis formats its tick labels (category names included) when asked for them.
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            names = [t.get_text() for t in axis.get_ticklabels()]
            words = [labels.term(n) for n in names]
            if words != names:
                axis.set_ticks(axis.get_ticklocs(), words)
        legend = ax.get_legend()
        for t in legend.get_texts() if legend is not None else ():
            t.set_text(labels.term(t.get_text()))


def show(fig, caption: str, alt: str) -> Figure:
    """Embed `fig` as a numbered figure: `caption` says what to see, `alt` describes it."""
    if not alt or not caption:
        raise ValueError("every figure needs a caption and an alt text")
    import matplotlib.pyplot as plt

    relabel(fig)
    number = next_number("figure")
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    plt.close(fig)
    label = f"Figure {number}."
    body = (f'<figure class="study-figure" id="figure-{number.replace(".", "-")}">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}">'
            f"<figcaption><strong>{label}</strong> {html.escape(caption)}</figcaption></figure>")
    return Figure(body, f"{label} {caption}")


def table_caption(text: str) -> str:
    return f"Table {next_number('table')}. {text}"
