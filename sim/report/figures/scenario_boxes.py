"""Scenario discovery (`opzet robustness`, sim.scenario_discovery): per question PRIM's
trade-off between coverage and density, the box kept as ranges of its parameters, and the
sample points in and around it."""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from sim.report.data import ReportData, Robustness
from sim.report.figures.style import OKABE_ITO, outcome_scale, outcome_unit, ticks, wrap
from sim.report.texts import name_of, number, text
from sim.robustness_analysis import WHEN

SHOWN = 6
"""Questions drawn at most (every box is in boxes.csv); the first ones with a box."""
PAIRS_SHOWN = 4
"""Questions in the pairs plot at most: a row of panels each."""
YES, NO = OKABE_ITO["vermillion"], "#999999"
STEP_COLOURS = [OKABE_ITO[c] for c in ("sky", "blue", "green", "orange", "purple", "black")]
"""A colour per number of restricted parameters on the peeling trajectory."""


def _questions(robustness: Robustness, most: int) -> list[pd.DataFrame]:
    """The PRIM rows of the first `most` questions whose box restricts some parameter."""
    boxes = robustness.boxes
    prim = boxes[(boxes["method"] == "prim") & (boxes["note"] == "")]
    found = [rows for _, rows in prim.groupby("question", sort=False)
             if rows["restricted"].astype(bool).any()]
    return found[:most]


def question_title(row, reference: str, lang: str) -> str:
    """A question in words: 'Team not better than Relay (current): court orders'."""
    return text(f"rob.question.{row.when}", lang, design=name_of("design", row.design, lang),
                reference=name_of("design", reference, lang),
                outcome=text(f"outcome.{row.outcome}", lang))


def _stats(row, lang: str) -> str:
    return text("rob.box_stats", lang, coverage=number(100 * row.coverage, lang, 0),
                density=number(100 * row.density, lang, 0))


def _grid(count: int, columns: int, height: float) -> tuple[Figure, list]:
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(17, height * rows + 1.2), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


