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
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from scipy import stats

from sim.report.data import ReportData
from sim.report.texts import UNIT_KEYS, name_of, number, text
from sim.summary import MEASURES

STYLE = {"font.size": 15, "axes.titlesize": 16, "axes.labelsize": 15, "xtick.labelsize": 14,
         "ytick.labelsize": 14, "legend.fontsize": 14, "figure.titlesize": 18,
         "axes.spines.top": False, "axes.spines.right": False, "svg.fonttype": "none",
         "figure.dpi": 100, "savefig.bbox": "tight"}
"""Projector-sized text: nothing below 14 pt."""

OKABE_ITO = {"black": "#000000", "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73",
             "purple": "#CC79A7", "sky": "#56B4E9", "vermillion": "#D55E00",
             "yellow": "#F0E442"}
DESIGN_COLOURS = {"relay": "black", "team": "blue", "independent_review": "orange",
                  "client_support": "green", "family_inside": "purple", "family_centre": "sky",
                  "future": "vermillion"}
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
    return "\n".join(textwrap.wrap(words, width))


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
            values = data.runs.loc[data.runs["design"] == design, outcome].dropna() * scale
            mean = values.mean()
            half = (stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1)
                    / math.sqrt(len(values))) if len(values) > 1 else 0.0
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


_POSITIONS = {"start": (0.0, 0.0), "advice": (1.7, 1.2), "report": (1.7, -1.2),
              "investigation": (3.6, -1.2), "followup": (5.4, -1.2), "review": (6.3, -2.6),
              "court": (7.2, -1.2), "plan": (5.4, 1.2), "closure": (8.2, 1.2)}
"""Where each core task sits in the journey diagram: entry left, help on top, the
compulsory route below, closure right."""


def journey(data: ReportData, lang: str) -> Figure | None:
    """Moves between core tasks per design as arrows; the red part is the handoffs."""
    if data.details is None:
        return None
    flows = data.details.flows
    per_run = data.families * data.years / 1000.0  # -> per 1,000 families per year
    reps = flows.groupby("design")["replication"].nunique()
    colour = colours(data.designs)
    fig, axes = plt.subplots(len(data.designs), 1, figsize=(17, 8.4 * len(data.designs) + 0.8),
                             squeeze=False)
    means = {}
    for design in data.designs:
        mine = flows[flows["design"] == design]
        means[design] = mine.groupby(["source", "target"])[["families", "handoffs"]].sum() / (
            reps.get(design, 1) * per_run)
    moving = [m.loc[[s != t and "outside" not in (s, t) or t == "outside" and s == "plan"
                     for s, t in m.index], "families"].max() for m in means.values()]
    widest = max([w for w in moving if not math.isnan(w)] + [1e-9])
    for ax, design in zip(axes[:, 0], data.designs, strict=True):
        _draw_journey(ax, means[design], widest, lang)
        ax.set_title(name_of("design", design, lang), loc="left", color=colour[design],
                     fontweight="bold")
    handles = [plt.Line2D([], [], color=FLOW_COLOUR, lw=8),
               plt.Line2D([], [], color=HANDOFF_COLOUR, lw=8)]
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.legend(handles, [text("journey.legend_moves", lang), text("journey.legend_handoffs", lang)],
               loc="lower left", ncols=2, frameon=False)
    fig.text(0.99, 0.005, text("journey.scale", lang), ha="right", va="bottom", fontsize=14)
    return fig


