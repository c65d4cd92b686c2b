"""The informal network: ties between families and to community professionals.

Built as a sparse adjacency directly from the model's random stream, so the
whole country (millions of ties) fits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from sim.params.network import Network as NetworkParams

ROLES = ("school", "gp", "childcare", "sports")


@dataclass
class InformalNetwork:
    """Ties between families (weighted, symmetric) and each family's community professionals."""

    ties: sp.csr_matrix  # tie strength between families, float32
    strength_sum: np.ndarray  # total tie strength per family
    professional: dict[str, np.ndarray]  # role -> attentiveness of the family's contact (0: none)
    ties_by_kind: dict[str, np.ndarray]  # kin, friends, triads -> ties drawn per family
    places: dict[str, np.ndarray]  # role -> the place that sees the family (-1: none)
    alert_until: np.ndarray  # day until the family is an alert tie (sim.tasks.access)
    drawn_in_until: np.ndarray  # day until a conference's support lasts (sim.tasks.followup)
    newly_alert: list[np.ndarray] = field(default_factory=list)  # ties alerted since last taken

    def alert(self, ties: np.ndarray, until: float) -> None:
        """Ties stay alert until at least `until` (days); kept aside so that whoever follows
        alertness need not look at every family (take_newly_alert)."""
        self.alert_until[ties] = np.maximum(self.alert_until[ties], until)
        self.newly_alert.append(ties)

    def take_newly_alert(self) -> np.ndarray:
        """The ties alerted since the last call (in the order alerted; one may repeat)."""
        fresh = np.concatenate(self.newly_alert) if self.newly_alert else \
            np.empty(0, dtype=np.int64)
        self.newly_alert.clear()
        return fresh

    @property
    def n_ties(self) -> int:
        """Number of family-family ties (each counted once)."""
        return self.ties.nnz // 2


