"""The ten requirements of the brief as a table: the indicators the model measures for
each, per design, with the differences to the reference that are significant."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from sim.report.data import ReportData
from sim.report.figures.style import colours, outcome_scale, outcome_unit, wrap
from sim.report.texts import name_of, number, text

SCORECARD: dict[int, list[str]] = {
    1: ["lasting_reduction", "closed_good_enough", "lasting_reduction_plan"],
    2: ["days_to_first_contact", "advice"],
    3: [],
    4: ["disputed_at_court"],
    5: ["organisations_per_family", "handoffs_per_family"],
    6: ["alliance_at_close"],
    7: ["professionals_at_once"],
    8: ["avoidable_escalations"],
    9: [],
    10: [],
}
"""Requirement (sim.report.texts) -> the run-level outcomes that speak to it. Empty: the
model measures nothing of it (3: who holds which powers, 9: openness, 10: learning are not
modelled as outcomes; the report lists them, `unmeasured`). 6 has the working relationship
with the family (sim.alliance), not yet how easy adult help is to bring in."""


def unmeasured() -> list[int]:
    """The requirements no indicator speaks to, for the report to say so plainly."""
    return [number_ for number_, outcomes_ in SCORECARD.items() if not outcomes_]


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
            label = f"{text(f'outcome.{outcome}', lang)} ({outcome_unit(outcome, lang)})"
            values = []
            for design in data.designs:
                r = rows.get((outcome, design))
                mean = r.mean * outcome_scale(outcome) if r is not None else math.nan
                star = " *" if r is not None and (r.ci_low > 0 or r.ci_high < 0) else ""
                values.append(number(mean, lang, 1) + star)
            cells.append([title if k == 0 else "", label] + values)
    header = [text("score.requirement", lang), text("score.indicator", lang)] + [
        name_of("design", d, lang) for d in data.designs]
    wrapped = [[wrap(c, 22 if j == 0 else (30 if j == 1 else 13)) for j, c in enumerate(row)]
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
