"""The report's figures: one function per figure, every word from sim.report.texts.

Made for a projector and a policy note: large fonts, units on every axis, a
colour-blind-safe palette (Okabe and Ito) in which a design keeps its colour in
every figure, and no figure that needs the code to be read. Each function takes
the report data and a language and returns a figure, or None when the folder
holds no data for it. Each kind of figure has a module of its own; the look they
share is in `style`.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.attribution_waterfall import attribution
from sim.report.figures.comparison import differences, outcomes
from sim.report.figures.family_paths import family
from sim.report.figures.family_shares import contacts, times
from sim.report.figures.journey_slides import journey
from sim.report.figures.robustness_shares import regret, shares
from sim.report.figures.scenario_boxes import box, pairs, tradeoff
from sim.report.figures.scorecard_table import scorecard
from sim.report.figures.sensitivity_bars import sensitivity
from sim.report.figures.style import STYLE
from sim.report.figures.survival import lasting
from sim.report.figures.waiting_lists import waiting

Drawn = Figure | dict[str, Figure] | None
"""A figure function's result: one figure, one per design (journey, family), or None (no
data)."""


def parts(key: str, drawn: Drawn) -> list[tuple[str, str | None, Figure]]:
    """A drawn figure as (file stem, design or None, figure): one per design for a figure
    drawn per design, named <key>-<design>."""
    if drawn is None:
        return []
    if isinstance(drawn, Figure):
        return [(key, None, drawn)]
    return [(f"{key}-{design}", design, fig) for design, fig in drawn.items()]


FIGURES: dict[str, Callable[[ReportData, str], Drawn]] = {
    "outcomes": outcomes, "differences": differences, "attribution": attribution,
    "journey": journey, "family": family, "contacts": contacts, "times": times, "waiting": waiting,
    "lasting": lasting, "scorecard": scorecard, "sensitivity": sensitivity,
    "robustness": shares, "regret": regret, "tradeoff": tradeoff, "box": box, "pairs": pairs,
}
"""Figure key (sim.report.texts.FIGURE_KEYS) -> the function that draws it."""
ROBUSTNESS = ("robustness", "regret", "tradeoff", "box", "pairs")
"""The figures of `opzet robustness`: a section of their own in the report."""
OPTIONAL = ("attribution", "sensitivity", *ROBUSTNESS)
"""Figures of what only some results folders hold (`compare --explain`, `sensitivity`,
`robustness`): a report without them does not say they are missing."""


def draw(data: ReportData, lang: str) -> dict[str, Drawn]:
    """Every figure of the report (None where the folder holds no data for it)."""
    with plt.rc_context(STYLE):
        return {key: make(data, lang) for key, make in FIGURES.items()}


__all__ = ["FIGURES", "OPTIONAL", "ROBUSTNESS", "Drawn", "draw", "parts"]
