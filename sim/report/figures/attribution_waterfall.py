"""Why a design differs, one figure per design: per outcome a waterfall from 0 through the
parts due to each mechanism, design assumption and lever, and the rest, to the total
difference from the reference (attribution.csv of `opzet compare --explain`)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.hover import interval, tip, unit_of
from sim.report.figures.style import colours, difference_axis, outcome_scale, wrap
from sim.report.texts import known, name_of, text
from sim.summary import MEASURES

TOTAL, REST = "total", "rest"
"""The rows of attribution.csv that are not parts (sim.attribution)."""
REST_COLOUR = "#BBBBBB"
COLUMNS = 2
"""Panels to a row: wide enough for an outcome's name as one Dutch word."""
_TOP = 1.0
"""Inches above the panels for the figure's title (sim.report.build) and the design."""


def attribution(data: ReportData, lang: str) -> dict[str, Figure] | None:
    """Per design, a waterfall per outcome: each part a bar from where the one above ended
    (its 95% interval at its end), then the rest, then the total from 0, in the design's
    colour; the parts in a lighter shade of it, the rest grey."""
    if data.attribution is None:
        return None
    colour = colours(data.designs)
    reference = name_of("design", data.reference, lang)
    figures = {}
    for design, rows in data.attribution.groupby("design", sort=False):
        totals = rows[(rows["part"] == TOTAL) & rows["mean"].notna()]
        outcomes = [o for o in dict.fromkeys(totals["outcome"]) if o in MEASURES]
        if not outcomes:
            continue
        order = [p for p in dict.fromkeys(rows["part"]) if p != TOTAL] + [TOTAL]
        columns = min(COLUMNS, len(outcomes))
        lines = math.ceil(len(outcomes) / columns)
        height = _TOP + lines * (0.55 * len(order) + 2.2)
        fig, axes = plt.subplots(lines, columns, figsize=(16, height), sharey=True,
                                 squeeze=False)
        for ax in axes.flat[len(outcomes):]:
            ax.set_visible(False)
        for ax, outcome in zip(axes.flat, outcomes, strict=False):
            cells = rows[rows["outcome"] == outcome].set_index("part")
            _waterfall(ax, cells, order, outcome_scale(outcome), colour[design],
                       lambda part, cells=cells: _name(part, cells, lang),
                       lambda *numbers, outcome=outcome: interval(
                           *numbers, unit_of(outcome, lang), lang))
            ax.set_yticks(range(len(order)), [wrap(_name(p, cells, lang), 30) for p in order])
            ax.set_ylim(len(order) - 0.5, -0.5)
            difference_axis(ax, outcome, lang, reference, (40, 50), 5)
        fig.text(0.01, 1 - 0.55 / height, name_of("design", design, lang), ha="left",
                 va="top", color=colour[design], fontweight="bold", fontsize=18)
        # the columns share the parts' names, so only a gap keeps the numbers under the
        # left panel's right edge apart from those under the right panel's left edge
        fig.tight_layout(rect=(0, 0, 1, 1 - _TOP / height), w_pad=10)
        figures[design] = fig
    return figures or None


def _name(part: str, cells, lang: str) -> str:
    """A part's name in `lang`; one the text table does not know (a newer version's) as
    attribution.csv labels it."""
    return text(f"part.{part}", lang) if known(f"part.{part}") else str(cells.loc[part, "label"])


def _waterfall(ax, cells, order: list[str], scale: float, colour: str, name, words) -> None:
    """The bars of one outcome, top to bottom in `order`, joined by dotted steps; `name`
    gives a part's name and `words(name, mean, low, high)` what a bar says when hovered."""
    end = 0.0
    for row, part in enumerate(order):
        if part not in cells.index or math.isnan(cells.loc[part, "mean"]):
            continue
        mean, low, high = (cells.loc[part, c] * scale for c in ("mean", "ci_low", "ci_high"))
        start = 0.0 if part == TOTAL else end
        shade = {TOTAL: (colour, 1.0), REST: (REST_COLOUR, 1.0)}.get(part, (colour, 0.5))
        bar = ax.barh(row, mean, left=start, height=0.62, color=shade[0], alpha=shade[1])
        tip(bar.patches, words(name(part), mean, low, high))
        if not math.isnan(low):
            ax.errorbar(start + mean, row, xerr=[[mean - low], [high - mean]], fmt="none",
                        ecolor="#222222", elinewidth=2, capsize=4)
        if part != TOTAL:
            end = start + mean
            ax.plot([end, end], [row, row + 1], color="#555555", linestyle=":", linewidth=1.2)
    ax.axvline(0, color="#555555", linewidth=1.5)
