"""Core tasks 2 and 3, first contact and advice: after a first contact at an access point,
advice only, voluntary help, or an investigation."""

from __future__ import annotations

import numpy as np

from sim.families import WEEK
from sim.network_actors import close_ties
from sim.stages import Stage
from sim.tasks.base import Task


class Advice(Task):
    """Decides for all access points at once, on the contacts that ended this week."""

    name = "advice"
    stage = Stage.ACCESS

    def decide(self, ids: np.ndarray, point: np.ndarray, t: np.ndarray) -> None:
        """`point`: the access point of each family (organisation index)."""
        if not len(ids):
            return
        d, cases, ledger = self.config.decisions, self.cases, self.ledger
        p = self.judgement.perceive(ids, point, t, "decide:access")
        report = self.chain.is_report[ids]
        handed_on = self._handed_on_after_triage(ids, report)
        investigate = (p >= d.investigate_threshold) & ~handed_on
        offer = ~investigate & (p >= d.help_threshold)
        agree = self.judgement.agrees(ids, "decide:access_consent")
        help_ = offer & agree
        refused = offer & ~agree
        serious = refused & report & (p >= d.escalation_threshold)
        to_board = serious & handed_on
        investigate |= serious & ~handed_on
        rest = ~investigate & ~help_ & ~to_board
        ledger.note(t[investigate], ids[investigate], point[investigate], "investigate",
                    p[investigate])
        cases.move(ids[investigate], Stage.INVESTIGATION, t[investigate])
        ledger.note(t[to_board], ids[to_board], point[to_board], "followup", p[to_board])
        cases.move(ids[to_board], Stage.FOLLOWUP, t[to_board])
        cases.offer_client_support(ids[to_board], t[to_board])
        ledger.note(t[help_], ids[help_], point[help_], "voluntary_help", p[help_])
        cases.start_voluntary(ids[help_], t[help_])
        ledger.missed(ids[rest])
        cases.close(ids[rest], t[rest], point[rest], "advice_only", p[rest])
        aware = ids[rest & ~report]
        aware_until = self.model.families.aware_until
        aware_until[aware] = np.maximum(aware_until[aware], t[rest & ~report]
                                        + self.config.network.awareness_weeks * WEEK)
        self._alert_close_ties(aware, t[rest & ~report])

    def _alert_close_ties(self, ids: np.ndarray, t: np.ndarray) -> None:
        """After advice, the family's close ties stay alert for a while: they notice
        concerns in the other families they know more readily (sim.tasks.noticing)."""
        nw = self.config.network
        if not len(ids) or nw.alert_spread_weeks == 0:
            return
        ties = close_ties(self.model.network.ties, ids, nw.alert_tie_strength)
        self.model.network.alert(ties, float(t.max()) + nw.alert_spread_weeks * WEEK)

    def _handed_on_after_triage(self, ids: np.ndarray, report: np.ndarray) -> np.ndarray:
        """Reports that whoever triages them (Veilig Thuis, or the team) does not
        investigate: voluntary help is offered instead, and a family that refuses while the
        concern is serious goes straight to follow-up. How often the team does this,
        relative to Veilig Thuis, is a design assumption (sim.assumptions)."""
        share = (self.config.decisions.triage_handover
                 * self.model.assumptions["team_triage_handover"])
        if share == 0 or not report.any():
            return np.zeros(len(ids), dtype=bool)
        u = self.model.streams("decide:triage").random(len(ids))
        return report & (u < share)
