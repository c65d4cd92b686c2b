"""Outcomes per design side by side: each design's mean, and its paired difference to the
reference design, with 95% intervals."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from sim.report.data import ReportData
from sim.report.figures.hover import interval, tip, unit_of
from sim.report.figures.style import (
    colours,
    difference_axis,
    outcome_scale,
    outcome_unit,
    panel_grid,
    ticks,
    wrap,
)
from sim.report.texts import name_of, text
from sim.statistics import paired_ci

HEADLINE = ["handoffs_per_family", "organisations_per_family", "professionals_at_once",
            "days_to_first_contact", "days_to_help", "court_orders", "placements",
            "avoidable_escalations", "lasting_reduction"]
"""Outcomes in the outcome and difference figures: what a family would ask about."""


def _measured(data: ReportData, outcomes: list[str]) -> list[str]:
    return [o for o in outcomes if o in data.runs and data.runs[o].notna().any()]


def outcomes(data: ReportData, lang: str) -> Figure | None:
    """Mean per design with a 95% confidence interval over replications, per outcome."""
    chosen = _measured(data, HEADLINE)
    colour = colours(data.designs)
    fig, axes = panel_grid(len(chosen), height=0.45 * len(data.designs) + 1.6)
    for k, (ax, outcome) in enumerate(zip(axes, chosen, strict=False)):
        scale = outcome_scale(outcome)
        for row, design in enumerate(data.designs):
            values = data.runs.loc[data.runs["design"] == design, outcome] * scale
            mean, low, high, n = paired_ci(values)  # the t interval of a mean
            half = (high - low) / 2 if n > 1 else 0.0
            point = ax.errorbar(mean, row, xerr=half, fmt="o", color=colour[design],
                                markersize=9, capsize=5, elinewidth=2.5)
            tip(point, interval(name_of("design", design, lang), mean, low, high,
                                unit_of(outcome, lang), lang))
        ax.set_yticks(range(len(data.designs)),
                      [name_of("design", d, lang) for d in data.designs] if k % 3 == 0 else [])
        ax.set_ylim(len(data.designs) - 0.5, -0.5)
        ax.set_title(wrap(text(f"outcome.{outcome}", lang), 30), loc="left")
        ax.set_xlabel(wrap(outcome_unit(outcome, lang), 34))
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ticks(ax, lang)
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
    fig, axes = panel_grid(len(chosen), height=0.45 * len(others) + 1.8)
    for k, (ax, outcome) in enumerate(zip(axes, chosen, strict=False)):
        scale = outcome_scale(outcome)
        for row, design in enumerate(others):
            r = rows[(outcome, design)]
            low, high = r.ci_low * scale, r.ci_high * scale
            xerr = [[r.diff * scale - low], [high - r.diff * scale]] if not math.isnan(low) \
                else None
            point = ax.errorbar(r.diff * scale, row, xerr=xerr, fmt="o", color=colour[design],
                                markersize=9, capsize=5, elinewidth=2.5)
            tip(point, interval(text("hover.difference", lang, design=name_of(
                "design", design, lang), reference=reference), r.diff * scale, low, high,
                unit_of(outcome, lang), lang))
        ax.axvline(0, color="#555555", linestyle=":", linewidth=2)
        ax.set_yticks(range(len(others)),
                      [name_of("design", d, lang) for d in others] if k % 3 == 0 else [])
        ax.set_ylim(len(others) - 0.5, -0.5)
        difference_axis(ax, outcome, lang, reference, (30, 34), 4)
    fig.tight_layout()
    return fig
