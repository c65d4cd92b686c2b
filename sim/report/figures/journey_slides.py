"""The journey of families through the core tasks, one slide per design: moves between
tasks as arrows (the handoffs among them in red) and the handoffs per move in a table."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from sim.report.data import ReportData
from sim.report.figures.style import OKABE_ITO, colours, wrap
from sim.report.texts import name_of, number, text

HANDOFF_COLOUR = OKABE_ITO["vermillion"]
FLOW_COLOUR = "#BBBBBB"

_POSITIONS = {"start": (0.0, 0.0), "advice": (1.9, 1.4), "report": (1.9, -1.4),
              "investigation": (4.0, -1.4), "followup": (6.4, -1.4), "review": (7.5, -2.9),
              "court": (8.6, -1.4), "plan": (6.4, 1.4), "closure": (9.0, 1.4)}
"""Where each core task sits in the journey diagram: entry left, help on top, the
compulsory route below, closure right."""

JOURNEY_SIZE = (16.0, 9.0)
"""A journey figure is one projector slide (16:9), the same for every design."""
_DIAGRAM = (0.01, 0.09, 0.69, 0.79)
_TABLE = (0.72, 0.09, 0.27, 0.79)
"""Where the diagram and the handoff table sit on the slide (figure fractions), under the
slide's title (sim.report.build)."""
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)
"""Where along its arrow a label may sit (0 the arrow's start, 1 its end), tried in turn."""


def _node(name: str, end: str) -> str:
    """A flow's source or target as a node of the diagram: outside is first contact or
    closure."""
    return end if name == "outside" else name


def journey(data: ReportData, lang: str) -> dict[str, Figure] | None:
    """One slide per design: moves between core tasks as arrows (the red part is the
    handoffs), and the handoffs per move in a table beside them. Every slide has the same
    layout, scale and table rows, so designs compare slide by slide."""
    if data.details is None:
        return None
    flows = data.details.flows
    per_run = data.families * data.years / 1000.0  # -> per 1,000 families per year
    reps = flows.groupby("design")["replication"].nunique()
    colour = colours(data.designs)
    means = {}
    for design in data.designs:
        mine = flows[flows["design"] == design]
        means[design] = mine.groupby(["source", "target"])[["families", "handoffs"]].sum() / (
            reps.get(design, 1) * per_run)
    moving = [m.loc[[s != t and "outside" not in (s, t) or t == "outside" and s == "plan"
                     for s, t in m.index], "families"].max() for m in means.values()]
    widest = max([w for w in moving if not math.isnan(w)] + [1e-9])
    order = {name: k for k, name in enumerate(["outside", *_POSITIONS])}
    handed = sorted({move for m in means.values() for move in m.index[m["handoffs"] >= 0.5]},
                    key=lambda move: (move[0] == move[1], order.get(move[0], 99),
                                      order.get(move[1], 99)))
    slides = {}
    for design in data.designs:
        fig = plt.figure(figsize=JOURNEY_SIZE)
        ax = fig.add_axes(_DIAGRAM)
        ax.set_title(name_of("design", design, lang), loc="left", color=colour[design],
                     fontweight="bold", fontsize=20)
        _draw_journey(ax, means[design], widest, lang)
        _handoff_table(fig.add_axes(_TABLE), means[design], handed, lang)
        handles = [plt.Line2D([], [], color=FLOW_COLOUR, lw=8),
                   plt.Line2D([], [], color=HANDOFF_COLOUR, lw=8)]
        fig.legend(handles, [text("journey.legend_moves", lang),
                             text("journey.legend_handoffs", lang)],
                   loc="lower left", bbox_to_anchor=(0.0, 0.0), ncols=2, frameon=False)
        fig.text(0.99, 0.01, text("journey.scale", lang), ha="right", va="bottom", fontsize=14)
        slides[design] = fig
    return slides


def _handoff_table(ax, mean: pd.DataFrame, moves: list[tuple[str, str]], lang: str) -> None:
    """The handoffs of each move in `moves` (the same rows on every slide), and in total."""
    ax.axis("off")
    height = ax.get_position().height * ax.figure.get_figheight() * 72  # points
    line = 14 * 1.45 / height  # one line of 14 pt text, as a fraction of the axes
    y = 1.0
    title = wrap(text("journey.table_title", lang), 30)
    ax.text(0, y, title, va="top", fontweight="bold", fontsize=15, transform=ax.transAxes)
    y -= line * (title.count("\n") + 1.6)
    for source, target in moves:
        words = text("journey.within_row", lang, node=text(f"node.{source}", lang)) \
            if source == target else text(
                "journey.move", lang, source=text(f"node.{_node(source, 'start')}", lang),
                target=text(f"node.{_node(target, 'closure')}", lang))
        amount = mean["handoffs"].get((source, target), 0.0)
        words = wrap(words, 34)
        ax.text(0, y, words, va="top", fontsize=14, transform=ax.transAxes)
        ax.text(1, y, number(amount, lang, 0), va="top", ha="right", fontsize=14,
                fontweight="bold", transform=ax.transAxes,
                color=HANDOFF_COLOUR if amount >= 0.5 else "#777777")
        y -= line * (words.count("\n") + 1.25)
    ax.plot([0, 1], [y + 0.25 * line] * 2, color="#888888", lw=1, transform=ax.transAxes)
    ax.text(0, y, text("journey.total", lang), va="top", fontsize=14, fontweight="bold",
            transform=ax.transAxes)
    ax.text(1, y, number(mean["handoffs"].sum(), lang, 0), va="top", ha="right", fontsize=14,
            fontweight="bold", color=HANDOFF_COLOUR, transform=ax.transAxes)