def _draw_journey(ax, mean: pd.DataFrame, widest: float, lang: str) -> None:
    """One design's journey on `ax`: a box per core task, an arrow per move between
    tasks (entries from the left, the plan's closures to the right; other closures and
    handoffs within a task are written under the task's box)."""
    ax.set_aspect("equal")
    closed = {s: row["families"] for (s, t), row in mean.iterrows() if t == "outside"}
    within = {s: row["handoffs"] for (s, t), row in mean.iterrows() if s == t}
    nodes = ({"start", "closure"} | {s for s, _ in mean.index} | {t for _, t in mean.index}) - {
        "outside"}
    for node, (x, y) in _POSITIONS.items():
        if node not in nodes:
            continue
        ax.text(x, y, _wrap(text(f"node.{node}", lang), 16), ha="center", va="center",
                fontsize=15, zorder=5, fontweight="bold",
                bbox={"boxstyle": "round,pad=0.45", "facecolor": "white",
                      "edgecolor": "#333333"})
        notes = []
        if node not in ("plan", "start", "closure") and closed.get(node, 0) >= 0.5:
            notes.append((text("journey.closed", lang, n=number(closed[node], lang, 0)),
                          "#444444"))
        if within.get(node, 0) >= 0.5:
            notes.append((_wrap(text("journey.within", lang, n=number(within[node], lang, 0)),
                                22), HANDOFF_COLOUR))
        top_row = y > 0  # notes above the boxes of the top row, below those of the bottom
        offset = 0.42 if top_row else -0.42
        for words, colour in notes:
            ax.text(x, y + offset, words, ha="center", va="bottom" if top_row else "top",
                    fontsize=14, color=colour)
            offset += (1 if top_row else -1) * (0.3 * (words.count("\n") + 1) + 0.05)
    for (source, target), row in mean.iterrows():
        if source == target or row["families"] < 0.5 or (target == "outside" and
                                                        source != "plan"):
            continue
        start = np.array(_POSITIONS["start" if source == "outside" else source])
        end = np.array(_POSITIONS["closure" if target == "outside" else target])
        bend = 0.12 if (end[0], -end[1]) > (start[0], -start[1]) else 0.25
        width = 2 + 22 * min(1.0, row["families"] / widest)
        for amount, colour in ((row["families"], FLOW_COLOUR),
                               (row["handoffs"], HANDOFF_COLOUR)):
            if amount > 0:
                ax.add_patch(FancyArrowPatch(
                    start, end, connectionstyle=f"arc3,rad={bend}", arrowstyle="-|>",
                    mutation_scale=18, lw=max(1.5, width * amount / row["families"]),
                    color=colour, alpha=0.9, shrinkA=45, shrinkB=45, zorder=2,
                    capstyle="butt"))
        along = end - start
        label = (start + end) / 2 + 0.5 * bend * np.array([along[1], -along[0]])
        words = number(row["families"], lang, 0)
        if row["handoffs"] >= 0.5:
            words += "\n" + text("journey.handoffs", lang, n=number(row["handoffs"], lang, 0))
        ax.text(*label, words, ha="center", va="center", fontsize=14, zorder=4,
                color=HANDOFF_COLOUR if row["handoffs"] >= 0.5 else "#222222",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.85})
    ax.set_xlim(-0.7, 8.9)
    ax.set_ylim(-3.2, 2.6)
    ax.axis("off")


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


def _legend(fig: Figure, ax) -> None:
    handles, labels = ax.get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.1, 1, 1))
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
    handles = [plt.Line2D([], [], color=colour[d], lw=3) for d in data.designs]
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.legend(handles, [name_of("design", d, lang) for d in data.designs], loc="lower center",
               ncols=min(4, len(data.designs)), frameon=False)
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
    wrapped = [[_wrap(c, 18 if j == 0 else (27 if j == 1 else 12)) for j, c in enumerate(row)]
               for row in [header] + cells]
    lines = [max(c.count("\n") + 1 for c in row) for row in wrapped]
    fig = plt.figure(figsize=(6 + 2.1 * len(data.designs), 0.36 * sum(lines) + 1.6))
    ax = fig.add_axes((0, 0.06, 1, 0.94))
    ax.axis("off")
    table = ax.table(cellText=wrapped[1:], colLabels=wrapped[0], loc="upper center",
                     cellLoc="left", colLoc="left",
                     colWidths=[0.2, 0.3] + [0.5 / len(data.designs)] * len(data.designs))
    table.auto_set_font_size(False)
    table.set_fontsize(14)
    total = sum(lines)
    colour = colours(data.designs)
    for (row, col), cell in table.get_celld().items():
        cell.set_height(0.94 * lines[row] / total)
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
    fig.text(0.01, 0.01, text("score.significant", lang,
                              reference=name_of("design", data.reference, lang)), fontsize=14)
    return fig


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

FIGURES: dict[str, Callable[[ReportData, str], Figure | None]] = {
    "outcomes": outcomes, "differences": differences, "journey": journey, "contacts": contacts,
    "times": times, "waiting": waiting, "lasting": lasting, "scorecard": scorecard,
    "sensitivity": sensitivity,
}
"""Figure key (sim.report.texts.FIGURE_KEYS) -> the function that draws it."""


def draw(data: ReportData, lang: str) -> dict[str, Figure | None]:
    """Every figure of the report (None where the folder holds no data for it)."""
    with plt.rc_context(STYLE):
        return {key: make(data, lang) for key, make in FIGURES.items()}
