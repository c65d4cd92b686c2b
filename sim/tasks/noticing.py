"""Core tasks 1 and 2, noticing and access: ties and community professionals notice
concerns, and families or those around them ask for advice or report at an access point."""

from __future__ import annotations

import numpy as np

from sim.compiled import compiled
from sim.families import VIOLENCE, WEEK, has_problem
from sim.network import ROLES
from sim.network_actors import NO_TIE, attention_shares, draw_ties, sorted_unique
from sim.portable_math import CONSTANTS, exp_one
from sim.stages import Stage
from sim.tasks.base import Task, Week

NETWORK, POLICE = 1, 6
"""Noticers, as columns: self, network, school, GP, childcare, sports, police."""

ATTENTION_WEEKS = 13
"""How often the places' shared attention is brought up to date (weeks; assumption: how many
families with a concern a school or practice sees changes over a term, not a week)."""


class Noticing(Task):
    """Who notices a family's concern each week, what they do, and where they go."""

    name = "noticing"

    def __init__(self, model) -> None:
        super().__init__(model)
        points = model.access_points
        self.advice_points = [p for p in points if p.kind in ("advice", "both")]
        self.report_points = [p for p in points if p.kind in ("report", "both")]
        self.choice_edges = {report: self._edges(report) for report in (True, False)}
        n, places = len(model.families), model.network.places
        # the ties alert this week, listed (to find whose alert ends) and marked (to find
        # whose alert begins)
        self.alert_ids = np.empty(0, dtype=np.int64)
        self.is_alert = np.zeros(n, dtype=bool)
        self.alert_weight = np.ones(n, dtype=np.float32)  # their weight in drawing who notices
        self.alert_rate = np.zeros(n, dtype=np.float32)  # noticing they add
        self.members = {role: np.bincount(places[role][places[role] >= 0]) for role in ROLES}
        # weekly rate at concern 1 without police and alert ties: changes only with the
        # places' attention (the network and the access points are fixed)
        rates = self._rates()
        self.coefficient = rates[:, :POLICE].sum(axis=1)
        self.unshared = rates[:, :2].sum(axis=1)  # self and ties
        # the places' rates with their attention whole and now, a row per role
        self.place_rate = np.ascontiguousarray(rates[:, 2:POLICE].T)
        self.place_now = self.place_rate.copy()
        c, nt = model.config, model.config.noticing
        self.bound = self.coefficient + nt.police_violence  # _candidates
        self.report_base, self.ask_base = self._acting_chances()
        # the settings of the compiled pass, in the types numpy gave them (see _noticed)
        self.pass_settings = (np.float32(c.concern.noticeable),
                              np.float32(1 - c.concern.noticeable), nt.police_violence,
                              np.float32(nt.by_self), np.float32(nt.by_network),
                              CONSTANTS[np.dtype(np.float64)])

    def step(self, week: Week) -> None:
        """Ties and community professionals notice concerns and act on them.

        One uniform per family per week (drawn for every family, so every design
        sees the same numbers): where it falls decides whether someone noticed,
        who (self, network, school, GP, childcare, sports, police), and within
        that, what they do (talk, ask for advice, report) and where they go.
        """
        t0, t1 = week.t0, week.t1
        f, c, nt = self.model.families, self.config, self.config.noticing
        u = self.model.streams.floats("noticing", len(f))
        changed = self._alertness(t0)
        if self._share_attention():
            changed = slice(None)
        self.bound[changed] = (self.coefficient[changed] + self.alert_rate[changed]
                               + nt.police_violence)
        ids, who, v, level = self._who_noticed(u)
        if not len(ids):
            return
        self.ledger.count("noticed_by_tie", ids[who == NETWORK])
        f.aware_until[ids] = t1 + c.network.awareness_weeks * WEEK
        first = ids[np.isnan(self.ledger.outcomes.first_noticed[ids])]
        if self.ledger.reporting:
            self.ledger.outcomes.first_noticed[first] = t0
        self.chain.incidents[ids[who == POLICE]] += 1
        free = self.chain.stage[ids] == Stage.NONE
        self._act(ids[free], who[free], v[free], level[free], t0)

    def _who_noticed(self, u: np.ndarray) -> tuple[np.ndarray, ...]:
        """The families noticed this week, given their uniforms `u`; who noticed, where
        the uniform fell within that noticer's share, and the concern's level (_noticed)."""
        f = self.model.families
        return _noticed(self._candidates(u), u, f.concern, f.problems, self.coefficient,
                        self.alert_rate, self.model.network.strength_sum, self.place_now,
                        *self.pass_settings)

    def _candidates(self, u: np.ndarray) -> np.ndarray:
        """The families that may be noticed this week, given their uniforms `u`: with a
        noticeable concern or violence, and a uniform below `bound`. The chance can never
        exceed the sum of all rates (concern at most 1) and the police's, so families
        whose uniform is above even that are passed over at once (a vector compare is as
        fast as a compiled one)."""
        f = self.model.families
        return np.flatnonzero(((f.concern > self.config.concern.noticeable)
                               | has_problem(f.problems, VIOLENCE)) & (u < self.bound))

    def _share_attention(self) -> bool:
        """Every term: how far each school, GP, childcare and club can attend to the
        families with a concern it sees (sim.network_actors.attention_shares)."""
        nw = self.config.network
        if nw.attention_sharing == 0 or self.model.week % ATTENTION_WEEKS:
            return False
        f, places = self.model.families, self.model.network.places
        concerned = np.flatnonzero(f.concern > self.config.concern.noticeable)
        coefficient = self.unshared.copy()
        for k, role in enumerate(ROLES):
            attention = attention_shares(places[role], self.members[role], concerned,
                                         nw.attention_capacity, nw.attention_sharing)
            np.multiply(self.place_rate[k], attention, out=self.place_now[k])
            coefficient += self.place_now[k]
        self.coefficient = coefficient
        return True

    def _alertness(self, t0: float) -> np.ndarray:
        """This week's extra noticing rate through ties alerted by an advice contact
        (sim.tasks.access), updated only for the ties whose alert began or ended (looking
        only at the ties alert last week and those alerted since). Returns the families
        whose noticing rate changed."""
        net, nw = self.model.network, self.config.network
        fresh = net.take_newly_alert()
        if nw.alert_spread_gain == 0 or nw.alert_spread_weeks == 0:
            return fresh[:0]  # (taken all the same: the list must not grow)
        still = net.alert_until[self.alert_ids] > t0
        ended = self.alert_ids[~still]
        begun = sorted_unique(fresh[~self.is_alert[fresh] & (net.alert_until[fresh] > t0)])
        if not len(ended) and not len(begun):
            return ended
        self.alert_ids = np.concatenate((self.alert_ids[still], begun))
        self.is_alert[ended] = False
        self.is_alert[begun] = True
        changed = np.concatenate((ended, begun))
        order = np.argsort(changed)  # in order of tie, as the sums were always made
        return _alert_changes(net.ties.indptr, net.ties.indices, net.ties.data, changed[order],
                              order >= len(ended), self.alert_rate, self.alert_weight,
                              self.config.noticing.by_network * nw.alert_spread_gain,
                              nw.alert_spread_gain)

    def _tie(self, ids: np.ndarray, by_tie: np.ndarray, t0: float) -> np.ndarray:
        """Which tie acted, for the families `by_tie` marks (NO_TIE elsewhere): drawn by tie
        strength, alerted ties weighing more, from a number keyed per family and week (the
        same in every design, and whoever else is drawn for). Only the record keeps it, so
        it is drawn only while the record is kept."""
        tie = np.full(len(ids), NO_TIE, dtype=np.int64)
        if self.ledger.reporting and by_tie.any():
            u = self.model.streams.keyed("noticing:tie", int(t0), ids[by_tie])
            tie[by_tie] = draw_ties(self.model.network.ties, ids[by_tie], u, self.alert_weight)
        return tie

    def _act(self, ids, who, v, level, t0: float) -> None:
        """Noticers of families not yet in contact report, ask for advice, or only talk."""
        trust = self.model.families.trust[ids]
        report_p = self.report_base[who] * np.where(who == POLICE, np.float32(1.0), level)
        ask_p = self.ask_base[who] * np.where(who == 0, trust, np.float32(1.0))
        reports = v < report_p
        asks = ~reports & (v < report_p + ask_p)
        # the rest of the same uniform picks the access point
        w_report = v / np.maximum(report_p, 1e-12)
        w_ask = (v - report_p) / np.maximum(ask_p, 1e-12)
        # keyed per family and week: which families are free depends on the design
        times = t0 + WEEK * self.model.streams.keyed("contact_time", int(t0), ids)
        tie = self._tie(ids, (reports | asks) & (who == NETWORK), t0)
        self.contact(ids[reports], times[reports], w_report[reports], tie[reports], report=True)
        self.contact(ids[asks], times[asks], w_ask[asks], tie[asks], report=False)

    def _rates(self) -> np.ndarray:
        """Weekly noticing rate at concern 1 of every family by self, network (without
        alerted ties), school, GP, childcare, sports (columns 0-5, places' attention
        whole); column 6 is left for the police."""
        nt, network = self.config.noticing, self.model.network
        rates = np.zeros((len(self.model.families), POLICE + 1), dtype=np.float32)
        rates[:, 0] = nt.by_self
        rates[:, 1] = nt.by_network * network.strength_sum
        for k, (role, rate) in enumerate(zip(ROLES, (nt.by_school, nt.by_gp, nt.by_childcare,
                                                      nt.by_sports)), start=2):
            rates[:, k] = rate * network.professional[role]
        return rates

    def _acting_chances(self) -> tuple[np.ndarray, np.ndarray]:
        """Per noticer (self, network, four community roles, police): chance to report,
        scaled later by how grave the concern is except for the police; chance to ask,
        given the access points there are."""
        nt = self.config.noticing
        advice_reach = _reach(self.advice_points, threat_matters=True)
        prof_reach = _reach(self.advice_points, threat_matters=False)
        report = np.array([0.0, nt.report_network] + [nt.report_professional] * 4
                          + [nt.report_police], dtype=np.float32)
        ask = np.array([nt.ask_self * advice_reach, nt.ask_network * advice_reach]
                       + [nt.ask_professional * prof_reach] * 4 + [0.0], dtype=np.float32)
        return report, ask

    def contact(self, ids: np.ndarray, times: np.ndarray, w: np.ndarray, tie: np.ndarray, *,
                 report: bool) -> None:
        """Families reach an access point (chosen by attractiveness) at `times`."""
        if not len(ids):
            return
        points = self.report_points if report else self.advice_points
        if not points:
            return
        w = np.minimum(np.maximum(w, 0), 1)
        choice = np.minimum(np.searchsorted(self.choice_edges[report], w, side="right"),
                            len(points) - 1)
        self.ledger.count("reported" if report else "advice", ids)
        self.chain.is_report[ids] = report
        for k, point in enumerate(points):
            here = choice == k
            if np.count_nonzero(here):
                fam, when = ids[here], times[here]
                self.ledger.contacted(point, fam, when, report=report, tie=tie[here])
                self.cases.move(fam, Stage.ACCESS, when, point)

    def _edges(self, report: bool) -> np.ndarray:
        """Where each point's share of a uniform ends, for reports (by reach) or for
        questions (by attractiveness)."""
        points = self.report_points if report else self.advice_points
        weight = np.array([p.reach if report else p.attractiveness for p in points])
        return np.cumsum(weight) / weight.sum() if points else weight


