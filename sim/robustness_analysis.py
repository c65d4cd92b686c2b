"""The analysis of a robustness study, for any table of runs: which design does well across
the uncertainty space, and how much a choice can cost.

Every design runs at every sample point of the uncertain parameters, R times on common
random numbers (replication r on the same seed at every point and in every design). Per
point and outcome this gives each design's mean, its paired difference to the reference
with a t interval over the replications, and a verdict: *better* when the interval lies
wholly on the better side of 0 and the difference exceeds the outcome's margin (the
smallest difference that matters), *worse* the other way round, and *as good* otherwise
(no difference shown: within the margin, or not told apart from 0 at R replications).
Per design and outcome: the share of the sample points with each verdict, with a Wilson
interval (how well the sample of points tells the share of the space), the mean and the
worst difference; and the regret at each point, how much worse the design is than the
best design there, with its maximum over the space, by which designs are ranked (minimax
regret: the choice whose worst shortfall is smallest). Which way is better is declared once
per outcome (sim.summary.MEASURES, or the study where that leaves it open).

`analyse(runs, points, reference, criteria, questions)` works on any model's runs;
sim.robustness runs the simulation's studies, sim.scenario_discovery finds the boxes of
the space where a question's answer is yes. docs/robustness.md explains the method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field
from scipy import stats

from sim.params.base import UserInput
from sim.scenario_discovery import BOX_COLUMNS, TRAJECTORY_COLUMNS, discover

VERDICTS = ("better", "as_good", "worse")
WHEN = {"worse": ("worse",), "not_better": ("as_good", "worse"), "better": ("better",),
        "not_worse": ("better", "as_good")}
"""What a question asks of a point's verdict: the verdicts that answer yes."""
DEFAULT_WHEN = "not_better"

POINT_COLUMNS = ["sample", "design", "outcome", "mean", "diff", "ci_low", "ci_high", "n",
                 "verdict", "regret"]
"""points.csv, before the sampled parameters: one row per sample point, design and outcome
(the reference without difference and verdict)."""
ROBUSTNESS_COLUMNS = ["outcome", "label", "unit", "better", "margin", "design", "points",
                      "share_better", "better_low", "better_high", "share_as_good",
                      "as_good_low", "as_good_high", "share_worse", "worse_low", "worse_high",
                      "mean_diff", "worst_diff", "worst_low", "worst_high", "worst_sample",
                      "half_width"]
"""robustness.csv: per outcome and design (the reference aside); half_width is the median
half-width of the points' intervals, the resolution that tells "as good" from "not told
apart"."""
REGRET_COLUMNS = ["outcome", "label", "unit", "better", "design", "rank", "max_regret",
                  "max_regret_sample", "mean_regret", "best_share", "points"]
"""regret.csv: per outcome and design, the reference included; rank 1 has the least
maximum regret."""


class Question(UserInput):
    """A question for scenario discovery: where in the space does `design` answer `when`
    on `outcome` (compared with the reference)?"""

    name: str | None = Field(None, description="how tables and figures name it (default: "
                                               "design_when_outcome)")
    design: str = Field(description="a design of the experiment other than the reference")
    outcome: str = Field(description="an outcome of the experiment")
    when: Literal["worse", "not_better", "better", "not_worse"] = Field(
        DEFAULT_WHEN, description="the verdicts that answer yes")
    threshold: float | None = Field(None, gt=0, le=1, description="density the box must "
                                    "reach (default: robustness.threshold)")


class Settings(UserInput):
    """The [robustness] table."""

    reference: str | None = Field(None, description="the design the others are compared "
                                                    "with (default: the first)")
    assumptions: bool | list[str] = Field(
        True, description="vary the design assumptions on their plausible ranges: true (all), "
                          "false (none) or a list of names")
    better: dict[str, Literal["lower", "higher"]] = Field(
        default_factory=dict, description="which way is better, for outcomes sim.summary "
                                          "leaves open")
    margin: dict[str, float] = Field(
        default_factory=dict, description="per outcome the smallest difference that "
                                          "matters, in its unit (default 0)")
    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="level of every interval")
    threshold: float = Field(0.8, gt=0, le=1, description="density a box must reach: the "
                                                         "share of its points that answer yes")
    questions: list[Question] = Field(
        default_factory=list, description="for scenario discovery (default: every design "
                                          "other than the reference on every outcome, "
                                          "not_better)")