def tradeoff(data: ReportData, lang: str) -> Figure | None:
    """Per question PRIM's peeling trajectory, density against coverage, coloured by the
    number of restricted parameters; the box kept ringed, CART's leaf a cross, the density
    threshold dashed."""
    if data.robustness is None or not (chosen := _questions(data.robustness, SHOWN)):
        return None
    robustness = data.robustness
    fig, axes = _grid(len(chosen), 2, 5.0)
    seen: set[int] = set()
    for ax, rows in zip(axes, chosen, strict=False):
        first = next(rows.itertuples())
        steps = robustness.trajectory[robustness.trajectory["question"] == first.question]
        ax.plot(100 * steps["coverage"], 100 * steps["density"], color="#BBBBBB", zorder=1)
        for dims, group in steps.groupby("res_dim"):
            seen.add(int(dims))
            ax.scatter(100 * group["coverage"], 100 * group["density"], s=50, zorder=2,
                       color=STEP_COLOURS[min(int(dims), len(STEP_COLOURS) - 1)])
        kept = steps[steps["chosen"].astype(bool)]
        ax.scatter(100 * kept["coverage"], 100 * kept["density"], s=380, facecolor="none",
                   edgecolor="#222222", linewidth=2.5, zorder=3)
        cart = robustness.boxes[(robustness.boxes["question"] == first.question)
                                & (robustness.boxes["method"] == "cart")].iloc[0]
        ax.scatter([100 * cart["coverage"]], [100 * cart["density"]], marker="X", s=170,
                   color="#222222", zorder=3)
        ax.axhline(100 * first.threshold, color="#555555", linestyle="--", linewidth=1.5)
        ax.set_title(wrap(question_title(first, robustness.reference, lang), 50), loc="left")
        ax.set_xlabel(text("rob.coverage", lang))
        ax.set_ylabel(text("rob.density", lang))
        ax.set_xlim(0, 103)
        ticks(ax, lang)
        ticks(ax, lang, "y")
        ax.grid(alpha=0.3)
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=9,
                      color=STEP_COLOURS[min(d, len(STEP_COLOURS) - 1)]) for d in sorted(seen)]
    labels = [text("rob.res_dim", lang, count=d) for d in sorted(seen)]
    handles += [Line2D([], [], marker="o", linestyle="none", markersize=16,
                       markerfacecolor="none", markeredgecolor="#222222", markeredgewidth=2.5),
                Line2D([], [], marker="X", linestyle="none", markersize=12, color="#222222"),
                Line2D([], [], color="#555555", linestyle="--")]
    labels += [text("rob.chosen", lang), text("rob.cart", lang), text("rob.threshold", lang)]
    rows = math.ceil(len(labels) / 4)
    fig.tight_layout(rect=(0, (0.4 * rows + 0.3) / fig.get_figheight(), 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=4, frameon=False)
    return fig


def box(data: ReportData, lang: str) -> Figure | None:
    """Per question the parameters the box kept restricts, each as a share of its range:
    grey the whole range, coloured the box, a black line CART's leaf; the limits in the
    parameter's unit at the ends."""
    if data.robustness is None or not (chosen := _questions(data.robustness, SHOWN)):
        return None
    robustness = data.robustness
    tallest = max(int(rows["restricted"].astype(bool).sum()) for rows in chosen)
    fig, axes = _grid(len(chosen), 2, 1.0 * tallest + 2.4)
    for ax, rows in zip(axes, chosen, strict=False):
        first = next(rows.itertuples())
        kept = rows[rows["restricted"].astype(bool)]
        cart = robustness.boxes[(robustness.boxes["question"] == first.question)
                                & (robustness.boxes["method"] == "cart")].set_index("parameter")
        for y, r in enumerate(kept.itertuples()):
            width = r.range_high - r.range_low
            low, high = (100 * (v - r.range_low) / width for v in (r.low, r.high))
            ax.barh(y, 100, color="#E6E6E6", height=0.55)
            ax.barh(y, high - low, left=low, color=YES, height=0.55)
            if r.parameter in cart.index:
                c = cart.loc[r.parameter]
                ax.plot([100 * (c["low"] - r.range_low) / width,
                         100 * (c["high"] - r.range_low) / width], [y + 0.4, y + 0.4],
                        color="#222222", linewidth=3, solid_capstyle="butt")
            for value, x, align in ((r.low, low, "right"), (r.high, high, "left")):
                ax.text(x + (-1 if align == "right" else 1), y - 0.38, _value(value, lang),
                        ha=align, va="bottom", fontsize=14)
        ax.set_yticks(range(len(kept)), [wrap(label, 28) for label in kept["label"]])
        ax.set_ylim(tallest - 0.4, -0.9)
        ax.set_xlim(-12, 112)
        ax.set_xticks([0, 50, 100])
        ax.set_title(wrap(question_title(first, robustness.reference, lang), 50) + "\n"
                     + _stats(first, lang), loc="left")
        ax.set_xlabel(text("rob.range_axis", lang))
        ticks(ax, lang)
    handles = [Rectangle((0, 0), 1, 1, color="#E6E6E6"), Rectangle((0, 0), 1, 1, color=YES),
               Line2D([], [], color="#222222", linewidth=3)]
    labels = [text("rob.whole_range", lang), text("rob.prim_box", lang),
              text("rob.cart", lang)]
    _legend_and_note(fig, handles, labels, lang)
    return fig


def _legend_and_note(fig: Figure, handles: list, labels: list[str], lang: str) -> None:
    """The legend under the panels, and under it the note on the parameters' names."""
    height = fig.get_figheight()
    fig.tight_layout(rect=(0, 1.3 / height, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=len(labels), frameon=False,
               bbox_to_anchor=(0.5, 0.45 / height))
    fig.text(0.01, 0.08 / height, text("rob.parameters_note", lang), fontsize=14)


def _value(value: float, lang: str) -> str:
    """A limit with three significant digits, as the reader's language writes numbers."""
    decimals = max(0, 2 - int(math.floor(math.log10(abs(value))))) if value else 0
    return number(value, lang, min(decimals, 4))


def pairs(data: ReportData, lang: str) -> Figure | None:
    """Per question (a row) the sample points in pairs of the box's restricted parameters
    (the three with the smallest quasi-p), yes filled, no open, the box a rectangle; with
    one restricted parameter, that one against the difference from the reference."""
    if data.robustness is None or not (chosen := _questions(data.robustness, PAIRS_SHOWN)):
        return None
    robustness = data.robustness
    fig, axes = plt.subplots(len(chosen), 3, figsize=(17, 4.8 * len(chosen) + 1.4),
                             squeeze=False)
    for line, rows in zip(axes, chosen, strict=True):
        first = next(rows.itertuples())
        kept = rows[rows["restricted"].astype(bool)].assign(
            qp=lambda f: f[["qp_low", "qp_high"]].min(axis=1)).sort_values("qp", kind="stable")
        kept = kept.set_index("parameter").iloc[:3]
        points = robustness.point_table
        mine = points[(points["design"] == first.design) & (points["outcome"] == first.outcome)
                      & (points["verdict"] != "")]
        yes = mine["verdict"].isin(WHEN[first.when])
        panels = list(itertools.combinations(kept.index, 2)) or [(kept.index[0], None)]
        for ax, (px, py) in zip(line, panels, strict=False):
            ys = mine["diff"] * outcome_scale(first.outcome) if py is None else mine[py]
            ax.scatter(mine.loc[~yes, px], ys[~yes], s=36, facecolor="none", edgecolor=NO,
                       linewidth=1.5)
            ax.scatter(mine.loc[yes, px], ys[yes], s=36, color=YES)
            x0, x1 = kept.loc[px, "low"], kept.loc[px, "high"]
            if py is None:
                ax.axvspan(x0, x1, color=YES, alpha=0.12)
                ax.axhline(0, color="#555555", linestyle=":", linewidth=2)
                ax.set_ylabel(wrap(text("axis.difference", lang, reference=name_of(
                    "design", robustness.reference, lang)) + " ("
                    + outcome_unit(first.outcome, lang) + ")", 34))
            else:
                y0, y1 = kept.loc[py, "low"], kept.loc[py, "high"]
                ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                                       edgecolor="#222222", linewidth=2.5))
                ax.set_ylabel(wrap(kept.loc[py, "label"], 30))
            ax.set_xlabel(wrap(kept.loc[px, "label"], 34))
            ticks(ax, lang)
            ticks(ax, lang, "y")
        for ax in line[len(panels):]:
            ax.set_visible(False)
        line[0].set_title(wrap(question_title(first, robustness.reference, lang), 60) + "; "
                          + _stats(first, lang), loc="left")
    handles = [Line2D([], [], marker="o", linestyle="none", color=YES, markersize=8),
               Line2D([], [], marker="o", linestyle="none", markerfacecolor="none",
                      markeredgecolor=NO, markersize=8),
               Rectangle((0, 0), 1, 1, fill=False, edgecolor="#222222", linewidth=2.5)]
    labels = [text("rob.yes", lang), text("rob.no", lang), text("rob.prim_box", lang)]
    _legend_and_note(fig, handles, labels, lang)
    return fig
