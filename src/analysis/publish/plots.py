"""The study's figures: one function per figure, every axis labelled with its unit.

Functions return a matplotlib Figure; chapters pass it to figures.show() with a caption that
says what to see and an alt text. Colours come from the study palette (figures.PALETTE);
importing this module applies the study theme.
"""

from __future__ import annotations

from analysis.publish.figures import PALETTE, apply_theme

apply_theme()  # before pyplot: the Agg backend and the study theme for every figure below

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter, PercentFormatter  # noqa: E402

PCT = PercentFormatter(xmax=1, decimals=0)
THOUSANDS = FuncFormatter(lambda v, _: f"{v:,.0f}")


def city_populations(cities: pd.DataFrame, highlight_col: str, label_hi: str, label_lo: str, year: int = 2011):
    """A dot per city at its municipal population (a log axis, so dots: a bar's length from an
    arbitrary origin would mean nothing), highlighted cities in the first colour."""
    pop = f"pmun_{year}"
    c = cities.sort_values(pop, kind="stable")
    fig, ax = plt.subplots(figsize=(7.5, 0.26 * len(c) + 1.2))
    colours = [PALETTE[0] if h else "#8C8C8C" for h in c[highlight_col]]
    ax.hlines(c["commune"], c[pop].min() / 1.5, c[pop], color="#E3E3E3", lw=1)
    ax.scatter(c[pop], c["commune"], color=colours, s=36, zorder=3)
    ax.set_xscale("log")
    ticks = [t for t in (1e5, 2e5, 5e5, 1e6, 2e6, 5e6) if c[pop].min() / 1.5 <= t <= c[pop].max() * 1.5]
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(THOUSANDS)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(f"Municipal population, {year} (inhabitants, log scale)")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour) for colour in (PALETTE[0], "#8C8C8C")]
    ax.legend(handles, [label_hi, label_lo], loc="lower right", fontsize=8)
    return fig


def score_scale(mean: float, top: float, scale: float, top_label: str):
    """Where the mean and the best city sit on the 0-to-scale sophistication scale."""
    fig, ax = plt.subplots(figsize=(7.5, 1.9))
    ax.hlines(0, 0, scale, color="#888", lw=2)
    for level in range(int(scale) + 1):
        ax.vlines(level, -0.08, 0.08, color="#888")
    ax.plot([mean], [0], "o", ms=11, color=PALETTE[0], label="mean of the cities")
    ax.plot([top], [0], "D", ms=9, color=PALETTE[1], label=top_label)
    ax.set_xlim(-0.2, scale + 0.2)
    ax.set_ylim(-0.5, 0.6)
    ax.set_yticks([])
    ax.set_xlabel(f"Sophistication score (0 = no information online, {scale:g} = fully online with payment)")
    ax.legend(loc="upper right", ncol=2, fontsize=8, frameon=False)
    ax.grid(False)
    return fig


def interval_forest(rows: pd.DataFrame, label: str, value: str, lo: str, hi: str, *,
                    lo2: str | None = None, hi2: str | None = None, xlabel: str, legend: tuple[str, str]):
    """Point estimates with intervals (and optional wider bounds behind them), one row each."""
    r = rows.reset_index(drop=True)
    y = np.arange(len(r))[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(r) + 1.3))
    if lo2 and hi2:
        ax.hlines(y, r[lo2], r[hi2], color="#C9C9C9", lw=6, label=legend[1])
    ax.hlines(y, r[lo], r[hi], color=PALETTE[0], lw=2.2, label=legend[0])
    ax.plot(r[value], y, "o", color=PALETTE[0], ms=5)
    ax.set_yticks(y, r[label], fontsize=8)
    ax.xaxis.set_major_formatter(PCT)
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right", fontsize=8)
    return fig


