"""The most influential uncertain parameters per outcome, from a sensitivity analysis."""

from __future__ import annotations

from matplotlib.figure import Figure

from sim.report.data import ReportData
from sim.report.figures.hover import interval, tip
from sim.report.figures.style import OKABE_ITO, panel_grid, ticks, wrap
from sim.report.texts import text
from sim.summary import MEASURES


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
    fig, axes = panel_grid(len(outcome_names), columns=2, height=0.5 * top + 1.5)
    for ax, outcome in zip(axes, outcome_names, strict=False):
        mine = chosen[chosen["outcome"] == outcome].nlargest(top, "value").iloc[::-1]
        low = (mine["value"] - mine["ci_low"]).clip(lower=0).fillna(0)
        high = (mine["ci_high"] - mine["value"]).clip(lower=0).fillna(0)
        bars = ax.barh(range(len(mine)), mine["value"], xerr=[low, high],
                       color=OKABE_ITO["blue"], capsize=4)
        labels = [str(label) for label in mine["label"].fillna(mine["parameter"])]
        for bar, label, row in zip(bars.patches, labels, mine.itertuples(), strict=True):
            tip(bar, interval(label, row.value, row.ci_low, row.ci_high, "", lang))
        ax.set_yticks(range(len(mine)), [wrap(label, 30) for label in labels])
        key = f"outcome.{outcome}"
        ax.set_title(text(key, lang) if key in _OUTCOME_KEYS else str(outcome), loc="left")
        ax.set_xlabel(text(f"sens.index.{index}", lang))
        ticks(ax, lang)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.text(0.01, 0.005, text("sens.parameters_note", lang), fontsize=14)
    return fig


_OUTCOME_KEYS = {f"outcome.{name}" for name in MEASURES}