@dataclass(frozen=True)
class Criterion:
    """How one outcome is judged."""

    outcome: str
    label: str
    unit: str
    better: Literal["lower", "higher"]
    margin: float = 0.0

    @property
    def sign(self) -> int:
        """+1 where higher is better, -1 where lower is: sign x difference > 0 is better."""
        return 1 if self.better == "higher" else -1


@dataclass(frozen=True)
class Asked:
    """A question as resolved: its name and threshold filled in."""

    name: str
    design: str
    outcome: str
    when: str
    threshold: float


@dataclass
class Analysis:
    """The tables of a robustness analysis (the columns above; boxes and trajectory:
    sim.scenario_discovery)."""

    points: pd.DataFrame
    robustness: pd.DataFrame
    regret: pd.DataFrame
    boxes: pd.DataFrame
    trajectory: pd.DataFrame


def analyse(runs: pd.DataFrame, points: pd.DataFrame, reference: str,
            criteria: list[Criterion], questions: list[Asked], confidence: float = 0.95,
            designs: list[str] | None = None,
            ranges: dict[str, tuple[float, float]] | None = None,
            labels: dict[str, tuple[str, str]] | None = None) -> Analysis:
    """The robustness of every design against `reference` on every criterion.

    runs: one row per run with design, sample, replication and a column per outcome
    (replications paired by number); points: the sampled parameters, one row per sample
    (index or column "sample"); designs: their order (default: as in runs); ranges: each
    parameter's range for the boxes (default: the sample's); labels: parameter -> (name,
    unit).
    """
    designs = designs if designs is not None else list(dict.fromkeys(runs["design"]))
    points = points.set_index("sample") if "sample" in points.columns else points
    table = point_table(runs, reference, designs, criteria, confidence)
    shown = table.merge(points, left_on="sample", right_index=True, how="left")
    boxes, trajectory = [], []
    for question in questions:
        found = discover(points, answers(table, question), question.threshold, ranges, labels)
        boxes.append(found.boxes.assign(**_identity(question)))
        trajectory.append(found.trajectory.assign(question=question.name))
    return Analysis(
        shown.reset_index(drop=True),
        shares(table, reference, designs, criteria, confidence),
        regret(table, designs, criteria),
        _frame(boxes, BOX_COLUMNS), _frame(trajectory, TRAJECTORY_COLUMNS))


def point_table(runs: pd.DataFrame, reference: str, designs: list[str],
                criteria: list[Criterion], confidence: float = 0.95) -> pd.DataFrame:
    """POINT_COLUMNS: per sample point, design and outcome the mean over replications, the
    paired difference to the reference with its t interval, the verdict and the regret."""
    frames = []
    for criterion in criteria:
        wide = runs.pivot(index=["sample", "replication"], columns="design",
                          values=criterion.outcome).reindex(columns=designs)
        means = wide.groupby(level="sample").mean()
        best = (criterion.sign * means).max(axis=1)
        for design in designs:
            frame = pd.DataFrame({"sample": means.index, "design": design,
                                  "outcome": criterion.outcome,
                                  "mean": means[design].to_numpy()})
            frame["regret"] = (best - criterion.sign * means[design]).to_numpy()
            if design == reference:
                frame["n"] = wide[design].groupby(level="sample").count().to_numpy()
                frame["diff"] = frame["ci_low"] = frame["ci_high"] = math.nan
                frame["verdict"] = ""
            else:
                paired = (wide[design] - wide[reference]).groupby(level="sample")
                diff, low, high, n = _intervals(paired.mean(), paired.std(ddof=1),
                                                paired.count(), confidence)
                frame["diff"], frame["ci_low"], frame["ci_high"] = diff, low, high
                frame["n"] = n
                frame["verdict"] = verdicts(diff, low, high, n, criterion)
            frames.append(frame)
    table = pd.concat(frames, ignore_index=True)[POINT_COLUMNS]
    return table.astype({"sample": "int64", "n": "int64"})


