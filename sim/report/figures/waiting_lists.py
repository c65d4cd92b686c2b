"""The waiting lists of the organisations, week by week, per design."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.style import colours, designs_legend, panel_grid, ticks, wrap
from sim.report.texts import name_of, text


def waiting(data: ReportData, lang: str) -> Figure | None:
    """Waiting list of every organisation that ever had one, week by week, per design."""
    if data.details is None:
        return None
    lists, colour = data.details.waiting, colours(data.designs)
    peak = lists.groupby("organisation", sort=False)["waiting"].max()
    shown = [o for o in peak.index if peak[o] >= 0.5]
    if not shown:
        return None
    fig, axes = panel_grid(len(shown), height=4.2)
    for ax, organisation in zip(axes, shown, strict=False):
        for design in data.designs:
            mine = lists[(lists["design"] == design) & (lists["organisation"] == organisation)]
            if len(mine):
                ax.plot(mine["week"] / 52, mine["waiting"], color=colour[design], lw=2.2,
                        label=name_of("design", design, lang))
        ax.set_title(wrap(name_of("org", organisation, lang), 32), loc="left")
        ax.set_xlabel(text("axis.year", lang))
        ax.set_ylabel(wrap(text("axis.waiting", lang), 22))
        ax.set_ylim(bottom=0)
        ticks(ax, lang)
        ticks(ax, lang, "y")
        ax.grid(alpha=0.3)
    designs_legend(fig, None, [plt.Line2D([], [], color=colour[d], lw=3) for d in data.designs],
            [name_of("design", d, lang) for d in data.designs])
    return fig