def _kin_edges(n: int, p: NetworkParams, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Relatives: families grouped in kin groups anywhere in the region; each group a clique."""
    order = rng.permutation(n)  # position in `order` -> family
    sizes = 1 + rng.poisson(p.kin_group_mean - 1.0, size=n)
    bounds = np.cumsum(sizes)
    bounds = bounds[bounds < n]
    starts_group = np.zeros(n, dtype=np.int64)
    starts_group[bounds] = 1
    group = np.cumsum(starts_group)
    largest = int(np.diff(np.concatenate(([0], bounds, [n]))).max())
    position = np.arange(n)
    sources, targets = [], []
    for k in range(1, largest):
        # pair each member with the member k places later in the same group
        partner = position[: n - k] + k
        same = group[: n - k] == group[partner]
        sources.append(order[: n - k][same])
        targets.append(order[partner[same]])
    src = np.concatenate(sources) if sources else np.empty(0, np.int64)
    dst = np.concatenate(targets) if targets else np.empty(0, np.int64)
    return src, dst, 1.5 * _tie_strength(len(src), p, rng)


def _tie_strength(m: int, p: NetworkParams, rng: np.random.Generator) -> np.ndarray:
    sd = p.tie_strength_sd
    return rng.lognormal(-0.5 * sd * sd, sd, size=m).astype(np.float32)


def _friend_edges(n: int, p: NetworkParams, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Friends and neighbours: stubs paired at random inside each neighbourhood."""
    sociability = rng.gamma(p.sociability_shape, 1.0 / p.sociability_shape, size=n)
    stubs = rng.poisson(p.friends_mean * sociability)
    owner = np.repeat(np.arange(n), stubs)
    hood = owner // p.neighbourhood_size
    key = hood * 2.0 + rng.random(len(owner))  # shuffle within neighbourhood
    owner = owner[np.argsort(key, kind="stable")]
    hood = owner // p.neighbourhood_size
    m = len(owner) // 2 * 2
    a, b = owner[0:m:2], owner[1:m:2]
    ok = (hood[0:m:2] == hood[1:m:2]) & (a != b)
    src, dst = a[ok], b[ok]
    return src, dst, _tie_strength(len(src), p, rng)


def _close_triads(adj: sp.csr_matrix, p: NetworkParams,
                  rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """A share of families introduce two of their contacts to each other (clustering)."""
    degree = np.diff(adj.indptr)
    hubs = np.flatnonzero((degree >= 2) & (rng.random(adj.shape[0]) < p.triadic_closure))
    first = adj.indptr[hubs] + (rng.random(len(hubs)) * degree[hubs]).astype(np.int64)
    second = adj.indptr[hubs] + (rng.random(len(hubs)) * degree[hubs]).astype(np.int64)
    src, dst = adj.indices[first], adj.indices[second]
    ok = src != dst
    src, dst = src[ok], dst[ok]
    return src, dst, _tie_strength(len(src), p, rng)


def _symmetric(n: int, edges: list[tuple[np.ndarray, ...]]) -> sp.csr_matrix:
    """Ties both ways, strengths of a pair listed twice added up; nobody is tied to
    themselves (dropped here, before the matrix is built)."""
    src = np.concatenate([e[0] for e in edges])
    dst = np.concatenate([e[1] for e in edges])
    weight = np.concatenate([e[2] for e in edges]).astype(np.float32)
    other = src != dst
    src, dst, weight = src[other], dst[other], weight[other]
    rows = np.concatenate([src, dst])
    cols = np.concatenate([dst, src])
    data = np.concatenate([weight, weight])
    adj = sp.coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()
    adj.sum_duplicates()
    return adj


def _professionals(n: int, youngest_age: np.ndarray, p: NetworkParams,
                   rng: np.random.Generator) -> tuple[dict[str, np.ndarray], ...]:
    """Each family's school, GP, childcare and sports club: the attentiveness of that place,
    and which place it is (-1: the family has none, e.g. no school for a toddler).

    Places serve consecutive families (a neighbourhood's school); places differ in
    how attentive they are, so whether a concern is seen depends on where one lives.
    """
    def attentiveness(group_size: int, member: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        place = np.arange(n) // group_size
        sd = p.attentiveness_sd
        per_place = rng.lognormal(-0.5 * sd * sd, sd, size=int(place.max()) + 1)
        return (np.where(member, per_place[place], 0.0).astype(np.float32),
                np.where(member, place, -1).astype(np.int32))

    in_school = youngest_age >= 4
    in_childcare = (youngest_age < 4) & (rng.random(n) < p.childcare_share)
    in_sports = rng.random(n) < p.sports_share
    seen = {
        "school": attentiveness(p.school_size, in_school),
        "gp": attentiveness(p.gp_size, np.ones(n, dtype=bool)),
        "childcare": attentiveness(p.childcare_size, in_childcare),
        "sports": attentiveness(p.school_size, in_sports),
    }
    return ({role: a for role, (a, _) in seen.items()},
            {role: place for role, (_, place) in seen.items()})


def build_network(n: int, youngest_age: np.ndarray, p: NetworkParams,
                  rng: np.random.Generator) -> InformalNetwork:
    """Generate the whole network from one random stream."""
    kin = _kin_edges(n, p, rng)
    friends = _friend_edges(n, p, rng)
    base = _symmetric(n, [kin, friends])
    triads = _close_triads(base, p, rng)
    ties = _symmetric(n, [kin, friends, triads])
    professional, places = _professionals(n, youngest_age, p, rng)
    return InformalNetwork(
        ties=ties,
        strength_sum=np.asarray(ties.sum(axis=1)).ravel().astype(np.float32),
        professional=professional,
        places=places,
        ties_by_kind={kind: _ties_per_family(n, edges)
                      for kind, edges in (("kin", kin), ("friends", friends),
                                          ("triads", triads))},
        alert_until=np.full(n, -np.inf, dtype=np.float32),
        drawn_in_until=np.full(n, -np.inf, dtype=np.float32),
    )


def _ties_per_family(n: int, edges: tuple[np.ndarray, ...]) -> np.ndarray:
    """How many ties of one kind each family got (before pairs listed twice are merged)."""
    ends = np.concatenate([edges[0], edges[1]])
    return np.bincount(ends, minlength=n).astype(np.int16)
