"""Robustness across the uncertainty space (`opzet robustness`): per outcome the share of the
sample points where each design is better than the reference, as good or worse, and the
regret of every design with its minimax-regret rank."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from sim.report.data import ReportData
from sim.report.figures.style import (
    colours,
    outcome_scale,
    outcome_unit,
    panel_grid,
    ticks,
    wrap,
)
from sim.report.texts import name_of, text

MEAN_DOT = {"marker": "o", "linestyle": "none", "color": "white", "markeredgecolor": "#222222",
            "markersize": 10, "markeredgewidth": 2}
VERDICT_COLOURS = {"better": "#009E73", "as_good": "#CCCCCC", "worse": "#D55E00"}
"""Okabe-Ito green and vermillion; as good in grey."""


def outcome_title(outcome: str, better: str, lang: str) -> str:
    """An outcome's name with which way is better: 'court orders (lower is better)'."""
    return f"{text(f'outcome.{outcome}', lang)} ({text(f'rob.{better}_better', lang)})"


def shares(data: ReportData, lang: str) -> Figure | None:
    """Per outcome a stacked bar per design: better, as good, worse, with the Wilson
    interval of the shares better and worse at their edges."""
    if data.robustness is None or not len(data.robustness.robustness):
        return None
    table = data.robustness.robustness
    outcomes = list(dict.fromkeys(table["outcome"]))
    designs = list(dict.fromkeys(table["design"]))
    fig, axes = panel_grid(len(outcomes), columns=2, height=0.55 * len(designs) + 1.9)
    for k, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        rows = table[table["outcome"] == outcome].set_index("design").loc[designs]
        left = [0.0] * len(designs)
        for verdict in ("better", "as_good", "worse"):
            width = [100 * v if not math.isnan(v) else 0.0 for v in rows[f"share_{verdict}"]]
            ax.barh(range(len(designs)), width, left=left, height=0.65,
                    color=VERDICT_COLOURS[verdict])
            left = [a + b for a, b in zip(left, width, strict=True)]
        for row, r in enumerate(rows.itertuples()):
            if math.isnan(r.better_low):
                continue  # no measured point
            # the share better's interval at its edge (above the middle), the share worse's
            # at its edge (below), so that the two never hide each other
            for y, edge, low, high in (
                    (row - 0.14, r.share_better, r.better_low, r.better_high),
                    (row + 0.14, 1 - r.share_worse, 1 - r.worse_high, 1 - r.worse_low)):
                ax.errorbar(100 * edge, y, xerr=[[100 * (edge - low)], [100 * (high - edge)]],
                            fmt="none", ecolor="#222222", elinewidth=2, capsize=4)
        ax.set_yticks(range(len(designs)),
                      [name_of("design", d, lang) for d in designs] if k % 2 == 0 else [])
        ax.set_ylim(len(designs) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_title(wrap(outcome_title(outcome, rows["better"].iloc[0], lang), 50), loc="left")
        ax.set_xlabel(text("rob.share_axis", lang))
        ticks(ax, lang)
    handles = [Patch(color=VERDICT_COLOURS[v]) for v in VERDICT_COLOURS]
    labels = [text(f"rob.legend.{v}", lang,
                   reference=name_of("design", data.robustness.reference, lang))
              for v in VERDICT_COLOURS]
    fig.tight_layout(rect=(0, 0.9 / fig.get_figheight(), 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=3, frameon=False)
    return fig


def regret(data: ReportData, lang: str) -> Figure | None:
    """Per outcome the largest regret of every design (bar, in the design's colour) and its
    mean regret (dot), the designs in the order of their minimax-regret rank."""
    if data.robustness is None or not len(data.robustness.regret):
        return None
    table = data.robustness.regret
    outcomes = list(dict.fromkeys(table["outcome"]))
    colour = colours(list(dict.fromkeys(table["design"])))
    count = table.groupby("outcome")["design"].count().max()
    fig, axes = panel_grid(len(outcomes), columns=2, height=0.55 * count + 1.9)
    for ax, outcome in zip(axes, outcomes, strict=False):
        rows = table[table["outcome"] == outcome].sort_values("rank")
        scale = outcome_scale(outcome)
        y = range(len(rows))
        ax.barh(y, rows["max_regret"] * scale, height=0.6,
                color=[colour[d] for d in rows["design"]])
        ax.plot(rows["mean_regret"] * scale, y, **MEAN_DOT)
        ax.set_yticks(y, [f"{rank}. {name_of('design', d, lang)}"
                          for rank, d in zip(rows["rank"], rows["design"], strict=True)])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_title(wrap(outcome_title(outcome, rows["better"].iloc[0], lang), 50), loc="left")
        ax.set_xlabel(wrap(text("rob.regret_axis", lang, unit=outcome_unit(outcome, lang)), 50))
        ax.set_xlim(left=0)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ticks(ax, lang)
        ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color="#888888"), Line2D([], [], **MEAN_DOT)]
    labels = [text("rob.max_regret", lang), text("rob.mean_regret", lang)]
    fig.tight_layout(rect=(0, 0.9 / fig.get_figheight(), 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=2, frameon=False)
    return fig
