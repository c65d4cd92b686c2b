"""The simulation: families move through the core tasks of protection, week by week.

`ProtectionModel` is a `mesa.Model`. Families are columns (`sim.families`);
organisations, access points and the court are Mesa agents
(`sim.organisations`). Each week: problems and concern change, the network
notices, acute crises get emergency action, plans are monitored, and then each
organisation, in the order of the chain, finishes tasks and admits families
from its waiting list. The design decides which organisation carries out each
task and who holds the case; nothing else differs between designs.
"""

from __future__ import annotations

from enum import IntEnum

import mesa
import numpy as np
import pandas as pd

from sim.families import (
    WEEK,
    WEEKS_PER_YEAR,
    create_families,
    has_problem,
    problem_weights,
    weekly_concern,
    weekly_problems,
)
from sim.journeys import Journeys, node_of
from sim.network import ROLES, build_network
from sim.organisations import AccessPoint, Organisation, gamma_sampler
from sim.outcomes import COUNT_OUTCOMES, FamilyOutcomes
from sim.params import PROBLEM_NAMES, TEAM_REPLACES, Scenario
from sim.records import Record
from sim.stages import Stage
from sim.streams import Streams

YEAR = WEEK * WEEKS_PER_YEAR
DEBTS = PROBLEM_NAMES.index("debts")
VIOLENCE = PROBLEM_NAMES.index("partner_violence")


class PlanKind(IntEnum):
    """What a plan rests on."""

    NONE = 0
    VOLUNTARY = 1
    SUPERVISION = 2
    PLACEMENT = 3


class Service(IntEnum):
    """State of a service that joins a plan (care, adult services, client support)."""

    NONE = 0
    WAITING = 1
    ACTIVE = 2


CHAIN_ORDER = ("veilig_thuis", "child_protection_board", "regional_team", "review_panel",
               "court", "certified_institution", "local_team", "care_provider", "adult_services",
               "client_support")
VISITS = ("court", "review_panel")  # organisations that decide but never hold a case


def per_family(value: float | np.ndarray, n: int) -> np.ndarray:
    """A value per family: an array as it is, a single value repeated."""
    if isinstance(value, np.ndarray):
        return value
    return np.full(n, value, dtype=float)


