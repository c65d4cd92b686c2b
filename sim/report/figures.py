"""The report's figures: one function per figure, every word from sim.report.texts.

Made for a projector and a policy note: large fonts, units on every axis, a
colour-blind-safe palette (Okabe and Ito) in which a design keeps its colour in
every figure, and no figure that needs the code to be read. Each function takes
the report data and a language and returns a figure, or None when the folder
holds no data for it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.designs import CATALOGUE
from sim.report.data import ReportData
from sim.report.texts import UNIT_KEYS, name_of, number, text
from sim.statistics import paired_ci
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
HANDOFF_COLOUR = OKABE_ITO["vermillion"]
FLOW_COLOUR = "#BBBBBB"

HEADLINE = ["handoffs_per_family", "organisations_per_family", "professionals_at_once",
            "days_to_first_contact", "days_to_help", "court_orders", "placements",
            "avoidable_escalations", "lasting_reduction"]
"""Outcomes in the outcome and difference figures: what a family would ask about."""

SCORECARD: dict[int, list[str]] = {
    1: ["lasting_reduction", "closed_good_enough"],
    2: ["days_to_first_contact", "advice"],
    3: [],
    4: ["disputed_at_court"],
    5: ["organisations_per_family", "handoffs_per_family"],
    6: [],
    7: ["professionals_at_once"],
    8: ["avoidable_escalations"],
    9: [],
    10: [],
}
"""Requirement (sim.report.texts) -> the run-level outcomes that speak to it. Empty: the
model measures nothing of it (3: who holds which powers, 6: how easy adult help is to bring
in, 9: openness, 10: learning are not modelled as outcomes)."""

DAYS_PER_MONTH = 365.25 / 12


def colours(designs: list[str]) -> dict[str, str]:
    """A colour per design: the built-in ones fixed, others from what is left, in order."""
    fixed = {d: OKABE_ITO[DESIGN_COLOURS[d]] for d in designs if d in DESIGN_COLOURS}
    spare = [c for name, c in OKABE_ITO.items()
             if name not in ("yellow",) and c not in fixed.values()] + ["#888888"] * len(designs)
    rest = iter(spare)
    return {d: fixed.get(d) or next(rest) for d in designs}


def _scale(outcome: str) -> float:
    """Shares are shown as percentages."""
    return 100.0 if MEASURES[outcome].unit == "share" else 1.0


def _unit(outcome: str, lang: str) -> str:
    return text(UNIT_KEYS[MEASURES[outcome].unit], lang)


def _ticks(ax, lang: str, axis: str = "x") -> None:
    """Numbers on an axis as a reader of `lang` writes them."""
    def tick(value: float, _position: int) -> str:
        decimals = 0 if float(value).is_integer() else (1 if abs(value * 10 % 1) < 1e-9 else 2)
        return number(value, lang, decimals)
    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(tick))


def _wrap(words: str, width: int) -> str:
    """Lines of at most `width` characters, broken at spaces only (a longer word stays whole)."""
    return "\n".join(textwrap.wrap(words, width, break_long_words=False,
                                   break_on_hyphens=False))


def _measured(data: ReportData, outcomes: list[str]) -> list[str]:
    return [o for o in outcomes if o in data.runs and data.runs[o].notna().any()]


def _grid(count: int, columns: int = 3, height: float = 3.6) -> tuple[Figure, np.ndarray]:
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(17, height * rows + 0.6), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat


def outcomes(data: ReportData, lang: str) -> Figure | None:
    """Mean per design with a 95% confidence interval over replications, per outcome."""
    chosen = _measured(data, HEADLINE)
    colour = colours(data.designs)
    fig, axes = _grid(len(chosen), height=0.45 * len(data.designs) + 1.6)
    for k, (ax, outcome) in enumerate(zip(axes, chosen, strict=False)):
        scale = _scale(outcome)
        for row, design in enumerate(data.designs):
            values = data.runs.loc[data.runs["design"] == design, outcome] * scale
            mean, low, high, n = paired_ci(values)  # the t interval of a mean
            half = (high - low) / 2 if n > 1 else 0.0
            ax.errorbar(mean, row, xerr=half, fmt="o", color=colour[design], markersize=9,
                        capsize=5, elinewidth=2.5)
        ax.set_yticks(range(len(data.designs)),
                      [name_of("design", d, lang) for d in data.designs] if k % 3 == 0 else [])
        ax.set_ylim(len(data.designs) - 0.5, -0.5)
        ax.set_title(_wrap(text(f"outcome.{outcome}", lang), 30), loc="left")
        ax.set_xlabel(_wrap(_unit(outcome, lang), 34))
        ax.xaxis.set_major_locator(MaxNLocator(4))
        _ticks(ax, lang)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def differences(data: ReportData, lang: str) -> Figure | None:
    """Paired difference of each design to the reference, with its 95% interval."""
    chosen = _measured(data, HEADLINE)
    others = data.designs[1:]
    colour = colours(data.designs)
    reference = name_of("design", data.reference, lang)
    rows = {(r.outcome, r.design): r for r in data.table.itertuples()}
    fig, axes = _grid(len(chosen), height=0.45 * len(others) + 1.8)
    for k, (ax, outcome) in enumerate(zip(axes, chosen, strict=False)):
        scale = _scale(outcome)
        for row, design in enumerate(others):
            r = rows[(outcome, design)]
            low, high = r.ci_low * scale, r.ci_high * scale
            xerr = [[r.diff * scale - low], [high - r.diff * scale]] if not math.isnan(low) \
                else None
            ax.errorbar(r.diff * scale, row, xerr=xerr, fmt="o", color=colour[design],
                        markersize=9, capsize=5, elinewidth=2.5)
        ax.axvline(0, color="#555555", linestyle=":", linewidth=2)
        ax.set_yticks(range(len(others)),
                      [name_of("design", d, lang) for d in others] if k % 3 == 0 else [])
        ax.set_ylim(len(others) - 0.5, -0.5)
        ax.set_title(_wrap(text(f"outcome.{outcome}", lang), 30), loc="left")
        ax.set_xlabel(_wrap(text("axis.difference", lang, reference=reference) + " ("
                            + _unit(outcome, lang) + ")", 34))
        ax.xaxis.set_major_locator(MaxNLocator(4))
        _ticks(ax, lang)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


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
    title = _wrap(text("journey.table_title", lang), 30)
    ax.text(0, y, title, va="top", fontweight="bold", fontsize=15, transform=ax.transAxes)
    y -= line * (title.count("\n") + 1.6)
    for source, target in moves:
        words = text("journey.within_row", lang, node=text(f"node.{source}", lang)) \
            if source == target else text(
                "journey.move", lang, source=text(f"node.{_node(source, 'start')}", lang),
                target=text(f"node.{_node(target, 'closure')}", lang))
        amount = mean["handoffs"].get((source, target), 0.0)
        words = _wrap(words, 34)
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
        box = ax.text(x, y, _wrap(text(f"node.{node}", lang), 11), ha="center", va="center",
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


def _share_bars(ax, families: pd.DataFrame, column: str, designs: list[str],
                colour: dict[str, str], lang: str) -> None:
    top = 5
    counts = families[column].clip(upper=top)
    categories = [c for c in range(top + 1) if (counts == c).any()]
    width = 0.8 / len(designs)
    for k, design in enumerate(designs):
        mine = counts[families["design"] == design]
        shares = [100 * float((mine == c).mean()) if len(mine) else 0.0 for c in categories]
        ax.bar(np.arange(len(categories)) + (k - (len(designs) - 1) / 2) * width, shares,
               width, color=colour[design], label=name_of("design", design, lang))
    ax.set_xticks(range(len(categories)),
                  [f"{c}+" if c == top else str(c) for c in categories])
    ax.set_ylabel(text("axis.share_families", lang))
    _ticks(ax, lang, "y")
    ax.grid(axis="y", alpha=0.3)


def contacts(data: ReportData, lang: str) -> Figure | None:
    """Distribution of organisations and of professionals at once per family in contact."""
    if data.details is None:
        return None
    families, colour = data.details.families, colours(data.designs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(17, 6.5))
    for ax, column, panel, axis in ((left, "organisations_seen", "panel.organisations",
                                     "axis.organisations"),
                                    (right, "professionals_max_at_once", "panel.professionals",
                                     "axis.professionals")):
        _share_bars(ax, families, column, data.designs, colour, lang)
        ax.set_title(text(panel, lang), loc="left")
        ax.set_xlabel(text(axis, lang))
    _legend(fig, left)
    return fig


def _legend(fig: Figure, ax, handles: list | None = None, labels: list[str] | None = None
            ) -> None:
    """The designs' legend under the panels, with room for all its rows."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    rows = math.ceil(len(labels) / 4)
    fig.tight_layout(rect=(0, (0.34 * rows + 0.15) / fig.get_figheight(), 1, 1))
    fig.legend(handles, labels, loc="lower center", ncols=min(4, len(labels)), frameon=False)