def _reach(points, *, threat_matters: bool) -> float:
    """Chance that someone who wants to ask finds a point: more and friendlier points help."""
    miss = 1.0
    for p in points:
        miss *= 1.0 - (p.attractiveness if threat_matters else p.reach)
    return 1.0 - miss


@compiled
def _noticed(candidates, u, concern, problems, coefficient, alert_rate, strength_sum,
             place_now, noticeable, span, police_violence, by_self, by_network, exp_constants):
    """Of the families that might be noticed, those someone noticed this week, who noticed
    (a column of Noticing._rates, or the police), where the uniform fell within that
    noticer's share (the rest of it decides what they do) and how grave the concern is,
    in one compiled pass: the steps and types of the vector formulation it replaced (issue
    16), so the same numbers (tests/test_noticing_pass.py).

    A family's weekly chance is 1 - exp(-total), total its rates at its concern's level
    plus the police's if there is violence; a noticer's share is its part of total."""
    n = len(candidates)
    ids = np.empty(n, dtype=np.int64)
    who = np.empty(n, dtype=np.int64)
    where = np.empty(n, dtype=np.float64)
    level = np.empty(n, dtype=np.float32)
    rates = np.empty(POLICE + 1, dtype=np.float32)
    bounds = np.empty(POLICE + 1, dtype=np.float64)
    violent = np.uint8(1 << VIOLENCE)
    found = 0
    for i in candidates:
        x = np.float64(u[i])
        violence = (problems[i] & violent) != 0
        grave = min(max((concern[i] - noticeable) / span, np.float32(0.0)), np.float32(1.0))
        total = np.float64(grave * (coefficient[i] + alert_rate[i]))
        total += police_violence if violence else 0.0
        if x >= total + 1e-12:  # the chance is at most total (within 1e-15): not noticed,
            continue  # known without the exp
        chance = 1.0 - exp_one(-total, *exp_constants)
        if not x < chance:
            continue
        rates[0] = by_self * grave
        rates[1] = (by_network * strength_sum[i] + alert_rate[i]) * grave
        for k in range(POLICE - 2):
            rates[2 + k] = place_now[k, i] * grave
        rates[POLICE] = np.float32(police_violence) if violence else np.float32(0.0)
        share = np.float32(0.0)
        above = 0
        for k in range(POLICE + 1):
            share = rates[k] if k == 0 else share + rates[k]
            bounds[k] = np.float64(share) / total * chance
            above += x >= bounds[k]
        noticer = min(above, POLICE)
        lower = bounds[noticer - 1] if noticer > 0 else 0.0
        width = bounds[noticer] - lower
        ids[found] = i
        who[found] = noticer
        where[found] = min(max((x - lower) / max(width, 1e-12), 0.0), 0.999999)
        level[found] = grave
        found += 1
    return ids[:found], who[:found], where[:found], level[:found]


@compiled
def _alert_changes(indptr, indices, data, changed, began, alert_rate, alert_weight, step, gain):
    """Ties whose alert began (`began`) or ended, in order of tie: each adds to or takes
    from the noticing rate of every family that knows it `step` x tie strength, and weighs
    1 + `gain` or 1 in drawing who notices. Returns the families whose rate changed (as
    often as they know a changed tie). The steps and types of the numpy formulation this
    replaced (issue 16), so the same numbers (tests/test_noticing_pass.py)."""
    known = np.empty(indptr[changed + 1].sum() - indptr[changed].sum(), dtype=indices.dtype)
    found = 0
    for r in range(len(changed)):
        tie = changed[r]
        sign = 1.0 if began[r] else -1.0
        for k in range(indptr[tie], indptr[tie + 1]):
            family = indices[k]  # the ties are symmetric: a tie's row holds who knows it
            alert_rate[family] += np.float32(step * sign * np.float64(data[k]))
            known[found] = family
            found += 1
        alert_weight[tie] = 1.0 + gain * began[r]
    for family in known:  # rounding
        if alert_rate[family] < np.float32(0.0):
            alert_rate[family] = np.float32(0.0)
    return known