def _intervals(mean: pd.Series, sd: pd.Series, n: pd.Series, confidence: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The t interval of each point's mean paired difference (sim.statistics.paired_ci,
    for every point at once): NaN where fewer than two pairs were measured."""
    n = n.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        half = stats.t.ppf(0.5 + confidence / 2, np.where(n > 1, n - 1, np.nan)) \
            * sd.to_numpy() / np.sqrt(n)
    mean = mean.to_numpy()
    return mean, mean - half, mean + half, n


def verdicts(diff: np.ndarray, low: np.ndarray, high: np.ndarray, n: np.ndarray,
             criterion: Criterion) -> np.ndarray:
    """"better", "as_good" or "worse" per point ("" where fewer than two pairs measured)."""
    s = criterion.sign
    edge_low, edge_high = np.minimum(s * low, s * high), np.maximum(s * low, s * high)
    out = np.where((edge_low > 0) & (s * diff > criterion.margin), "better",
                   np.where((edge_high < 0) & (s * diff < -criterion.margin), "worse",
                            "as_good"))
    return np.where(np.asarray(n) >= 2, out, "")


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a share k/n (NaN without points)."""
    if n == 0:
        return math.nan, math.nan
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def shares(table: pd.DataFrame, reference: str, designs: list[str],
           criteria: list[Criterion], confidence: float = 0.95) -> pd.DataFrame:
    """ROBUSTNESS_COLUMNS from the point table: per outcome and design the share of the
    measured points with each verdict (Wilson interval), the mean and the worst
    difference with its interval and point, and the median half-width of the intervals."""
    rows = []
    for criterion in criteria:
        for design in designs:
            if design == reference:
                continue
            mine = table[(table["outcome"] == criterion.outcome) & (table["design"] == design)
                         & (table["verdict"] != "")]
            n = len(mine)
            row: dict[str, Any] = {"outcome": criterion.outcome, "label": criterion.label,
                                   "unit": criterion.unit, "better": criterion.better,
                                   "margin": criterion.margin, "design": design, "points": n}
            for verdict in VERDICTS:
                k = int((mine["verdict"] == verdict).sum())
                low, high = wilson(k, n, confidence)
                row |= {f"share_{verdict}": k / n if n else math.nan,
                        f"{verdict}_low": low, f"{verdict}_high": high}
            worst = mine.loc[(criterion.sign * mine["diff"]).idxmin()] if n else None
            row |= {"mean_diff": float(mine["diff"].mean()) if n else math.nan,
                    "worst_diff": worst["diff"] if n else math.nan,
                    "worst_low": worst["ci_low"] if n else math.nan,
                    "worst_high": worst["ci_high"] if n else math.nan,
                    "worst_sample": int(worst["sample"]) if n else -1,
                    "half_width": float(((mine["ci_high"] - mine["ci_low"]) / 2).median())
                    if n else math.nan}
            rows.append(row)
    return pd.DataFrame(rows, columns=ROBUSTNESS_COLUMNS)


def regret(table: pd.DataFrame, designs: list[str], criteria: list[Criterion]) -> pd.DataFrame:
    """REGRET_COLUMNS from the point table: per outcome and design the largest regret over
    the points (and where), the mean regret, the share of points where it is the best
    design, and its rank by minimax regret (ties: the smaller mean regret first)."""
    rows = []
    for criterion in criteria:
        mine = table[(table["outcome"] == criterion.outcome) & table["regret"].notna()]
        block = []
        for design in designs:
            own = mine[mine["design"] == design]
            worst = own.loc[own["regret"].idxmax()] if len(own) else None
            block.append({"outcome": criterion.outcome, "label": criterion.label,
                          "unit": criterion.unit, "better": criterion.better,
                          "design": design,
                          "max_regret": worst["regret"] if worst is not None else math.nan,
                          "max_regret_sample": int(worst["sample"]) if worst is not None
                          else -1,
                          "mean_regret": float(own["regret"].mean()) if len(own) else math.nan,
                          "best_share": float((own["regret"] == 0).mean()) if len(own)
                          else math.nan,
                          "points": len(own)})
        order = sorted(range(len(block)), key=lambda i: (
            _last_if_nan(block[i]["max_regret"]), _last_if_nan(block[i]["mean_regret"]), i))
        for rank, i in enumerate(order, start=1):
            block[i]["rank"] = rank
        rows += block
    return pd.DataFrame(rows, columns=REGRET_COLUMNS)


def _last_if_nan(value: float) -> float:
    return math.inf if math.isnan(value) else value


def answers(table: pd.DataFrame, question: Asked) -> pd.Series:
    """Per measured sample point whether it answers the question yes (sample -> bool)."""
    mine = table[(table["design"] == question.design) & (table["outcome"] == question.outcome)
                 & (table["verdict"] != "")]
    return pd.Series(mine["verdict"].isin(WHEN[question.when]).to_numpy(),
                     index=mine["sample"].to_numpy(), name=question.name)


def _identity(question: Asked) -> dict[str, Any]:
    return {"question": question.name, "design": question.design,
            "outcome": question.outcome, "when": question.when,
            "threshold": question.threshold}


def _frame(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


__all__ = ["Analysis", "Asked", "Criterion", "Question", "Settings", "analyse", "answers",
           "point_table", "regret", "shares", "verdicts", "wilson"]
