"""The register of design assumptions: every place where designs differ other than in
their levers, with its mechanism, neutral value, range, evidence and the outcomes it
moves.

The values live in the scenario (`[assumptions]`, sim.params.assumptions); this
register says which design each applies to. A model reads them only through
`in_effect`, which gives the neutral value to every other design, so nothing
outside the register can make designs differ. `opzet assumptions` prints the
register and `python -m sim.assumptions` writes docs/assumptions.md from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.generated import DOCS, write_or_check
from sim.paramdocs import parameter_rows
from sim.params import Scenario

DOC_PATH = DOCS / "assumptions.md"


@dataclass(frozen=True)
class Assumption:
    """One design assumption (its value, unit, range and evidence: sim.params.assumptions)."""

    name: str  # field of DesignAssumptions
    design: str  # the design (sim.routing) it applies to; every other design is neutral
    neutral: float  # the value at which it makes no difference
    mechanism: str
    moves: dict[str, str]  # outcome (sim.summary.MEASURES) -> "up" or "down", from the
    # neutral value toward the low end of the range


REGISTER = (
    Assumption(
        "team_triage_handover", "team", 1.0,
        "After triage, a share of reports (decisions.triage_handover) gets voluntary help "
        "offered without a first investigation, or goes straight to follow-up when the "
        "family refuses and the concern is serious. Below 1, the team does this less often "
        "than Veilig Thuis in the relay and investigates more reports itself.",
        {"investigations": "up"}),
)
BY_NAME = {assumption.name: assumption for assumption in REGISTER}


def in_effect(scenario: Scenario, design: str) -> dict[str, float]:
    """The value of every assumption in a model of `design`: the scenario's where the
    assumption applies to that design, neutral elsewhere."""
    return {a.name: getattr(scenario.assumptions, a.name) if a.design == design else a.neutral
            for a in REGISTER}


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
             "assumption applies to one design; set in a scenario's `[assumptions]` table, "
             "its default is the neutral value (no difference), and its range, which "
             "sensitivity analysis varies, includes that value. \"Moves\" says which outcomes "
             "go up or down as the value goes from neutral toward the low end of its range."]
    for row in rows():
        lines += ["", f"## `assumptions.{row['name']}`", "",
                  f"- applies to: the {row['design']} design (neutral in every other)",
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