def _on_arc(start: np.ndarray, end: np.ndarray, bend: float, along: float) -> np.ndarray:
    """The point `along` (0-1) an arc3 arrow from `start` to `end` with radius `bend`."""
    control = (start + end) / 2 + bend * np.array([end[1] - start[1], start[0] - end[0]])
    return ((1 - along) ** 2 * start + 2 * (1 - along) * along * control
            + along ** 2 * end)


def _edge(size: tuple[float, float], direction: np.ndarray) -> float:
    """How far from a box's centre (size: width, height) its edge lies in `direction`."""
    dx, dy = np.abs(direction) / np.hypot(*direction)
    return min(size[0] / 2 / dx if dx else math.inf, size[1] / 2 / dy if dy else math.inf)


def _place(ax, label, spots: list[np.ndarray], taken: list) -> None:
    """Put `label` at the first of `spots` where it overlaps nothing in `taken` (else where
    it overlaps least), and add its extent to `taken`."""
    renderer = ax.figure.canvas.get_renderer()

    def clash(extent) -> float:
        return sum(max(0.0, min(extent.x1, t.x1) - max(extent.x0, t.x0))
                   * max(0.0, min(extent.y1, t.y1) - max(extent.y0, t.y0)) for t in taken)

    best = None
    for spot in spots:
        label.set_position(spot)
        extent = label.get_window_extent(renderer).padded(0.2 * 14 * ax.figure.dpi / 72)
        overlap = clash(extent)
        if best is None or overlap < best[0]:
            best = (overlap, spot, extent)
        if overlap == 0:
            break
    label.set_position(best[1])
    taken.append(best[2])


def _draw_journey(ax, mean: pd.DataFrame, widest: float, lang: str) -> None:
    """One design's journey on `ax`: a box per core task, an arrow per move between
    tasks (entries from the left, the plan's closures to the right; other closures are
    written by the task's box), each labelled with its families where it overlaps no
    other label."""
    ax.set_aspect("equal", anchor="N")
    ax.set_xlim(-0.9, 9.9)
    ax.set_ylim(-3.5, 2.5)
    ax.axis("off")
    ax.apply_aspect()
    renderer = ax.figure.canvas.get_renderer()
    closed = {s: row["families"] for (s, t), row in mean.iterrows() if t == "outside"}
    nodes = ({"start", "closure"} | {s for s, _ in mean.index} | {t for _, t in mean.index}) - {
        "outside"}
    taken, sizes = [], {}
    for node, (x, y) in _POSITIONS.items():
        if node not in nodes:
            continue
        box = ax.text(x, y, wrap(text(f"node.{node}", lang), 11), ha="center", va="center",
                      fontsize=15, zorder=5, fontweight="bold",
                      bbox={"boxstyle": "round,pad=0.45", "facecolor": "white",
                            "edgecolor": "#333333"})
        taken.append(box.get_window_extent(renderer).padded(0.45 * 15 * ax.figure.dpi / 72))
        sizes[node] = (taken[-1].width, taken[-1].height)
        if node not in ("plan", "start", "closure") and closed.get(node, 0) >= 0.5:
            top_row = y > 0  # above the boxes of the top row, below those of the bottom
            note = ax.text(x, y + (0.55 if top_row else -0.55),
                           text("journey.closed", lang, n=number(closed[node], lang, 0)),
                           ha="center", va="bottom" if top_row else "top", fontsize=14,
                           color="#444444")
            taken.append(note.get_window_extent(renderer))
    for (source, target), row in mean.iterrows():
        if source == target or row["families"] < 0.5 or (target == "outside" and
                                                        source != "plan"):
            continue
        first, last = _node(source, "start"), _node(target, "closure")
        start, end = np.array(_POSITIONS[first]), np.array(_POSITIONS[last])
        bend = 0.12 if (end[0], -end[1]) > (start[0], -start[1]) else 0.25
        control = _on_arc(start, end, bend, 0.5) * 2 - (start + end) / 2
        points = 72 / ax.figure.dpi  # arrows start and end at the boxes' edges
        shrink = (_edge(sizes[first], control - start) * points + 4,
                  _edge(sizes[last], end - control) * points + 6)
        width = 2 + 22 * min(1.0, row["families"] / widest)  # points
        for amount, colour in ((row["families"], FLOW_COLOUR),
                               (row["handoffs"], HANDOFF_COLOUR)):
            if amount > 0:
                tail = max(1.5, width * amount / row["families"])
                ax.add_patch(FancyArrowPatch(
                    start, end, connectionstyle=f"arc3,rad={bend}",
                    arrowstyle=f"simple,head_length=14,head_width={width + 12},"
                               f"tail_width={tail}",
                    mutation_scale=1, lw=0, color=colour, alpha=0.9, shrinkA=shrink[0],
                    shrinkB=shrink[1], zorder=2))
        label = ax.text(0, 0, number(row["families"], lang, 0), ha="center", va="center",
                        fontsize=14, zorder=4, color="#222222",
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                              "edgecolor": "none", "alpha": 0.85})
        _place(ax, label, [_on_arc(start, end, bend, t) for t in _ALONG], taken)
