"""How long good-enough closures last without recurrence: Kaplan-Meier curves per design,
honest about how long each family was followed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.hover import tip
from sim.report.figures.style import colours, ticks
from sim.report.texts import name_of, number, text

DAYS_PER_MONTH = 365.25 / 12
YEAR_MONTHS = 12
"""Where a curve says its value when hovered: a year after closure (or the longest a
family was followed, when shorter)."""


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
        (line,) = ax.step(months, 100 * survival, where="post", color=colour[design], lw=2.5,
                          label=name_of("design", design, lang))
        followed = min(YEAR_MONTHS, int(np.nanmax(mine["followed_days"]) / DAYS_PER_MONTH))
        at = max(0, int(np.searchsorted(months, followed, side="right")) - 1)
        tip(line, text("hover.lasting", lang, design=name_of("design", design, lang),
                       months=followed, share=number(100 * survival[at], lang, 1),
                       low=number(100 * low[at], lang, 1), high=number(100 * high[at], lang, 1)))
        ax.fill_between(months, 100 * low, 100 * high, step="post", color=colour[design],
                        alpha=0.15, lw=0)
    ax.set_xlim(0, max(1.0, longest))
    ax.set_ylim(0, 100)
    ax.set_xlabel(text("axis.months_after", lang))
    ax.set_ylabel(text("axis.no_recurrence", lang))
    ticks(ax, lang)
    ticks(ax, lang, "y")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", frameon=False)
    fig.tight_layout()
    return fig