def n_sensitivity(table: pd.DataFrame, indicators: list[str]):
    """Interval width against the assumed n, for a few shares."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    from analysis.publish import labels

    for i, ind in enumerate(indicators):
        # One band per indicator, over all decision makers: a subgroup's share (communes and
        # intercommunalités) is another series, and drawing it on the same line made it zigzag.
        t = table[table["indicator"] == ind]
        if "subgroup" in t and (t["subgroup"] == "all").any():
            t = t[t["subgroup"] == "all"]
        t = t.sort_values("n", kind="stable")
        ax.fill_between(t["n"], t["ci_low"], t["ci_high"], color=PALETTE[i], alpha=0.18)
        ax.plot(t["n"], t["value"], color=PALETTE[i], lw=1.5, label=labels.term(ind, "indicator"))
    ax.yaxis.set_major_formatter(PCT)
    ax.set_xlabel("Assumed number of decision makers who answered (not published)")
    ax.set_ylabel("Share of decision makers")
    ax.legend(fontsize=8, loc="lower right")
    return fig


def rollout(table: pd.DataFrame, per_100k: bool):
    lo, hi = ("per_100k_low", "per_100k_high") if per_100k else ("low", "high")
    t = table.sort_values("population", kind="stable")
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    y = np.arange(len(t))
    ax.hlines(y, t[lo], t[hi], color=PALETTE[0], lw=6)
    ax.plot((t[lo] + t[hi]) / 2, y, "|", color="black", ms=14)
    ax.set_yticks(y, [f"{c} ({p:,.0f})" for c, p in zip(t["commune"], t["population"], strict=True)])
    ax.set_xlabel("New e-services per year per 100,000 inhabitants" if per_100k else "New e-services per year")
    ax.set_xlim(left=0)
    return fig


def reference_sensitivity(table: pd.DataFrame, central: str):
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    x = pd.to_datetime(table["reference_date"])
    ax.fill_between(x, table["low"], table["high"], color=PALETTE[1], alpha=0.3, label="range of the plan")
    ax.plot(x, (table["low"] + table["high"]) / 2, "o-", color=PALETTE[1])
    ax.axvline(pd.Timestamp(central), color="#555", ls="--", lw=1, label="central assumption")
    ax.set_xlabel("Assumed date the plan was stated (not published)")
    ax.set_ylabel("New e-services per year")
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    return fig


def trend(plot: pd.DataFrame, *, ylabel: str, share: bool, projection: dict | list | None = None, label: str = ""):
    obs = plot[plot["kind"] == "observed"]
    fit = plot[plot["kind"] == "fitted"]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    ax.plot(obs["x"], obs["y"], "o", color=PALETTE[0], ms=7, label="observed")
    if len(fit):
        ax.plot(fit["x"], fit["y"], "-", color=PALETTE[1], lw=1.8, label="fitted")
    # A projection is never drawn without its interval; several (label, projection) pairs show the
    # model uncertainty between growth paths.
    projections = [("projection", projection)] if isinstance(projection, dict) else list(projection or [])
    for i, (name, p) in enumerate(projections):
        ax.errorbar([p["x"] + 0.15 * i], [p["mean"]], yerr=[[p["mean"] - p["ci_low"]], [p["ci_high"] - p["mean"]]],
                    fmt="s", color=PALETTE[(3 + i) % len(PALETTE)], capsize=4, label=f"{name} (95% interval)")
    if share:
        ax.yaxis.set_major_formatter(PCT)
    else:
        ax.yaxis.set_major_formatter(THOUSANDS)
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="best")
    if label:
        ax.set_title(label, fontsize=10, loc="left")
    return fig


def tiers(table: pd.DataFrame, studies: list[str]):
    """Domain positions in each study (1 = most advanced), side by side."""
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    x = np.arange(len(table))
    width = 0.8 / len(studies)
    for i, s in enumerate(studies):
        ax.bar(x + i * width - 0.4 + width / 2, table[s], width, color=PALETTE[i], label=_study_label(s))
    ax.set_xticks(x, table["common_domain"].str.replace("_", " "), fontsize=8)
    ax.set_ylabel("Position (1 = most advanced, 3 = least)")
    ax.set_ylim(0, 3.4)
    ax.invert_yaxis()
    ax.legend(fontsize=8)
    return fig


def _study_label(study: str) -> str:
    from analysis.publish import labels

    return labels.term(study, "study")


def timeline(events: pd.DataFrame, start: int, end: int):
    """Dated facts on e-administration maturity, one row per study or series."""
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * events["series"].nunique() + 1.4))
    series = list(dict.fromkeys(events["series"]))
    for i, s in enumerate(series):
        e = events[events["series"] == s]
        ax.plot(e["x"], [i] * len(e), "o", color=PALETTE[i % len(PALETTE)], ms=7)
    from matplotlib.ticker import MaxNLocator

    from analysis.publish import labels

    ax.set_yticks(range(len(series)), [labels.study_name(s) for s in series], fontsize=8)
    ax.set_xlim(start - 0.5, end + 1)  # a period is placed at its middle: the last year's dots reach end + 0.5
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Year of the observation")
    ax.invert_yaxis()
    return fig


def size_gradient(shares: dict[str, float], labels: list[str]):
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    keys = list(shares)
    ax.bar(range(len(keys)), [shares[k] for k in keys], color=[PALETTE[0], "#B8B8B8", PALETTE[0]][: len(keys)])
    ax.set_xticks(range(len(keys)), labels, fontsize=8)
    ax.yaxis.set_major_formatter(PCT)
    ax.set_ylim(0, 1)
    ax.set_ylabel("Programmes where digital is an argument")
    return fig


def extrapolation_test(plot: pd.DataFrame, check: dict, *, ylabel: str):
    """A series' points, and the line once drawn through its first ones (straight on the logit
    scale, so a curve here) extended with its 95% prediction band to the later points and the
    horizon: the test of an old extrapolation."""
    obs = plot[plot["kind"] == "observed"]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    rows = check["checks"] + [check["horizon"]]
    first_x = float(obs["x"].min())
    xs = [first_x] + [r["x"] for r in rows]
    curve, band = check["curve"], check["band"]
    ax.plot(curve["x"], curve["y"], "--", color=PALETTE[1], lw=1.5, label="line through the first waves")
    ax.fill_between(band["x"], band["low"], band["high"], color=PALETTE[1], alpha=0.15,
                    label="its 95% prediction band")
    ax.plot(obs["x"], obs["y"], "o", color=PALETTE[0], ms=7, label="observed")
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PCT)
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8, loc="lower left")
    return fig
