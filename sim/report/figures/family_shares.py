"""What families meet: how many organisations and professionals at once, and how soon
a first contact and help come, as shares of the families in contact per design."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.hover import tip
from sim.report.figures.style import colours, designs_legend, ticks
from sim.report.texts import name_of, number, text


def _share_bars(ax, families: pd.DataFrame, column: str, designs: list[str],
                colour: dict[str, str], lang: str) -> None:
    top = 5
    counts = families[column].clip(upper=top)
    categories = [c for c in range(top + 1) if (counts == c).any()]
    width = 0.8 / len(designs)
    for k, design in enumerate(designs):
        mine = counts[families["design"] == design]
        shares = [100 * float((mine == c).mean()) if len(mine) else 0.0 for c in categories]
        bars = ax.bar(np.arange(len(categories)) + (k - (len(designs) - 1) / 2) * width, shares,
                      width, color=colour[design], label=name_of("design", design, lang))
        for bar, category, share in zip(bars.patches, categories, shares, strict=True):
            tip(bar, text("hover.share", lang, design=name_of("design", design, lang),
                          count=f"{category}+" if category == top else str(category),
                          share=number(share, lang, 1)))
    ax.set_xticks(range(len(categories)),
                  [f"{c}+" if c == top else str(c) for c in categories])
    ax.set_ylabel(text("axis.share_families", lang))
    ticks(ax, lang, "y")
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
    designs_legend(fig, left)
    return fig


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
        ticks(ax, lang)
        ticks(ax, lang, "y")
        ax.grid(alpha=0.3)
    designs_legend(fig, left)
    return fig
