"""Statistics of the generated informal network, so a reader can judge whether it looks
like families' networks: degree distribution, clustering, components, ties by kind.

Written with each run as network.csv (sim.runner); the plausible ranges and their sources
are in RANGES and docs/ODD.md, and tests check the default region lies within them.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from sim.network import InformalNetwork

CLUSTERING_SAMPLE = 1_000
"""Families the clustering coefficient is averaged over (a fixed random sample, computed by
networkx on the sample and its ties only: the whole graph in networkx would cost more than
half a region run; the sample's standard error is about 0.01)."""

RANGES: dict[str, tuple[float, float, str]] = {
    "degree_mean": (3.0, 15.0, "Dunbar 2020 (Proc. R. Soc. A 476: 20200446): a support clique "
                    "of about 5 and a sympathy group of about 15 people; ties here are between "
                    "households, so fewer"),
    "degree_median": (2.0, 15.0, "as degree_mean"),
    "isolated_share": (0.0, 0.1, "assumption: a few per cent of families have no relative, "
                       "friend or neighbour they are in touch with (social isolation)"),
    "degree_max": (5.0, 60.0, "assumption: no household keeps close ties with more than a few "
                   "dozen others"),
    "clustering": (0.05, 0.6, "assumption: personal networks are clustered (friends of friends "
                   "know each other), far above a random graph's"),
    "largest_component_share": (0.5, 1.0, "assumption: most families are linked through "
                                "friends of friends"),
    "components_per_1000": (0.0, 100.0, "assumption"),
    "kin_ties_mean": (0.5, 5.0, "assumption: kin groups of 1.5-4 related families"),
    "friend_ties_mean": (1.0, 8.0, "assumption"),
}


def network_statistics(network: InformalNetwork, seed: int = 0) -> pd.DataFrame:
    """One row per statistic: value, plausible low and high, source."""
    ties = network.ties
    n = ties.shape[0]
    degree = np.diff(ties.indptr)
    _, component = connected_components(ties, directed=False)
    sizes = np.bincount(component)
    values = {
        "families": float(n),
        "ties": float(network.n_ties),
        "degree_mean": float(degree.mean()),
        "degree_median": float(np.median(degree)),
        "isolated_share": float(np.mean(degree == 0)),
        "degree_max": float(degree.max()),
        "clustering": _sampled_clustering(ties, seed),
        "largest_component_share": float(sizes.max() / n),
        "components_per_1000": 1000.0 * len(sizes) / n,
        "kin_ties_mean": float(network.ties_by_kind["kin"].mean()),
        "friend_ties_mean": float(network.ties_by_kind["friends"].mean()),
        "triad_ties_mean": float(network.ties_by_kind["triads"].mean()),
    }
    rows = [(name, value, *RANGES.get(name, (np.nan, np.nan, "")))
            for name, value in values.items()]
    return pd.DataFrame(rows, columns=["statistic", "value", "low", "high", "source"])


def _sampled_clustering(ties: sp.csr_matrix, seed: int) -> float:
    """Mean local clustering of a random sample of families: a family's clustering needs
    only its ties and the ties among them, so networkx gets that part of the graph."""
    n = ties.shape[0]
    sample = np.random.default_rng(seed).choice(n, size=min(n, CLUSTERING_SAMPLE),
                                                replace=False)
    nodes = np.union1d(sample, ties[sample].indices)
    graph = nx.from_scipy_sparse_array(ties[nodes][:, nodes], edge_attribute=None)
    position = np.searchsorted(nodes, sample)
    return float(nx.average_clustering(graph, nodes=position.tolist()))