def times(data: ReportData, lang: str) -> Figure | None:
    """Cumulative share of families with a first contact, and with help, within x days."""
    if data.details is None:
        return None
    families, colour = data.details.families, colours(data.designs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(17, 6.5))
    days = np.arange(0, 366)
    for design in data.designs:
        mine = families[(families["design"] == design)
                        & families["days_to_first_contact"].notna()]
        if not len(mine):
            continue
        for ax, column in ((left, "days_to_first_contact"), (right, "days_to_help")):
            values = np.sort(mine[column].to_numpy(dtype=float))  # NaN (never) sorts last
            share = 100 * np.searchsorted(values, days, side="right") / len(mine)
            ax.step(days, share, where="post", color=colour[design], lw=2.5,
                    label=name_of("design", design, lang))
    for ax, panel in ((left, "panel.first_contact"), (right, "panel.help")):
        ax.set_title(text(panel, lang), loc="left")
        ax.set_xlabel(text("axis.days", lang))
        ax.set_ylabel(text("axis.share_within", lang))
        ax.set_ylim(0, 100)
        ax.set_xlim(0, 365)
        _ticks(ax, lang)
        _ticks(ax, lang, "y")
        ax.grid(alpha=0.3)
    _legend(fig, left)
    return fig


def waiting(data: ReportData, lang: str) -> Figure | None:
    """Waiting list of every organisation that ever had one, week by week, per design."""
    if data.details is None:
        return None
    lists, colour = data.details.waiting, colours(data.designs)
    peak = lists.groupby("organisation", sort=False)["waiting"].max()
    shown = [o for o in peak.index if peak[o] >= 0.5]
    if not shown:
        return None
    fig, axes = _grid(len(shown), height=4.2)
    for ax, organisation in zip(axes, shown, strict=False):
        for design in data.designs:
            mine = lists[(lists["design"] == design) & (lists["organisation"] == organisation)]
            if len(mine):
                ax.plot(mine["week"] / 52, mine["waiting"], color=colour[design], lw=2.2,
                        label=name_of("design", design, lang))
        ax.set_title(_wrap(name_of("org", organisation, lang), 32), loc="left")
        ax.set_xlabel(text("axis.year", lang))
        ax.set_ylabel(_wrap(text("axis.waiting", lang), 22))
        ax.set_ylim(bottom=0)
        _ticks(ax, lang)
        _ticks(ax, lang, "y")
        ax.grid(alpha=0.3)
    _legend(fig, None, [plt.Line2D([], [], color=colour[d], lw=3) for d in data.designs],
            [name_of("design", d, lang) for d in data.designs])
    return fig


