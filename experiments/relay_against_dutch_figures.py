"""Does the default relay design land in the order of magnitude of the Dutch figures?

Runs the built-in default region (relay design) and prints, per year, the simulated
counts beside the national figures of ../shared/CALIBRATION_FACTS.md scaled to the
region's share of families. A quick check of the defaults, not a calibration (that
fits free parameters against a targets file).

    python experiments/relay_against_dutch_figures.py [--seed N]
"""

from __future__ import annotations

import argparse

from sim.params.population import NATIONAL_FAMILIES
from sim.runner import simulate
from sim.scenario import load_scenario

# (label, national figure per year or on a date, source, simulated column, organisation)
FIGURES = (
    ("Veilig Thuis advice cases / yr", 134_170, "CBS 2021 (two half-years)", None,
     "veilig_thuis_line"),
    ("Veilig Thuis reports / yr", 119_380, "CBS 2021 (two half-years)", "reported_sum", None),
    ("Veilig Thuis investigations / yr", 7_350, "CBS 84853NED, 2023", "investigated_sum", None),
    ("board protection investigations / yr", 14_895, "Raad annual report 2021",
     "followup_investigated_sum", None),
    ("child-protection measures requested / yr", 9_980, "Raad annual report 2021",
     "court_request_sum", None),
    ("new child-protection orders / yr", 11_303, "CBS 2021", "court_order_sum", None),
    ("orders in force (year end)", 32_095, "CBS, 31 Dec 2019", "orders_in_force_end", None),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    overrides = {"design": {"model": "relay"}, "run": {"record_events": False}}
    if args.seed is not None:
        overrides["run"]["seed"] = args.seed
    scenario = load_scenario(None, overrides)
    result = simulate(scenario)
    share = scenario.run.families / NATIONAL_FAMILIES
    yearly = result.yearly.mean(numeric_only=True)
    arrivals = result.organisations.groupby("organisation")["arrivals"].mean()
    print(f"default region, relay, {scenario.run.families:,} families "
          f"(share {share:.4f} of the country), mean of {scenario.run.years} reported years")
    print(f"{'figure':44} {'Dutch, scaled':>13} {'simulated':>10} {'ratio':>6}  source")
    for label, national, source, column, organisation in FIGURES:
        simulated = arrivals[organisation] if organisation else yearly[column]
        expected = national * share
        print(f"{label:44} {expected:>13.0f} {simulated:>10.0f} "
              f"{simulated / expected:>6.2f}  {source}")


if __name__ == "__main__":
    main()
