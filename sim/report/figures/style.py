"""How every figure of the report looks: projector-sized text, a colour-blind-safe palette
in which a design keeps its colour, outcomes in their units, numbers as the reader's
language writes them, panels in a grid and the designs' legend under them."""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.designs import CATALOGUE
from sim.report.texts import UNIT_KEYS, number, text
from sim.summary import MEASURES

STYLE = {"font.size": 15, "axes.titlesize": 16, "axes.labelsize": 15, "xtick.labelsize": 14,
         "ytick.labelsize": 14, "legend.fontsize": 14, "figure.titlesize": 18,
         "axes.spines.top": False, "axes.spines.right": False, "svg.fonttype": "none",
         "figure.dpi": 100, "savefig.bbox": "tight"}
"""Projector-sized text: nothing below 14 pt."""

OKABE_ITO = {"black": "#000000", "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73",
             "purple": "#CC79A7", "sky": "#56B4E9", "vermillion": "#D55E00",
             "yellow": "#F0E442"}
DESIGN_COLOURS = {design.name: design.colour for design in CATALOGUE}
"""The built-in designs' fixed colours; designs from scenario files get the others in turn."""


def colours(designs: list[str]) -> dict[str, str]:
    """A colour per design: the built-in ones fixed, others from what is left, in order."""
    fixed = {d: OKABE_ITO[DESIGN_COLOURS[d]] for d in designs if d in DESIGN_COLOURS}
    spare = [c for name, c in OKABE_ITO.items()
             if name not in ("yellow",) and c not in fixed.values()] + ["#888888"] * len(designs)
    rest = iter(spare)
    return {d: fixed.get(d) or next(rest) for d in designs}


def outcome_scale(outcome: str) -> float:
    """Shares are shown as percentages."""
    return 100.0 if MEASURES[outcome].unit == "share" else 1.0


def outcome_unit(outcome: str, lang: str) -> str:
    """The unit an outcome is shown in, in words of `lang`."""
    return text(UNIT_KEYS[MEASURES[outcome].unit], lang)


def ticks(ax, lang: str, axis: str = "x") -> None:
    """Numbers on an axis as a reader of `lang` writes them."""
    def tick(value: float, _position: int) -> str:
        decimals = 0 if float(value).is_integer() else (1 if abs(value * 10 % 1) < 1e-9 else 2)
        return number(value, lang, decimals)
    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(tick))


def difference_axis(ax, outcome: str, lang: str, reference: str,
                    widths: tuple[int, int], tick_count: int) -> None:
    """A panel of differences from `reference` on `outcome`: its name as the title, the
    difference and its unit under the axis (wrapped at `widths` characters: title,
    label), at most `tick_count` ticks in the reader's numbers, a light grid."""
    ax.set_title(wrap(text(f"outcome.{outcome}", lang), widths[0]), loc="left")
    ax.set_xlabel(wrap(text("axis.difference", lang, reference=reference) + " ("
                       + outcome_unit(outcome, lang) + ")", widths[1]))
    ax.xaxis.set_major_locator(MaxNLocator(tick_count))
    ticks(ax, lang)
    ax.grid(axis="x", alpha=0.3)


def wrap(words: str, width: int) -> str:
    """Lines of at most `width` characters, broken at spaces only (a longer word stays whole)."""
    return "\n".join(textwrap.wrap(words, width, break_long_words=False,
                                   break_on_hyphens=False))


def panel_grid(count: int, columns: int = 3, height: float = 3.6) -> tuple[Figure, np.ndarray]:
    """A figure with `count` panels, `columns` to a row, `height` inches a row."""
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(17, height * rows + 0.6), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat


def designs_legend(fig: Figure, ax, handles: list | None = None,
                   labels: list[str] | None = None) -> None:
    """The designs' legend under the panels, with room for all its rows."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    rows = math.ceil(len(labels) / 4)
    fig.tight_layout(rect=(0, (0.34 * rows + 0.15) / fig.get_figheight(), 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=min(4, len(labels)), frameon=False)
