"""The register of design assumptions: every place where designs differ other than in
their levers, with its mechanism, neutral value, range, evidence and the outcomes it
moves.

The values live in the scenario (`[assumptions]`, sim.params.assumptions); this
register says which design each applies to: the value of one lever (the team model,
independent review). A model reads them only through `in_effect`, which gives the
neutral value to every other design, so nothing outside the register can make
designs differ. `opzet assumptions` prints the
register and `python -m sim.assumptions` writes docs/assumptions.md from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.generated import DOCS, write_or_check
from sim.paramdocs import parameter_rows
from sim.params import Scenario
from sim.params.design import Design

DOC_PATH = DOCS / "assumptions.md"


@dataclass(frozen=True)
class Assumption:
    """One design assumption (its value, unit, range and evidence: sim.params.assumptions)."""

    name: str  # field of DesignAssumptions
    lever: str  # the lever (field of sim.params.design.Design) whose value it comes with
    value: str  # that value; in every other design the assumption is neutral
    neutral: float  # the value at which it makes no difference
    mechanism: str
    moves: dict[str, str]  # outcome (sim.summary.MEASURES) -> "up" or "down", from the
    # neutral value toward the low end of the range

    @property
    def design(self) -> str:
        """The designs it applies to, as a reader sees them."""
        return f"{self.lever} = {self.value}"

    def applies(self, design: Design) -> bool:
        return getattr(design, self.lever) == self.value


REGISTER = (
    Assumption(
        "team_triage_handover", "model", "team", 1.0,
        "After triage, a share of reports (decisions.triage_handover) gets voluntary help "
        "offered without a first investigation, or goes straight to follow-up when the "
        "family refuses and the concern is serious. Below 1, the team does this less often "
        "than Veilig Thuis in the relay and investigates more reports itself.",
        {"investigations": "up"}),
    Assumption(
        "team_blame_shift", "model", "team", 0.0,
        "Every judgement the team makes (triage aside: access points judge as their own) "
        "carries the fear of blame of the relay organisation whose task it is: Veilig "
        "Thuis's for investigations and emergencies, the board's for follow-up and the "
        "internal check of a court request, the local team's for voluntary plans and the "
        "certified institution's for orders. This is added to it. Below 0 the team rates "
        "concern lower: fewer confirmed concerns, requests and orders.",
        {"court_requests": "down", "court_orders": "down"}),
    Assumption(
        "review_blame_shift", "review", "independent", 0.0,
        "A court request is checked by reading the file and taking a second look, each "
        "weighing half; an internal second opinion looks with the requesting "
        "organisation's fear of blame. An independent expert looks the same way, plus "
        "this. Below 0 it rates concern lower and withdraws more requests.",
        {"court_orders": "down"}),
    Assumption(
        "team_return_stranger_share", "model", "team", 1.0,
        "A family that returns after a closure (outside aftercare) keeps its remembered "
        "alliance (sim.alliance) only if it meets the professional it knew. In the relay it "
        "meets someone new; below 1, that many fewer returning families meet someone new in "
        "the team, and they start with the alliance they had.",
        {"alliance_at_close": "up"}),
)
BY_NAME = {assumption.name: assumption for assumption in REGISTER}


def in_effect(scenario: Scenario) -> dict[str, float]:
    """The value of every assumption in a model of the scenario: the scenario's where the
    assumption applies to its design, neutral elsewhere."""
    return {a.name: getattr(scenario.assumptions, a.name) if a.applies(scenario.design)
            else a.neutral for a in REGISTER}


def rows(scenario: Scenario | None = None) -> list[dict[str, object]]:
    """One row per assumption: name, design, value, neutral, range, unit, evidence,
    mechanism and the outcomes it moves."""
    declared = {row["path"]: row for row in parameter_rows(scenario)}
    out = []
    for a in REGISTER:
        row = declared[f"assumptions.{a.name}"]  # value, range, unit, evidence, meaning
        out.append({"name": a.name, "design": a.design, "value": row["default"],
                    "neutral": a.neutral, "low": row["low"], "high": row["high"],
                    "unit": row["unit"], "evidence": row["source"], "mechanism": a.mechanism,
                    "moves": ", ".join(f"{k} {v}" for k, v in a.moves.items()),
                    "meaning": row["meaning"]})
    return out


def markdown() -> str:
    """docs/assumptions.md: the register as a document."""
    lines = ["# Design assumptions", "",
             "Generated from `sim/assumptions.py` and `sim/params/assumptions.py` by "
             "`python -m sim.assumptions`; do not edit. Designs differ in their levers "
             "(`[design]`) and in these assumptions only: every other parameter belongs to a "
             "core task, a family or a kind of work that exists in every design. Each "
             "assumption applies to the designs with one value of one lever; set in a "
             "scenario's `[assumptions]` table, its default is the neutral value (no "
             "difference), and its range, which "
             "sensitivity analysis varies, includes that value. "
             "\"Moves\" says which outcomes go up or down as the value goes from neutral "
             "toward the low end of its range. Besides these, the mechanisms that make "
             "the designs differ (`[mechanisms]`: the costs of a handoff, pooled "
             "capacity) can be switched off to attribute a difference (`opzet compare "
             "--explain`)."]
    for row in rows():
        lines += ["", f"## `assumptions.{row['name']}`", "",
                  f"- applies to: designs with `design.{row['design']}` (neutral in every "
                  "other)",
                  f"- default {row['value']:g}, neutral {row['neutral']:g}, range "
                  f"{row['low']:g} – {row['high']:g} ({row['unit']})",
                  f"- meaning: {row['meaning']}",
                  f"- mechanism: {row['mechanism']}",
                  f"- evidence: {row['evidence']}",
                  f"- moves: {row['moves']}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/assumptions.md, or with --check report whether it is up to date."""
    return write_or_check(DOC_PATH, markdown(), "python -m sim.assumptions", argv)


if __name__ == "__main__":
    raise SystemExit(main())