class ProtectionModel(mesa.Model):
    """One region (or the country) under one design, from one seed."""

    def __init__(self, config: Scenario) -> None:
        super().__init__(rng=config.run.seed)
        self.config = config
        self.streams = Streams(config.run.seed)
        self.day = 0.0
        self.week = 0
        self.warmup_weeks = config.run.warmup_years * WEEKS_PER_YEAR
        self.end_week = self.warmup_weeks + config.run.years * WEEKS_PER_YEAR
        self.families = create_families(config, self.streams("population"))
        self.network = build_network(len(self.families), self.families.youngest_age,
                                     config.network, self.streams("network"))
        self.weights = problem_weights(config)
        self._create_organisations()
        self._create_chain_state()
        self.outcomes = FamilyOutcomes.zeros(len(self.families))
        self.record = Record(config.run.record_events)
        self.yearly: list[dict] = []
        self.organisation_years: list[dict] = []
        self._year_start_sums = self._count_sums()
        self._serious_share: list[float] = []
        pull = min(1.0, 4 * config.network.trust_influence)  # refreshed every 4 weeks
        self._trust_pull = np.where(self.network.strength_sum > 0, pull, 0.0).astype(np.float32)
        self._notice_coefficient = self._noticing_coefficient()
        self._report_base, self._ask_base = self._acting_chances()
        self._refresh_network_effects()

    # ------------------------------------------------------------------ set-up
    def _create_organisations(self) -> None:
        c = self.config
        self.orgs: dict[str, Organisation] = {}
        for name in CHAIN_ORDER:
            params = getattr(c.organisations, name)
            if name == "regional_team" and c.design.model != "team":
                continue
            if name in TEAM_REPLACES and c.design.model == "team":
                continue
            self.orgs[name] = Organisation(self, name, params, releasing=name in VISITS)
        self.access_points = [AccessPoint(self, name, p)
                              for name, p in c.access_points.items() if p.enabled]
        if not self.access_points:
            raise ValueError("the scenario has no enabled access point")
        self.advice_points = [p for p in self.access_points if p.kind in ("advice", "both")]
        self.report_points = [p for p in self.access_points if p.kind in ("report", "both")]
        self._choice_edges = {report: self._edges(report) for report in (True, False)}
        self.org_list: list[Organisation] = [*self.access_points, *self.orgs.values()]
        for index, org in enumerate(self.org_list):
            org.index = index
        # per organisation index, for vector lookups
        self._blame = np.array([o.blame_bias for o in self.org_list], dtype=np.float32)
        self._turnover = np.array([o.turnover_per_week for o in self.org_list])
        self._hours_per_week = np.array([o.hours_per_week for o in self.org_list],
                                        dtype=np.float32)
        self.pending_release: dict[int, list[np.ndarray]] = {o.index: [] for o in self.org_list}
        team = c.design.model == "team"
        self.route = {
            Stage.INVESTIGATION: self.orgs["regional_team" if team else "veilig_thuis"],
            Stage.FOLLOWUP: self.orgs["regional_team" if team else "child_protection_board"],
            Stage.COURT: self.orgs["court"],
        }
        # how long an investigation takes belongs to the task, whoever carries it out
        orgs = c.organisations
        self.task_duration = {
            stage: gamma_sampler(self.streams(f"duration:{stage.name.lower()}"),
                                 params.service_weeks * WEEK, params.service_cv)
            for stage, params in ((Stage.INVESTIGATION, orgs.veilig_thuis),
                                  (Stage.FOLLOWUP, orgs.child_protection_board))}
        self.plan_org = {
            PlanKind.VOLUNTARY: self.orgs["regional_team" if team else "local_team"],
            PlanKind.SUPERVISION: self.orgs["regional_team" if team else "certified_institution"],
            PlanKind.PLACEMENT: self.orgs["regional_team" if team else "certified_institution"],
        }
        # who holds the case when a family is at an access point (access points come first
        # in org_list, so a point's index is its position here)
        self.access_holder = np.array([
            self._operator_org(ap).index for ap in self.access_points], dtype=np.int16)
        self.journeys = Journeys([o.name for o in self.org_list])

    def _operator_org(self, point: AccessPoint) -> Organisation:
        if point.operator == "independent":
            return point
        if self.config.design.model == "team":
            return self.orgs["regional_team"]
        return self.orgs[point.operator]

    def _create_chain_state(self) -> None:
        n = len(self.families)
        self.stage = np.zeros(n, dtype=np.int8)
        self.waiting = np.zeros(n, dtype=bool)
        self.org = np.full(n, -1, dtype=np.int16)  # organisation whose slot or list holds it
        self.task_end = np.full(n, np.inf)
        self.holder = np.full(n, -1, dtype=np.int16)
        self.prof_since = np.zeros(n)
        self.info = np.zeros(n, dtype=np.float32)
        self.plan_kind = np.zeros(n, dtype=np.int8)
        self.plan_start = np.zeros(n)
        self.order_end = np.full(n, np.inf)
        self.placed_since = np.full(n, np.nan)  # day the child was placed (NaN: at home)
        self.good_weeks = np.zeros(n, dtype=np.int16)
        self.help_from = np.full(n, np.inf)
        self.file_concern = np.zeros(n, dtype=np.float32)
        self.disputed = np.zeros(n, dtype=bool)
        self.is_report = np.zeros(n, dtype=bool)
        self.needs_intake = np.zeros(n, dtype=bool)
        self.care = np.zeros(n, dtype=np.int8)
        self.adult = np.zeros(n, dtype=np.int8)
        self.support_service = np.zeros(n, dtype=np.int8)
        self.service_state = {"care_provider": self.care, "adult_services": self.adult,
                              "client_support": self.support_service}
        self.incidents = np.zeros(n, dtype=np.int16)
        self.last_acute = np.full(n, np.nan)
        self.last_emergency = np.full(n, np.nan)
        self.trust_at_close = np.full(n, np.nan, dtype=np.float32)
        self._watch: list[np.ndarray] = []  # good-enough first closures not yet recurred

    # ------------------------------------------------------------------ running
    @property
    def reporting(self) -> bool:
        """Whether the current week counts (after warm-up)."""
        return self.week >= self.warmup_weeks

    def run(self) -> None:
        """Run the warm-up and the reported years."""
        while self.week < self.end_week:
            self.step()

    def step(self) -> None:
        """One week."""
        t0 = self.day
        t1 = t0 + WEEK
        if self.week == self.warmup_weeks:
            self._start_reporting()
        in_chain = np.flatnonzero(self.stage != Stage.NONE)
        helped, help_rate, adult_help = self._help_this_week(in_chain, t0)
        weekly_problems(self.families, self.config, adult_help,
                        self.streams("problems").random(len(self.families), dtype=np.float32))
        weekly_concern(self.families, self.config, helped, help_rate,
                       self.streams("concern").random(len(self.families), dtype=np.float32),
                       self.weights, t0)
        if self.week % 4 == 0:
            self._refresh_network_effects()
        self._track_recurrence(t0)
        self._acute_crises(t0)
        self._notice(t0, t1)
        self._casework(in_chain, t0)
        self._monitor_plans(in_chain, t0)
        self._end_parallel_services(in_chain, t0)
        in_chain = in_chain[self.stage[in_chain] != Stage.NONE]  # new entrants are all waiting
        in_service = in_chain[~self.waiting[in_chain]]
        self._ending = in_service[self.task_end[in_service] < t1]
        finished = [self._serve_access(point, t0, t1) for point in self.access_points]
        self._decide_access(np.concatenate(finished))
        for org in self.orgs.values():
            self._finish(self._finishing(org), org)
            self._admit(org, t0, t1)
        for org in self.orgs.values():  # families sent back upstream this week
            if org.queue.has_arrivals_before(t1) or self.pending_release[org.index]:
                self._admit(org, t0, t1)
        if self.reporting:
            self.journeys.week_end(self.week - self.warmup_weeks + 1,
                                   [len(org.queue) for org in self.org_list])
        self.day = t1
        self.week += 1
        if self.reporting:
            serious = np.count_nonzero(self.families.concern >= self.config.concern.serious)
            self._serious_share.append(serious / len(self.families))
        if self.week > self.warmup_weeks and (self.week - self.warmup_weeks) % WEEKS_PER_YEAR == 0:
            self._close_year()

    # ------------------------------------------------------------- population
    def _refresh_network_effects(self) -> None:
        """Monthly: informal support from ties, and trust pulled toward ties' trust."""
        f, net = self.families, self.network
        both = net.ties @ np.column_stack((f.strength * (1.0 - f.concern), f.trust))
        f.support[:] = 1.0 - np.exp(-both[:, 0] / self.config.network.support_saturation)
        neighbour_trust = both[:, 1] / np.maximum(net.strength_sum, np.float32(1e-6))
        neighbour_trust -= f.trust
        neighbour_trust *= self._trust_pull  # zero for families without ties
        f.trust += neighbour_trust

    def _help_this_week(self, in_chain: np.ndarray,
                        t0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Who gets help this week and at what concern reduction rate; whose parents
        get adult help."""
        ids = in_chain[(self.stage[in_chain] == Stage.PLAN) & ~self.waiting[in_chain]]
        helped = ids[(self.help_from[ids] <= t0) & (self.care[ids] == Service.ACTIVE)]
        rate = (self.config.help.child_effect * self._engagement(helped)).astype(np.float32)
        if self.reporting:
            first = helped[np.isnan(self.outcomes.first_help[helped])
                           & ~np.isnan(self.outcomes.first_contact[helped])]
            self.outcomes.first_help[first] = t0
        adult = in_chain[self.adult[in_chain] == Service.ACTIVE]
        if self.config.design.family_oriented == "inside":
            adult = np.union1d(adult, helped)
        return helped, rate, adult

    def _cooperation(self, ids: np.ndarray) -> np.ndarray:
        """Chance the family agrees to voluntary help: willingness times trust."""
        floor = self.config.trust.cooperation_floor
        f = self.families
        return f.willingness[ids] * (floor + (1 - floor) * f.trust[ids])

    def _engagement(self, ids: np.ndarray) -> np.ndarray:
        """How much of the help reaches the family; an order secures a floor."""
        engagement = self._cooperation(ids)
        ordered = self.plan_kind[ids] >= PlanKind.SUPERVISION
        floor = self.config.help.order_engagement_floor
        return np.where(ordered, np.maximum(engagement, floor), engagement)

    def _track_recurrence(self, t0: float) -> None:
        """After a good-enough first closure, note when concern first rises again."""
        if not self._watch:
            return
        watch = np.concatenate(self._watch)
        back = self.families.concern[watch] > self.config.concern.recurrence
        self.outcomes.recurred_day[watch[back]] = t0
        self._watch = [watch[~back]]

    # --------------------------------------------------------------- decisions
    def _perceive(self, ids: np.ndarray, org: Organisation | np.ndarray, t: float | np.ndarray,
                  stream: str) -> np.ndarray:
        """A professional's judgement: true concern plus bias and noise.

        Noise grows when little is known (after handoffs); fear of blame adds the
        organisation's bias; a long relationship adds conflict-avoiding under-rating.
        """
        d = self.config.decisions
        z = self.streams(stream).standard_normal(len(ids))
        sd = d.noise_sd * (1 + d.noise_no_info * (1 - self.info[ids]))
        years = np.minimum(np.maximum((t - self.prof_since[ids]) / YEAR, 0.0), 2.0)
        blame = self._blame[org] if isinstance(org, np.ndarray) else org.blame_bias
        bias = blame - d.conflict_avoidance_per_year * years
        return (self.families.concern[ids] + bias + sd * z).astype(np.float32)

    def _agrees(self, ids: np.ndarray, stream: str, extra: float | np.ndarray = 0.0) -> np.ndarray:
        """Whether each family agrees to voluntary help now."""
        chance = self._cooperation(ids) + extra
        return self.streams(stream).random(len(ids)) < chance

    def _support_bonus(self, ids: np.ndarray) -> np.ndarray:
        """Extra chance of agreement from independent client support."""
        active = self.support_service[ids] == Service.ACTIVE
        return np.where(active, self.config.trust.support_agreement, 0.0)

    def _missed(self, ids: np.ndarray) -> None:
        """Count decisions not to act on a family whose true concern is serious."""
        serious = ids[self.families.concern[ids] >= self.config.concern.serious]
        self._count("missed_serious", serious)

    def _count(self, name: str, ids: np.ndarray, amount: float | np.ndarray = 1) -> None:
        if self.reporting:
            self.outcomes.add(name, ids, amount)

    def _note(self, day, ids, org: Organisation | np.ndarray, decision: str,
              opinion=None) -> None:
        """Record a decision; `org` is the deciding organisation or one index per family."""
        if self.reporting and self.record.enabled and len(ids):
            index = org if isinstance(org, np.ndarray) else org.index
            self.record.add(day, ids, index, decision, self.incidents[ids], opinion,
                            self.disputed[ids])

    # ---------------------------------------------------------------- movement
    def _holder_for(self, stage: Stage, org: Organisation, ids: np.ndarray) -> int | np.ndarray:
        """Who is responsible after a move: in the team design the team keeps the case;
        in the relay each organisation takes it over; the court and review never do."""
        if org.name in VISITS:
            return self.holder[ids]
        if stage == Stage.ACCESS:  # the organisation that runs the access point
            return int(self.access_holder[org.index])
        if self.config.design.model == "team":
            return self.orgs["regional_team"].index
        return org.index

    def _leave_slot(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Families leave the slot or list they hold now (to move or to close); the caller
        says where they are next."""
        if not len(ids):
            return
        t = per_family(t, len(ids))
        where = self.org[ids]
        present = set(where.tolist())
        for index in present - {-1}:
            fam, when = ids, t
            if len(present) > 1:
                mine = where == index
                fam, when = ids[mine], t[mine]
            org = self.org_list[index]
            on_list = self.waiting[fam]
            listed = np.count_nonzero(on_list)  # (cheaper than .any() on a few families)
            if listed:
                org.queue.remove(fam[on_list], when[on_list])
            if listed < len(fam) and not org.queue.releases_on_completion:
                self.pending_release[index].append(when[~on_list])

    def _handoff(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Someone new becomes responsible: knowledge and trust are partly lost."""
        if not len(ids):
            return
        self._count("handoffs", ids)
        self.info[ids] *= 1 - self.config.decisions.info_loss_handoff
        self.families.trust[ids] *= 1 - self.config.trust.loss_per_handoff
        self.prof_since[ids] = t

    def _move(self, ids: np.ndarray, stage: Stage, t: float | np.ndarray,
              org: Organisation | None = None, *, first: bool = False) -> None:
        """Send families to the next core task at `t` (days).

        A family that already holds a slot at the organisation of the next task
        keeps it (no new wait, no intake); otherwise it joins that organisation's
        list. A change of responsible organisation is a handoff.
        """
        if not len(ids):
            return
        org = org or self.route[stage]
        t = per_family(t, len(ids))
        stays = (self.org[ids] == org.index) & ~self.waiting[ids]
        new_holder = self._holder_for(stage, org, ids)
        holder = self.holder[ids]
        changed = new_holder != holder
        first_holder = holder < 0
        handed = changed & ~first_holder
        if self.reporting:
            self.journeys.move(self._nodes(ids), node_of(stage, self.is_report[ids]), handed)
        self._handoff(ids[handed], t[handed])
        self.prof_since[ids[first_holder]] = t[first_holder]
        self.needs_intake[ids] = changed
        self.holder[ids] = new_holder
        self._mark_seen(ids, new_holder)
        self.stage[ids] = stage
        if np.count_nonzero(stays):
            stay = ids[stays]
            self.task_end[stay] = self._task_end(stay, stage, org, t[stays])
            if stage == Stage.PLAN:
                self._begin_plan(stay, t[stays], org)
            ids, t = ids[~stays], t[~stays]
        if len(ids):  # the rest go on the organisation's list
            self._leave_slot(ids, t)
            self.org[ids] = org.index
            self.waiting[ids] = True
            self.task_end[ids] = np.inf
            org.queue.join(ids, t, first=first)

    def _task_end(self, ids: np.ndarray, stage: Stage, org: Organisation,
                  start: np.ndarray) -> np.ndarray:
        """When a task that starts at `start` ends (plans end on progress: never fixed)."""
        if stage == Stage.PLAN:
            return np.full(len(ids), np.inf)
        if stage == Stage.REVIEW and org.name != "review_panel":
            return start + self.config.decisions.four_eyes_days
        return start + self.task_duration[stage](len(ids))

    def _nodes(self, ids: np.ndarray) -> np.ndarray:
        """Where families are now, as journey nodes (sim.journeys.NODES)."""
        return node_of(self.stage[ids], self.is_report[ids])

    def _mark_seen(self, ids: np.ndarray, org_index: int | np.ndarray) -> None:
        if self.reporting:
            self.outcomes.seen_mask[ids] |= (1 << org_index if isinstance(org_index, int)
                                             else np.left_shift(1, org_index.astype(np.int64)))

    def _close(self, ids: np.ndarray, t: float | np.ndarray, org: Organisation | np.ndarray,
               decision: str, opinion: np.ndarray | None = None) -> None:
        """Professionals leave the family, and the decision goes on record."""
        if not len(ids):
            return
        self._note(t, ids, org, decision, opinion)
        self._let_go(ids, t)

    def _let_go(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """All a closure changes but the record: slot, services and case end; the first
        closure decides the lasting outcomes."""
        if not len(ids):
            return
        if self.reporting:
            self.journeys.move(self._nodes(ids), 0)
        t = per_family(t, len(ids))
        self._leave_slot(ids, t)
        self.placed_since[ids] = np.nan
        self.org[ids] = -1
        self.waiting[ids] = False
        self._end_services(ids, t)
        self.stage[ids] = Stage.NONE
        self.holder[ids] = -1
        self.plan_kind[ids] = PlanKind.NONE
        self.order_end[ids] = np.inf
        self.task_end[ids] = np.inf
        self.disputed[ids] = False
        self.info[ids] = 0.0
        f, c = self.families, self.config
        good = f.concern[ids] < c.concern.good_enough
        solved = f.problems[ids] == 0
        stronger = ids[good & solved]
        f.strength[stronger] = np.minimum(1.0, f.strength[stronger] + c.help.strength_gain)
        if not self.reporting:
            return
        self._count("closures", ids)
        o = self.outcomes
        first = np.isnan(o.first_close[ids])
        fam = ids[first]
        o.first_close[fam] = t[first]
        o.close_good[fam] = good[first].astype(np.int8)
        self._watch.append(fam[good[first]])
        self.trust_at_close[fam] = f.trust[fam]

    def _join_service(self, ids: np.ndarray, name: str, state: np.ndarray,
                      t: float | np.ndarray, *, handoff: bool) -> None:
        """A service joins the plan: the family goes on that organisation's list."""
        t = per_family(t, len(ids))
        new = state[ids] == Service.NONE
        ids, t = ids[new], t[new]
        if not len(ids):
            return
        org = self.orgs[name]
        state[ids] = Service.WAITING
        org.queue.join(ids, t)
        if handoff:
            self._count("handoffs", ids)
            if self.reporting:
                self.journeys.handoff_within(self._nodes(ids))
            self.families.trust[ids] *= 1 - self.config.trust.loss_per_handoff
        self._mark_seen(ids, org.index)

    def _end_services(self, ids: np.ndarray, t: float | np.ndarray,
                      which: tuple[str, ...] = ("care_provider", "adult_services",
                                                "client_support")) -> None:
        """Joined services leave with the plan (or when no longer needed)."""
        t = per_family(t, len(ids))
        for name in which:
            state = self.service_state[name]
            joined = state[ids]
            if not np.count_nonzero(joined):
                continue
            org = self.orgs[name]
            waiting = joined == Service.WAITING
            if np.count_nonzero(waiting):
                org.queue.remove(ids[waiting], t[waiting])
            active = joined == Service.ACTIVE
            if np.count_nonzero(active):
                self.pending_release[org.index].append(t[active])
            state[ids] = Service.NONE

    # ----------------------------------------------------------------- noticing
    def _notice(self, t0: float, t1: float) -> None:
        """Ties and community professionals notice concerns and act on them.

        One uniform per family per week (drawn for every family, so every design
        sees the same numbers): where it falls decides whether someone noticed,
        who (self, network, school, GP, childcare, sports, police), and within
        that, what they do (talk, ask for advice, report) and where they go.
        """
        f, c, nt = self.families, self.config, self.config.noticing
        u = self.streams("noticing").random(len(f), dtype=np.float32)
        # the chance below can never exceed the sum of all rates (concern at most 1) and the
        # police's: families whose uniform is above even that are passed over at once
        ids = np.flatnonzero(((f.concern > c.concern.noticeable)
                              | ((f.problems & np.uint8(1 << VIOLENCE)) != 0))
                             & (u < self._notice_coefficient + nt.police_violence))
        if not len(ids):
            return
        level = np.minimum(np.maximum(
            (f.concern[ids] - c.concern.noticeable) / (1 - c.concern.noticeable), 0.0), 1.0)
        violence = has_problem(f.problems[ids], VIOLENCE)
        total = level * self._notice_coefficient[ids] + nt.police_violence * violence
        p_notice = 1.0 - np.exp(-total)
        hit = (u[ids] < p_notice).nonzero()[0]  # positions of the few noticed
        if not len(hit):
            return
        ids, total, p_notice, level, violence = (ids[hit], total[hit], p_notice[hit], level[hit],
                                                 violence[hit])
        rates = self._noticing_rates(ids)
        rates[:, :6] *= level[:, None]
        rates[:, 6] = nt.police_violence * violence
        bounds = np.cumsum(rates, axis=1) / total[:, None] * p_notice[:, None]
        x = u[ids]
        who = np.minimum((x[:, None] >= bounds).sum(axis=1), rates.shape[1] - 1)
        lower = np.where(who > 0, bounds[np.arange(len(ids)), who - 1], 0.0)
        width = bounds[np.arange(len(ids)), who] - lower
        v = np.minimum(np.maximum((x - lower) / np.maximum(width, 1e-12), 0.0), 0.999999)
        f.aware_until[ids] = t1 + c.network.awareness_weeks * WEEK
        first = ids[np.isnan(self.outcomes.first_noticed[ids])]
        if self.reporting:
            self.outcomes.first_noticed[first] = t0
        self.incidents[ids[who == 6]] += 1
        free = self.stage[ids] == Stage.NONE
        ids, who, v, level = ids[free], who[free], v[free], level[free]
        report_p = self._report_base[who] * np.where(who == 6, np.float32(1.0), level)
        ask_p = self._ask_base[who] * np.where(who == 0, f.trust[ids], np.float32(1.0))
        reports = v < report_p
        asks = ~reports & (v < report_p + ask_p)
        # the rest of the same uniform picks the access point
        w_report = v / np.maximum(report_p, 1e-12)
        w_ask = (v - report_p) / np.maximum(ask_p, 1e-12)
        times = t0 + WEEK * self.streams("contact_time").random(len(ids))
        self._contact(ids[reports], times[reports], w_report[reports], report=True)
        self._contact(ids[asks], times[asks], w_ask[asks], report=False)

    def _noticing_rates(self, ids: np.ndarray) -> np.ndarray:
        """Weekly noticing rate at concern 1 by self, network, school, GP, childcare,
        sports (columns 0-5); column 6 is left for the police."""
        nt, prof = self.config.noticing, self.network.professional
        rates = np.zeros((len(ids), 7), dtype=np.float32)
        rates[:, 0] = nt.by_self
        rates[:, 1] = nt.by_network * self.network.strength_sum[ids]
        for k, (role, rate) in enumerate(zip(ROLES, (nt.by_school, nt.by_gp, nt.by_childcare,
                                                      nt.by_sports)), start=2):
            rates[:, k] = rate * prof[role][ids]
        return rates

    def _noticing_coefficient(self) -> np.ndarray:
        """Total of the first six noticing rates per family (fixed: the network does not change)."""
        return self._noticing_rates(np.arange(len(self.families)))[:, :6].sum(axis=1)

    def _acting_chances(self) -> tuple[np.ndarray, np.ndarray]:
        """Per noticer (self, network, four community roles, police): chance to report,
        scaled later by how grave the concern is except for the police; chance to ask,
        given the access points there are (both fixed during a run)."""
        nt = self.config.noticing
        advice_reach = self._reach(self.advice_points, threat_matters=True)
        prof_reach = self._reach(self.advice_points, threat_matters=False)
        report = np.array([0.0, nt.report_network] + [nt.report_professional] * 4
                          + [nt.report_police], dtype=np.float32)
        ask = np.array([nt.ask_self * advice_reach, nt.ask_network * advice_reach]
                       + [nt.ask_professional * prof_reach] * 4 + [0.0], dtype=np.float32)
        return report, ask

    @staticmethod
    def _reach(points: list[AccessPoint], *, threat_matters: bool) -> float:
        """Chance that someone who wants to ask finds a point: more and friendlier points help."""
        miss = 1.0
        for p in points:
            miss *= 1.0 - (p.attractiveness if threat_matters else p.reach)
        return 1.0 - miss

    def _contact(self, ids: np.ndarray, times: np.ndarray, w: np.ndarray, *, report: bool) -> None:
        """Families reach an access point (chosen by attractiveness) at `times`."""
        if not len(ids):
            return
        points = self.report_points if report else self.advice_points
        if not points:
            return
        w = np.minimum(np.maximum(w, 0), 1)
        choice = np.minimum(np.searchsorted(self._choice_edges[report], w, side="right"),
                            len(points) - 1)
        self._count("reported" if report else "advice", ids)
        self.is_report[ids] = report
        for k, point in enumerate(points):
            fam = ids[choice == k]
            if len(fam):
                self._move(fam, Stage.ACCESS, times[choice == k], point)

    def _edges(self, report: bool) -> np.ndarray:
        """Where each point's share of a uniform ends, for reports (by reach) or for
        questions (by attractiveness)."""
        points = self.report_points if report else self.advice_points
        weight = np.array([p.reach if report else p.attractiveness for p in points])
        return np.cumsum(weight) / weight.sum() if points else weight

    # ------------------------------------------------------------- emergencies
    def _acute_crises(self, t0: float) -> None:
        """Acute crises happen to families with serious concern; if noticed, emergency
        action follows within days (core task 9)."""
        f, c = self.families, self.config
        u = self.streams("acute").random(len(f), dtype=np.float32)
        at_risk = np.flatnonzero(f.concern > c.concern.serious)
        excess = (f.concern[at_risk] - c.concern.serious) / (1 - c.concern.serious)
        hazard = c.concern.acute_rate * excess * (
            1 + c.concern.acute_violence_factor * has_problem(f.problems[at_risk], VIOLENCE))
        hit = u[at_risk] < hazard
        acute, hazard = at_risk[hit], hazard[hit]
        if not len(acute):
            return
        self.incidents[acute] += 1
        day = t0 + WEEK * u[acute] / hazard  # position in the week
        self.last_acute[acute] = day
        noticed = self.streams("acute_noticed").random(len(acute)) < c.noticing.acute_noticed
        ids, day = acute[noticed], day[noticed]
        delay = self.streams("emergency").random(len(ids)) * 2 * c.help.emergency_days
        self._emergency(ids, day + delay)

    def _emergency(self, ids: np.ndarray, when: np.ndarray) -> None:
        """Immediate safety: the child is protected now; the case goes to follow-up."""
        if not len(ids):
            return
        c = self.config
        self.last_emergency[ids] = when
        # first contact, unless the family was already in contact (then before reporting)
        not_yet = (self.stage[ids] == Stage.NONE) | (
            (self.stage[ids] == Stage.ACCESS) & self.waiting[ids])
        new = np.isnan(self.outcomes.first_contact[ids]) & not_yet
        first = ids[new]
        if self.reporting:
            self.outcomes.first_contact[first] = when[new]
            if len(first):
                first_noticed = self.outcomes.first_noticed[first]
                self.outcomes.first_noticed[first] = np.where(
                    np.isnan(first_noticed), self.outcomes.first_contact[first], first_noticed)
        self._count("emergency", ids)
        crisis = self.route[Stage.INVESTIGATION]
        p = self._perceive(ids, crisis, when, "decide:emergency")
        placed = p >= c.decisions.placement_threshold
        self._note(when, ids, crisis, "emergency_action", p)
        self._place(ids[placed], when[placed])
        self._count("court_request", ids[placed])
        self._count("court_order", ids[placed])
        self._note(when[placed], ids[placed], crisis, "emergency_placement", p[placed])
        early = self.stage[ids] <= Stage.INVESTIGATION  # not yet past the first investigation
        self._move(ids[early], Stage.FOLLOWUP, when[early], first=True)
        self._offer_client_support(ids[early], when[early])

    def _place(self, ids: np.ndarray, t: np.ndarray) -> None:
        """Out-of-home placement: the child is safe, trust suffers."""
        if not len(ids):
            return
        c = self.config
        self._count("placement", ids)
        self.placed_since[ids] = np.fmin(self.placed_since[ids], t)  # NaN: not placed yet
        self.families.concern[ids] *= 1 - c.help.placement_safety
        loss = c.trust.loss_placement * self._compulsion_factor(ids)
        self.families.trust[ids] *= 1 - loss

    def _compulsion_factor(self, ids: np.ndarray) -> np.ndarray:
        """Share of compulsion-related trust loss that reaches the family."""
        protected = self.support_service[ids] == Service.ACTIVE
        return np.where(protected, 1 - self.config.trust.support_protection, 1.0)

    def _offer_client_support(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """Independent support for parents and children once compulsion is on the table."""
        if self.config.design.client_support and len(ids):
            self._join_service(ids, "client_support", self.support_service, t, handoff=False)

    # ----------------------------------------------------------------- casework
    def _casework(self, in_chain: np.ndarray, t0: float) -> None:
        """Weekly for families in contact: knowledge grows, staff leave, hours are spent,
        and dealing with many people at once wears trust down."""
        c = self.config
        if not len(in_chain):
            return
        served = ~self.waiting[in_chain]
        holder = self.holder[in_chain]
        care, adult, support = (state[in_chain] == Service.ACTIVE
                                for state in self.service_state.values())
        ids = in_chain[served]
        gain = 1.0 - np.exp(-1.0 / c.decisions.info_weeks)
        self.info[ids] += (1.0 - self.info[ids]) * gain
        held = served & (holder >= 0)
        holders = in_chain[held]
        left = holders[self.streams("turnover").random(len(holders))
                       < self._turnover[holder[held]]]
        self._handoff(left, t0)
        if self.reporting:
            self.journeys.handoff_within(self._nodes(left))
        self._note_by_holder(t0, left, "handoff_turnover")
        people = (holder >= 0).astype(np.int8) + care + adult + support
        many = people > 1
        self.families.trust[in_chain[many]] *= 1 - c.trust.loss_per_extra_professional * (
            people[many] - 1)
        helped = in_chain[(self.stage[in_chain] == Stage.PLAN) & served & care
                          & (self.help_from[in_chain] <= t0)]
        self.families.trust[helped] += c.trust.gain_in_help * self._engagement(helped) * (
            1 - self.families.trust[helped])
        if not self.reporting:
            return
        top = self.outcomes["professionals_max_at_once"]
        top[in_chain] = np.maximum(top[in_chain], people)
        hours = np.zeros(len(in_chain), dtype=np.float32)
        org_of = self.org[in_chain]
        at_org = (org_of >= 0) & served
        hours[at_org] += self._hours_per_week[org_of[at_org]]
        for name, on in zip(self.service_state, (care, adult, support), strict=True):
            hours += on * self.orgs[name].hours_per_week
        hours += c.help.coordination_hours * np.maximum(people - 1, 0)
        self.outcomes.add("professional_hours", in_chain, hours)

    def _monitor_plans(self, in_chain: np.ndarray, t0: float) -> None:
        """The case holder follows each plan weekly: close when good enough, escalate when
        a family drops out, decide at the end of an order.

        Closures are recorded as they are decided and take effect together at the end
        (closing a family changes nothing the other decisions here depend on).
        """
        c = self.config
        ids = in_chain[(self.stage[in_chain] == Stage.PLAN) & ~self.waiting[in_chain]]
        if not len(ids):
            return
        closing: list[np.ndarray] = []

        def close(fam: np.ndarray, decision: str, opinion: np.ndarray) -> None:
            self._note_by_holder(t0, fam, decision, opinion)
            closing.append(fam)

        p = self._perceive(ids, self.holder[ids], t0, "monitoring")
        good_weeks = np.where(p < c.concern.good_enough, self.good_weeks[ids] + 1, 0)
        self.good_weeks[ids] = good_weeks
        voluntary = self.plan_kind[ids] == PlanKind.VOLUNTARY
        weeks = (t0 - self.plan_start[ids]) / WEEK
        done = voluntary & (good_weeks >= c.help.weeks_good_to_close)
        too_long = voluntary & ~done & (weeks >= c.help.max_plan_weeks)
        u = self.streams("dropout").random(len(ids))
        drop = voluntary & ~done & ~too_long & (
            u < c.help.dropout_rate * (1 - self._engagement(ids)))
        order_over = ~voluntary & (self.order_end[ids] <= t0)
        close(ids[done], "closed_good_enough", p[done])
        close(ids[too_long], "closed_max_duration", p[too_long])
        if drop.any():
            dropped, pd_ = ids[drop], p[drop]
            escalate = pd_ >= c.decisions.escalation_threshold
            self._missed(dropped[~escalate])
            close(dropped[~escalate], "dropout_closed", pd_[~escalate])
            self._note_by_holder(t0, dropped[escalate], "escalated", pd_[escalate])
            self._move(dropped[escalate], Stage.FOLLOWUP, t0)
            self._offer_client_support(dropped[escalate], t0)
        if order_over.any():
            ended = ids[order_over]
            placed_for = t0 - self.placed_since[ended]  # NaN: not placed
            placed = ~np.isnan(placed_for)
            # a placed child returns only when home is safe: judge the concern at home,
            # not the concern the placement itself has lowered
            at_home = p[order_over] / max(1 - c.help.placement_safety, 1e-6)
            pe = np.where(placed, at_home, p[order_over])
            unsafe = pe >= c.decisions.extension_threshold
            # past the term for a perspective decision, a child who still cannot go home
            # stays where it lives for good (guardianship or long-term foster care): the
            # supervision order ends and the family leaves the chain
            settled = unsafe & placed & (placed_for >= c.help.perspective_weeks * WEEK)
            close(ended[settled], "long_term_placement", pe[settled])
            extend = unsafe & ~settled
            self.order_end[ended[extend]] += c.help.order_weeks * WEEK
            self._note_by_holder(t0, ended[extend], "order_extended", pe[extend])
            finished, pf = ended[~unsafe], pe[~unsafe]
            self.placed_since[finished] = np.nan
            self._note_by_holder(t0, finished, "order_ended", pf)
            fine = pf < c.concern.good_enough
            close(finished[fine], "closed_good_enough", pf[fine])
            rest, pr = finished[~fine], pf[~fine]
            agree = self._agrees(rest, "decide:order_end")
            self._start_voluntary(rest[agree], t0)
            self._missed(rest[~agree])
            close(rest[~agree], "help_refused", pr[~agree])
        self._let_go(np.concatenate(closing), t0)

    def _note_by_holder(self, day: float, ids: np.ndarray, decision: str,
                        opinion: np.ndarray | None = None) -> None:
        self._note(day, ids, self.holder[ids], decision, opinion)

    def _start_voluntary(self, ids: np.ndarray, t: float | np.ndarray) -> None:
        """A voluntary plan: held by the local team (relay) or the team; care joins it."""
        self.plan_kind[ids] = PlanKind.VOLUNTARY
        self._move(ids, Stage.PLAN, t, self.plan_org[PlanKind.VOLUNTARY])

    def _end_parallel_services(self, in_chain: np.ndarray, t0: float) -> None:
        """Adult services leave once the parents' problems are solved."""
        ids = in_chain[self.adult[in_chain] == Service.ACTIVE]
        solved = ids[self.families.problems[ids] == 0]
        self._end_services(solved, t0, ("adult_services",))

    # ------------------------------------------------------------------ serving
    def _released(self, org: Organisation) -> np.ndarray:
        parts = self.pending_release[org.index]
        self.pending_release[org.index] = []
        return np.concatenate(parts) if parts else np.empty(0)

    def _start(self, admitted, org: Organisation) -> np.ndarray:
        """Admitted families start; intake where the organisation is new to them.

        Returns the start of the task proper (after any intake), per family.
        """
        ids = admitted.ids
        self.waiting[ids] = False
        wait = (admitted.started - admitted.arrived).astype(np.float32)
        self._count("waited_days", ids, wait)
        needs = self.needs_intake[ids]
        intake = needs * org.intake_days
        self._count("professional_hours", ids, needs * org.intake_hours)
        self.needs_intake[ids] = False
        return admitted.started + intake

    def _finishing(self, org: Organisation) -> np.ndarray:
        """Families whose fixed-length task at `org` ends this week (plans never do)."""
        ids = self._ending
        return ids[(self.org[ids] == org.index) & ~self.waiting[ids]]

    def _serve_access(self, point: AccessPoint, t0: float, t1: float) -> np.ndarray:
        """First contacts: admit from the list; return the contacts that end this week."""
        done = self._finishing(point)
        admitted = point.admit(t0, t1)
        ids = admitted.ids
        if len(ids):
            self.waiting[ids] = False
            self._count("waited_days", ids, (admitted.started - admitted.arrived)
                        .astype(np.float32))
            self._count("professional_hours", ids, point.intake_hours)
            self.task_end[ids] = admitted.ended
            if self.reporting:
                new = np.isnan(self.outcomes.first_contact[ids])
                self.outcomes.first_contact[ids[new]] = admitted.started[new]
            self._note(admitted.started, ids, point, "first_contact")
        return np.concatenate((done, ids[admitted.ended < t1]))

    def _decide_access(self, ids: np.ndarray) -> None:
        """Core task 2, for all access points at once: advice only, voluntary help, or
        investigation."""
        if not len(ids):
            return
        d = self.config.decisions
        t = self.task_end[ids]
        point = self.org[ids]
        p = self._perceive(ids, point, t, "decide:access")
        report = self.is_report[ids]
        handed_on = self._handed_on_after_triage(ids, report)
        investigate = (p >= d.investigate_threshold) & ~handed_on
        offer = ~investigate & (p >= d.help_threshold)
        agree = self._agrees(ids, "decide:access_consent")
        help_ = offer & agree
        refused = offer & ~agree
        serious = refused & report & (p >= d.escalation_threshold)
        to_board = serious & handed_on
        investigate |= serious & ~handed_on
        rest = ~investigate & ~help_ & ~to_board
        self._note(t[investigate], ids[investigate], point[investigate], "investigate",
                   p[investigate])
        self._move(ids[investigate], Stage.INVESTIGATION, t[investigate])
        self._note(t[to_board], ids[to_board], point[to_board], "followup", p[to_board])
        self._move(ids[to_board], Stage.FOLLOWUP, t[to_board])
        self._offer_client_support(ids[to_board], t[to_board])
        self._note(t[help_], ids[help_], point[help_], "voluntary_help", p[help_])
        self._start_voluntary(ids[help_], t[help_])
        self._missed(ids[rest])
        self._close(ids[rest], t[rest], point[rest], "advice_only", p[rest])
        aware = ids[rest & ~report]
        self.families.aware_until[aware] = np.maximum(
            self.families.aware_until[aware], t[rest & ~report]
            + self.config.network.awareness_weeks * WEEK)

    def _handed_on_after_triage(self, ids: np.ndarray, report: np.ndarray) -> np.ndarray:
        """Reports that Veilig Thuis, in the relay, would not investigate itself after
        triage: it offers voluntary help in the local field instead, and sends a family
        that refuses while the concern is serious straight to the child protection board.
        A team that stays with the family has no one to hand on to."""
        share = self.config.decisions.triage_handover
        if self.config.design.model != "relay" or share == 0 or not report.any():
            return np.zeros(len(ids), dtype=bool)
        u = self.streams("decide:triage").random(len(ids))
        return report & (u < share)

    def _admit(self, org: Organisation, t0: float, t1: float) -> None:
        """An organisation admits from its waiting list into free slots."""
        admitted = org.admit(t0, t1, self._released(org))
        if not len(admitted.ids):
            return
        ids = admitted.ids
        is_primary = (self.org[ids] == org.index) & self.waiting[ids]
        self._start_primary(admitted, is_primary, org, t1)
        state = self.service_state.get(org.name)
        if state is not None:  # families joining with a service, not moving here
            joined = ids[~is_primary]
            state[joined] = Service.ACTIVE
            if org.name == "care_provider":  # help starts once the specialist has done intake
                self.help_from[joined] = np.maximum(
                    self.help_from[joined], admitted.started[~is_primary] + org.intake_days)
            self._count("professional_hours", joined, org.intake_hours)
            self._count("waited_days", joined,
                        (admitted.started - admitted.arrived)[~is_primary].astype(np.float32))

    def _start_primary(self, admitted, is_primary: np.ndarray, org: Organisation,
                       t1: float) -> None:
        if is_primary.all():
            sub = admitted
        else:
            sub = type(admitted)(admitted.ids[is_primary], admitted.arrived[is_primary],
                                 admitted.started[is_primary], admitted.ended[is_primary])
        ids = sub.ids
        if not len(ids):
            return
        start = self._start(sub, org)
        stage = self.stage[ids]
        present = set(stage.tolist())
        for st in (Stage.INVESTIGATION, Stage.FOLLOWUP, Stage.REVIEW, Stage.COURT):
            if st in present:
                mine = slice(None) if len(present) == 1 else stage == st
                self.task_end[ids[mine]] = (sub.ended[mine] if org.queue.releases_on_completion
                                            else self._task_end(ids[mine], st, org, start[mine]))
        if Stage.PLAN in present:
            plan = slice(None) if len(present) == 1 else stage == Stage.PLAN
            self._begin_plan(ids[plan], start[plan], org)
        if org.queue.releases_on_completion:
            finished = ids[sub.ended < t1]
            self._finish(finished, org)

    def _begin_plan(self, ids: np.ndarray, start: np.ndarray, org: Organisation) -> None:
        """A plan starts: help begins after intake; specialists and adult help join."""
        c = self.config
        self.plan_start[ids] = start
        self.help_from[ids] = start
        self.good_weeks[ids] = 0
        ordered = self.plan_kind[ids] >= PlanKind.SUPERVISION
        self.order_end[ids] = np.where(ordered, start + c.help.order_weeks * WEEK, np.inf)
        self._join_service(ids, "care_provider", self.care, start,
                           handoff=c.design.model == "relay")
        if c.design.family_oriented == "referral":
            troubled = self.families.problems[ids] != 0
            ids, start = ids[troubled], start[troubled]
            uptake = (self.streams("decide:referral").random(len(ids))
                      < c.help.referral_uptake * self.families.trust[ids])
            self._join_service(ids[uptake], "adult_services", self.adult, start[uptake],
                               handoff=True)

    # --------------------------------------------------------- task decisions
    def _finish(self, ids: np.ndarray, org: Organisation) -> None:
        """Decide what follows each finished task."""
        if not len(ids):
            return
        stage = self.stage[ids]
        present = set(stage.tolist())
        for st, decide in ((Stage.INVESTIGATION, self._decide_investigation),
                           (Stage.FOLLOWUP, self._decide_followup),
                           (Stage.REVIEW, self._decide_review),
                           (Stage.COURT, self._decide_court)):
            if st in present:
                mine = ids if len(present) == 1 else ids[stage == st]
                decide(mine, org, self.task_end[mine])

    def _decide_investigation(self, ids: np.ndarray, org: Organisation, t: np.ndarray) -> None:
        """Core task 4, first investigation: are the concerns real, and what next?"""
        d = self.config.decisions
        self._count("investigated", ids)
        p = self._perceive(ids, org, t, "decide:investigation")
        confirmed = p >= d.confirm_threshold
        self.incidents[ids[confirmed]] += 1
        agree = self._agrees(ids, "decide:investigation_consent")
        help_ = confirmed & agree
        followup = confirmed & ~agree & (p >= d.escalation_threshold)
        refused = confirmed & ~agree & ~followup
        self._note(t[help_], ids[help_], org, "voluntary_help", p[help_])
        self._start_voluntary(ids[help_], t[help_])
        self._note(t[followup], ids[followup], org, "followup", p[followup])
        self._move(ids[followup], Stage.FOLLOWUP, t[followup])
        self._offer_client_support(ids[followup], t[followup])
        for mask, decision in ((~confirmed, "not_confirmed"), (refused, "help_refused")):
            self._missed(ids[mask])
            self._close(ids[mask], t[mask], org, decision, p[mask])

    def _decide_followup(self, ids: np.ndarray, org: Organisation, t: np.ndarray) -> None:
        """Core task 4, follow-up: a family-network conference may reach agreement;
        otherwise a court request when the concern is judged serious and the family
        does not agree (a disputed request) or the concern is too grave for agreement."""
        c, d = self.config, self.config.decisions
        self._count("followup_investigated", ids)
        p = self._perceive(ids, org, t, "decide:followup")
        u = self.streams("decide:conference").random((len(ids), 2))
        held = u[:, 0] < c.design.conference_intensity
        chance = c.help.conference_agreement * self.families.support[ids] + \
            self._support_bonus(ids)
        agreed = held & (u[:, 1] < chance)
        self.families.aware_until[ids[held]] = np.maximum(
            self.families.aware_until[ids[held]], t[held] + c.network.awareness_weeks * WEEK)
        agree = self._agrees(ids, "decide:followup_consent", self._support_bonus(ids))
        # the court only when the family does not agree, or when even agreement cannot
        # keep the child safe enough
        request = ~agreed & (p >= d.court_threshold) & (~agree | (p >= d.placement_threshold))
        self._note(t[agreed], ids[agreed], org, "conference_agreement", p[agreed])
        self._start_voluntary(ids[agreed], t[agreed])
        self.file_concern[ids] = p
        self.disputed[ids[request]] = ~agree[request]
        self._request_court(ids[request], t[request], org, p[request])
        help_ = ~agreed & ~request & agree
        self._note(t[help_], ids[help_], org, "voluntary_help", p[help_])
        self._start_voluntary(ids[help_], t[help_])
        closed = ~agreed & ~request & ~agree
        self._missed(ids[closed])
        self._close(ids[closed], t[closed], org, "help_refused", p[closed])

    def _request_court(self, ids: np.ndarray, t: np.ndarray, org: Organisation,
                       p: np.ndarray) -> None:
        """Core task 6: a check of the request first, if the design has one."""
        review = self.config.design.review
        if review == "none":
            self._file_request(ids, t, org, p)
            return
        self._note(t, ids, org, "review", p)
        target = self.orgs["review_panel"] if review == "independent" else org
        self._move(ids, Stage.REVIEW, t, target)

    def _file_request(self, ids: np.ndarray, t: np.ndarray, org: Organisation,
                      p: np.ndarray) -> None:
        """The request goes to court; count whether it was avoidable or disputed."""
        serious = self.config.concern.serious
        self._count("court_request", ids)
        self._count("avoidable_escalation", ids[self.families.concern[ids] < serious])
        self._count("disputed_at_court", ids[self.disputed[ids]])
        self._note(t, ids, org, "court_request", p)
        self._move(ids, Stage.COURT, t)

    def _decide_review(self, ids: np.ndarray, org: Organisation, t: np.ndarray) -> None:
        """A second professional (four eyes) or an independent expert checks the file.

        The internal check shares the organisation's bias and averages noise; the
        independent expert judges the family afresh, without the organisation's
        bias, and a disputing family with support gets another chance to agree.
        """
        d = self.config.decisions
        self._count("reviewed", ids)
        if org.name == "review_panel":
            z = self.streams("decide:review").standard_normal(len(ids))
            p = self.families.concern[ids] + d.review_noise_sd * z
            self._count("professional_hours", ids, org.intake_hours)
        else:
            second = self._perceive(ids, org, t, "decide:review")
            p = 0.5 * (self.file_concern[ids] + second)
            self._count("professional_hours", ids, d.four_eyes_hours)
        p = p.astype(np.float32)
        self.file_concern[ids] = p
        settles = self.disputed[ids] & (
            self.streams("decide:review_agreement").random(len(ids)) < self._support_bonus(ids))
        go = (p >= d.court_threshold) & ~settles
        requester = self.route[Stage.FOLLOWUP]
        self._file_request(ids[go], t[go], requester, p[go])
        back = ids[~go]
        self.disputed[back] = False
        self._note(t[~go], back, org, "request_withdrawn", p[~go])
        agree = self._agrees(back, "decide:review_consent", self._support_bonus(back)) | \
            settles[~go]
        self._start_voluntary(back[agree], t[~go][agree])
        self._missed(back[~agree])
        self._close(back[~agree], t[~go][~agree], org, "help_refused", p[~go][~agree])

    def _decide_court(self, ids: np.ndarray, org: Organisation, t: np.ndarray) -> None:
        """Core task 7: the court decides on the file it is given."""
        c, d = self.config, self.config.decisions
        z = self.streams("decide:court").standard_normal(len(ids))
        p = (self.file_concern[ids] + d.court_noise_sd * z).astype(np.float32)
        order = p >= d.order_threshold
        place = order & (p >= d.placement_threshold)
        targeted_mask = np.uint8((1 << DEBTS) | (1 << VIOLENCE))
        targeted = (self.families.problems[ids] & targeted_mask) != 0
        other = order & ~place & targeted & (
            self.streams("decide:court_measure").random(len(ids)) < d.other_measure_share)
        supervise = order & ~place & ~other
        self.disputed[ids] = False
        ordered = ids[order]
        self._count("court_order", ordered)
        self.families.trust[ordered] *= 1 - c.trust.loss_court_order * self._compulsion_factor(
            ordered)
        self._note(t[supervise], ids[supervise], org, "order_supervision", p[supervise])
        self._note(t[place], ids[place], org, "order_placement", p[place])
        self._note(t[other], ids[other], org, "order_other", p[other])
        self._place(ids[place], t[place])
        for mask, kind in ((supervise, PlanKind.SUPERVISION), (place, PlanKind.PLACEMENT)):
            self.plan_kind[ids[mask]] = kind
            self._move(ids[mask], Stage.PLAN, t[mask], self.plan_org[kind])
        measured = ids[other]
        self.families.problems[measured] &= ~targeted_mask
        rejected = ~order
        self._note(t[rejected], ids[rejected], org, "order_rejected", p[rejected])
        rest = other | rejected
        agree = self._agrees(ids[rest], "decide:court_consent")
        self._start_voluntary(ids[rest][agree], t[rest][agree])
        self._missed(ids[rest][~agree])
        self._close(ids[rest][~agree], t[rest][~agree], org, "help_refused", p[rest][~agree])

    # ------------------------------------------------------------------ results
    def _count_sums(self) -> dict[str, float]:
        arrays = self.outcomes.arrays
        return {name: float(arrays[name].sum())
                for name in COUNT_OUTCOMES + ["professional_hours", "waited_days"]}

    def _start_reporting(self) -> None:
        for org in self.org_list:
            org.reset_year()
        self._year_start_sums = self._count_sums()
        self._serious_share = []

    def _close_year(self) -> None:
        """Yearly sums (events in the year), stocks at the year's end, organisation waits."""
        year = (self.week - self.warmup_weeks) // WEEKS_PER_YEAR
        sums = self._count_sums()
        n = len(self.families)
        row: dict[str, float] = {"year": year, "families": n}
        for name, total in sums.items():
            row[f"{name}_sum"] = total - self._year_start_sums[name]
            row[f"{name}_per_1000"] = 1000.0 * row[f"{name}_sum"] / n
        self._year_start_sums = sums
        year_start = self.day - YEAR
        o = self.outcomes
        contact = (o.first_contact >= year_start) & (o.first_contact < self.day)
        helped = (o.first_help >= year_start) & (o.first_help < self.day)
        row["new_first_contacts"] = int(contact.sum())
        row["days_to_first_contact_mean"] = float(np.nanmean(
            (o.first_contact - o.first_noticed)[contact])) if contact.any() else np.nan
        row["days_to_help_mean"] = float(np.nanmean(
            (o.first_help - o.first_contact)[helped])) if helped.any() else np.nan
        row["orders_in_force_end"] = int(np.sum(self.plan_kind >= PlanKind.SUPERVISION))
        row["in_chain_end"] = int(np.sum(self.stage != Stage.NONE))
        row["serious_share_mean"] = float(np.mean(self._serious_share))
        row["prevention_hours"] = (self.config.design.prevention_intensity
                                   * self.config.help.prevention_hours * n)
        self._serious_share = []
        self.yearly.append(row)
        held = np.bincount(self.org[(self.stage != Stage.NONE) & ~self.waiting],
                           minlength=len(self.org_list))
        for name, state in self.service_state.items():
            held[self.orgs[name].index] += int(np.sum(state == Service.ACTIVE))
        for org in self.org_list:
            self.organisation_years.append(
                {"year": year, **org.year_statistics(YEAR, int(held[org.index]))})
            org.reset_year()

    def family_table(self) -> pd.DataFrame:
        """One row per family (see sim.outcomes.FAMILY_OUTCOMES)."""
        return self.outcomes.table(self.day, self.trust_at_close, self.families.n_children)

    def yearly_table(self) -> pd.DataFrame:
        """One row per reported year."""
        return pd.DataFrame(self.yearly)

    def organisation_table(self) -> pd.DataFrame:
        """One row per organisation and reported year: waiting lists and waits."""
        return pd.DataFrame(self.organisation_years)

    def flow_table(self) -> pd.DataFrame:
        """Moves between core tasks and their handoffs over the reported years."""
        return self.journeys.flow_table()

    def waiting_table(self) -> pd.DataFrame:
        """Every organisation's waiting list at the end of each reported week."""
        return self.journeys.waiting_table()

    def event_table(self) -> pd.DataFrame:
        """The record of every step per family."""
        return self.record.table([o.name for o in self.org_list])