def kaplan_meier(durations: np.ndarray, events: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Share without the event over time, honest about follow-up: a family closed late
    counts only for as long as it was followed. Returns times, survival and the 95%
    band (Greenwood's variance, on the log-log scale so the band stays within 0-1)."""
    order = np.argsort(durations, kind="stable")
    durations, events = durations[order], events[order].astype(bool)
    times = np.unique(durations[events])
    at_risk = len(durations) - np.searchsorted(durations, times, side="left")
    died = np.array([np.count_nonzero(events & (durations == t)) for t in times])
    survival = np.cumprod(1 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(died / (at_risk * (at_risk - died)))
        spread = 1.96 * np.sqrt(greenwood) / np.abs(np.log(survival))
        low = survival ** np.exp(spread)
        high = survival ** np.exp(-spread)
    low, high = np.nan_to_num(low, nan=0.0), np.nan_to_num(high, nan=1.0)
    return (np.concatenate([[0.0], times]), np.concatenate([[1.0], survival]),
            np.concatenate([[1.0], low]), np.concatenate([[1.0], high]))


def lasting(data: ReportData, lang: str) -> Figure | None:
    """Kaplan-Meier curves: good-enough closures without recurrence, month by month."""
    if data.details is None:
        return None
    families, colour = data.details.families, colours(data.designs)
    closed = families[families["reached_good_enough"].fillna(False).astype(bool)]
    if not len(closed):
        return None
    fig, ax = plt.subplots(figsize=(14, 7))
    longest = 0.0
    for design in data.designs:
        mine = closed[closed["design"] == design]
        if not len(mine):
            continue
        recurred = mine["recurrence_days"].notna().to_numpy()
        durations = np.where(recurred, mine["recurrence_days"], mine["followed_days"])
        months, survival, low, high = kaplan_meier(durations / DAYS_PER_MONTH, recurred)
        longest = max(longest, float(np.nanmax(mine["followed_days"])) / DAYS_PER_MONTH)
        ax.step(months, 100 * survival, where="post", color=colour[design], lw=2.5,
                label=name_of("design", design, lang))
        ax.fill_between(months, 100 * low, 100 * high, step="post", color=colour[design],
                        alpha=0.15, lw=0)
    ax.set_xlim(0, max(1.0, longest))
    ax.set_ylim(0, 100)
    ax.set_xlabel(text("axis.months_after", lang))
    ax.set_ylabel(text("axis.no_recurrence", lang))
    _ticks(ax, lang)
    _ticks(ax, lang, "y")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", frameon=False)
    fig.tight_layout()
    return fig


def scorecard(data: ReportData, lang: str) -> Figure | None:
    """The ten requirements as rows, the measured indicators per design as cells."""
    rows = {(r.outcome, r.design): r for r in data.table.itertuples()}
    cells, requirement_rows = [], []
    for number_, outcomes_ in SCORECARD.items():
        title = f"{number_}. " + text(f"req.{number_}", lang)
        requirement_rows.append(len(cells))
        if not outcomes_:
            cells.append([title, text("score.not_measured", lang)] + [""] * len(data.designs))
            continue
        for k, outcome in enumerate(outcomes_):
            label = f"{text(f'outcome.{outcome}', lang)} ({_unit(outcome, lang)})"
            values = []
            for design in data.designs:
                r = rows.get((outcome, design))
                mean = r.mean * _scale(outcome) if r is not None else math.nan
                star = " *" if r is not None and (r.ci_low > 0 or r.ci_high < 0) else ""
                values.append(number(mean, lang, 1) + star)
            cells.append([title if k == 0 else "", label] + values)
    header = [text("score.requirement", lang), text("score.indicator", lang)] + [
        name_of("design", d, lang) for d in data.designs]
    wrapped = [[_wrap(c, 22 if j == 0 else (30 if j == 1 else 13)) for j, c in enumerate(row)]
               for row in [header] + cells]
    lines = [max(c.count("\n") + 1 for c in row) + 0.9 for row in wrapped]
    pad = 0.12  # inches either side of a cell's text
    widths = [max(_width(row[j], bold=k == 0) for k, row in enumerate(wrapped)) / 72 + 2 * pad
              for j in range(len(header))]  # each column as wide as its widest line
    line = 14 * 1.3 / 72  # inches
    size = (sum(widths) + 0.2, line * sum(lines) + 0.7)
    fig = plt.figure(figsize=size)
    ax = fig.add_axes((0.1 / size[0], 0.6 / size[1], sum(widths) / size[0],
                       line * sum(lines) / size[1]))
    ax.axis("off")
    table = ax.table(cellText=wrapped[1:], colLabels=wrapped[0], bbox=(0, 0, 1, 1),
                     cellLoc="left", colLoc="left", colWidths=[w / sum(widths) for w in widths])
    table.auto_set_font_size(False)
    table.set_fontsize(14)
    total = sum(lines)
    colour = colours(data.designs)
    for (row, col), cell in table.get_celld().items():
        cell.set_height(lines[row] / total)
        cell.PAD = pad / widths[col]
        cell.set_edgecolor("#DDDDDD")
        if row == 0:
            cell.set_text_props(fontweight="bold",
                                color=colour[data.designs[col - 2]] if col >= 2 else "black")
        if row > 0 and cells[row - 1][1] == text("score.not_measured", lang):
            cell.set_text_props(style="italic", color="#555555")
        if row - 1 in requirement_rows and row > 0:
            cell.visible_edges = "T"
            cell.set_edgecolor("#888888")
        elif row > 0:
            cell.visible_edges = ""
    fig.text(0.1 / size[0], 0.15 / size[1],
             text("score.significant", lang, reference=name_of("design", data.reference, lang)),
             fontsize=14)
    return fig


def _width(words: str, size: float = 14, bold: bool = False) -> float:
    """The width in points of the widest line of `words` at `size` points."""
    renderer = RendererAgg(1, 1, 72)
    font = FontProperties(size=size, weight="bold" if bold else "normal")
    return max(renderer.get_text_width_height_descent(line, font, ismath=False)[0]
               for line in words.split("\n"))


def sensitivity(data: ReportData, lang: str) -> Figure | None:
    """The most influential uncertain parameters per outcome, from indices.csv."""
    if data.sensitivity is None or not len(data.sensitivity):
        return None
    indices = data.sensitivity
    indices = indices[indices["sample_share"] == indices["sample_share"].max()]
    index = next((i for i in ("ST", "mu_star", "S1") if (indices["index"] == i).any()), None)
    if index is None:
        return None
    chosen = indices[indices["index"] == index]
    outcome_names = list(dict.fromkeys(chosen["outcome"]))[:6]
    top = 8
    fig, axes = _grid(len(outcome_names), columns=2, height=0.5 * top + 1.5)
    for ax, outcome in zip(axes, outcome_names, strict=False):
        mine = chosen[chosen["outcome"] == outcome].nlargest(top, "value").iloc[::-1]
        low = (mine["value"] - mine["ci_low"]).clip(lower=0).fillna(0)
        high = (mine["ci_high"] - mine["value"]).clip(lower=0).fillna(0)
        ax.barh(range(len(mine)), mine["value"], xerr=[low, high], color=OKABE_ITO["blue"],
                capsize=4)
        ax.set_yticks(range(len(mine)), [_wrap(str(label), 30) for label in
                                         mine["label"].fillna(mine["parameter"])])
        key = f"outcome.{outcome}"
        ax.set_title(text(key, lang) if key in _OUTCOME_KEYS else str(outcome), loc="left")
        ax.set_xlabel(text(f"sens.index.{index}", lang))
        _ticks(ax, lang)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.text(0.01, 0.005, text("sens.parameters_note", lang), fontsize=14)
    return fig


_OUTCOME_KEYS = {f"outcome.{name}" for name in MEASURES}

Drawn = Figure | dict[str, Figure] | None
"""A figure function's result: one figure, one per design (journey), or None (no data)."""


def parts(key: str, drawn: Drawn) -> list[tuple[str, str | None, Figure]]:
    """A drawn figure as (file stem, design or None, figure): one per design for a figure
    drawn per design, named <key>-<design>."""
    if drawn is None:
        return []
    if isinstance(drawn, Figure):
        return [(key, None, drawn)]
    return [(f"{key}-{design}", design, fig) for design, fig in drawn.items()]


FIGURES: dict[str, Callable[[ReportData, str], Drawn]] = {
    "outcomes": outcomes, "differences": differences, "journey": journey, "contacts": contacts,
    "times": times, "waiting": waiting, "lasting": lasting, "scorecard": scorecard,
    "sensitivity": sensitivity,
}
"""Figure key (sim.report.texts.FIGURE_KEYS) -> the function that draws it."""


def draw(data: ReportData, lang: str) -> dict[str, Drawn]:
    """Every figure of the report (None where the folder holds no data for it)."""
    with plt.rc_context(STYLE):
        return {key: make(data, lang) for key, make in FIGURES.items()}
