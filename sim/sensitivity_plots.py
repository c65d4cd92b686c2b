"""Figures of a sensitivity analysis: a Sobol bar chart and a Morris mu*-sigma plot.

Made for a projector: large type, colour-blind-safe colours (Okabe-Ito),
parameters by readable name and unit, every index with its interval, and the
values on the first quarter and half of the sample beside the full result so
a reader sees at once whether the indices have settled. Uses matplotlib's
Figure directly (Agg canvas): no pyplot, no global state.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000",
             "#F0E442"]
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h"]
PART_MARKERS = {0.25: ("o", "first 1/4 of the sample"), 0.5: ("^", "first 1/2 of the sample")}
FONT = 14


def plot_outcome(frame: pd.DataFrame, label: str, unit: str, confidence: float,
                 stem: Path) -> None:
    """Write `stem`.png and `stem`.svg for one outcome's rows of the indices table
    (`confidence`: the level of its intervals)."""
    draw = _sobol if frame["method"].iloc[0] == "sobol" else _morris
    figure = draw(frame, label, unit, f"{confidence:.0%}")
    for suffix in (".png", ".svg"):
        figure.savefig(stem.with_name(stem.name + suffix), dpi=150, bbox_inches="tight",
                       metadata={"Date": None} if suffix == ".svg" else None)


def _values(frame: pd.DataFrame, index: str, share: float, order: list[str]) -> pd.DataFrame:
    """One index at one sample share, a row per parameter in `order`."""
    rows = frame[(frame["index"] == index) & (frame["sample_share"] == share)]
    return rows.set_index("parameter").loc[order]


def _names(frame: pd.DataFrame, order: list[str]) -> list[str]:
    """'Readable name (unit)' per parameter."""
    first = frame.drop_duplicates("parameter").set_index("parameter").loc[order]
    return [f"{lab}\n({u})" if u and u != "-" else lab
            for lab, u in zip(first["label"], first["unit"])]


def _interval(rows: pd.DataFrame) -> np.ndarray:
    return np.vstack([rows["value"] - rows["ci_low"], rows["ci_high"] - rows["value"]])


def _sobol(frame: pd.DataFrame, label: str, unit: str, level: str) -> Figure:
    """First-order and total index per parameter, largest total first."""
    total = frame[(frame["index"] == "ST") & (frame["sample_share"] == 1.0)]
    order = list(total.sort_values("value", ascending=False)["parameter"])
    y = np.arange(len(order))
    figure = Figure(figsize=(12, 2.2 + 1.0 * len(order)))
    ax = figure.subplots()
    for offset, index, colour, name in ((-0.2, "S1", OKABE_ITO[0], "first order (S1)"),
                                        (0.2, "ST", OKABE_ITO[1], "total (ST)")):
        rows = _values(frame, index, 1.0, order)
        ax.barh(y + offset, rows["value"], height=0.38, color=colour, label=name,
                xerr=_interval(rows), error_kw={"capsize": 4, "elinewidth": 1.5})
        for share, (marker, text) in PART_MARKERS.items():
            part = _values(frame, index, share, order)
            ax.plot(part["value"], y + offset, marker, color="black", markerfacecolor="white",
                    markersize=7, linestyle="none", label=text if index == "S1" else None)
    ax.axvline(0, color="grey", linewidth=1)
    ax.set_yticks(y, _names(frame, order), fontsize=FONT - 2)
    ax.invert_yaxis()
    ax.set_xlabel(f"Sobol index: share of the variance of {label} between sample points",
                  fontsize=FONT)
    ax.set_title(f"What drives {label} ({unit})\nbars: whole sample with "
                 f"{level} bootstrap interval", fontsize=FONT + 1)
    ax.tick_params(axis="x", labelsize=FONT - 2)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=FONT - 3, loc="lower right", framealpha=0.9)
    return figure


def _morris(frame: pd.DataFrame, label: str, unit: str, level: str) -> Figure:
    """mu* against sigma per parameter, with intervals and the path over the sample parts."""
    mu_star = frame[(frame["index"] == "mu_star") & (frame["sample_share"] == 1.0)]
    order = list(mu_star.sort_values("value", ascending=False)["parameter"])
    names = [n.replace("\n", " ") for n in _names(frame, order)]
    figure = Figure(figsize=(13, 7.5))
    ax = figure.subplots()
    full_x, full_y = _values(frame, "mu_star", 1.0, order), _values(frame, "sigma", 1.0, order)
    for j, parameter in enumerate(order):
        colour, marker = OKABE_ITO[j % len(OKABE_ITO)], MARKERS[j % len(MARKERS)]
        x, y = full_x.loc[[parameter]], full_y.loc[[parameter]]
        ax.errorbar(x["value"], y["value"], xerr=_interval(x), yerr=_interval(y), fmt=marker,
                    color=colour, markersize=11, capsize=3, label=names[j])
        path_x, path_y = [], []
        for share in (*PART_MARKERS, 1.0):
            path_x.append(_values(frame, "mu_star", share, [parameter])["value"].iloc[0])
            path_y.append(_values(frame, "sigma", share, [parameter])["value"].iloc[0])
        ax.plot(path_x, path_y, ":", color=colour, linewidth=1)
        for (share, (part_marker, _)), px, py in zip(PART_MARKERS.items(), path_x, path_y):
            ax.plot(px, py, part_marker, color=colour, markerfacecolor="white", markersize=6)
    top = float(np.nanmax([full_x["ci_high"].max(), full_y["ci_high"].max()]))
    ax.plot([0, top], [0, top], "--", color="grey", linewidth=1,
            label="sigma = mu*: the effect depends on the other parameters (above)")
    for share, (marker, text) in PART_MARKERS.items():
        ax.plot([], [], marker, color="black", markerfacecolor="white", label=text)
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(f"mu*: mean absolute effect on {label}\n({unit}, moving one parameter "
                  "across its whole range)", fontsize=FONT)
    ax.set_ylabel(f"sigma: spread of the effects ({unit})", fontsize=FONT)
    ax.set_title(f"Morris screening of {label}\nwhole sample with {level} "
                 "bootstrap intervals", fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT - 2)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT - 3, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return figure

