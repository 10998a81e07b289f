"""Discovered framings: passage clusters with ids that stay stable across re-runs.

TF-IDF of lemmas → LSA (``TruncatedSVD``) → L2-normalise → ``KMeans``. Unless the user
sets k, it is the k in ``K_RANGE`` with the best silhouette score (cosine, on a seeded
sample) among those whose smallest cluster has at least 3 passages (2 % of them on big
corpora). Each cluster is described by its top terms (the mean TF-IDF of its passages),
the passages nearest its centre, and the named frame most of its words carry.

Stable ids: a cluster keeps the id of the previous run's cluster whose term profile
is most similar (cosine over top-term weights, optimal one-to-one assignment), when that
similarity is at least ``MATCH_SIMILARITY``; otherwise it gets a new id. Ids of clusters
that found no successor are retired, never reused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

K_RANGE = range(2, 11)
#: At least this many passages per cluster when k is chosen automatically.
MIN_PER_CLUSTER = 8
MATCH_SIMILARITY = 0.3
PROFILE_TERMS = 50
TOP_TERMS = 10
EXAMPLES = 3
#: Up to this many passages k-means takes the best of 4 starts, above it one.
MULTI_START_MAX = 1000
SILHOUETTE_SAMPLE = 1500  # a 1500² distance matrix: 18 MB, whatever the corpus size
#: Clusters are kept only when refits on resamples agree with them this well (mean adjusted
#: Rand index); below it the corpus has no distinct sub-framings, and the report says so.
MIN_STABILITY = 0.6
RESAMPLES = 5
RESAMPLE_SHARE = 0.8


@dataclass
class Cluster:
    """One discovered framing."""

    cluster_id: int
    size: int
    top_terms: list[tuple[str, float]]
    profile: dict[str, float]
    examples: list[int]  # row indices of the passages nearest the centre
    frame: str | None = None
    frame_share: float = 0.0
    similarity: float | None = None  # to the previous run's cluster with this id
    status: str = "new"  # new | kept


@dataclass
class Discovery:
    """Clusters, each row's cluster id, and what changed since the previous run."""

    assignments: np.ndarray
    clusters: list[Cluster]
    k_scores: dict[int, float] = field(default_factory=dict)
    retired: list[int] = field(default_factory=list)
    stability: float | None = None  # mean adjusted Rand index of refits on resamples


def discover(
    lemmas: list[str],
    frames: list[str],
    words: list[int],
    *,
    seed: int,
    k: int | None = None,
    previous: list[dict[str, Any]] | None = None,
    stop_words: tuple[str, ...] = (),
) -> Discovery | None:
    """Cluster passages; ``None`` when there are too few to cluster (fewer than 2 × ``MIN_PER_CLUSTER``)."""
    import sklearn
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score
    from sklearn.metrics.pairwise import cosine_distances
    from sklearn.preprocessing import normalize
    from sklearn.utils import check_random_state

    n = len(lemmas)
    if n < 2 * MIN_PER_CLUSTER or (k is not None and not 2 <= k <= n):
        return None
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, min_df=2 if n >= 50 else 1, max_df=0.5, token_pattern=r"(?u)\b(?!ent_)[a-z][a-z-]{2,}\b",
        stop_words=sorted(stop_words) or None,
    )
    try:
        tfidf = vectorizer.fit_transform(lemmas)
    except ValueError:  # empty vocabulary
        return None
    if tfidf.shape[1] < 3:
        return None
    dims = max(2, min(100, tfidf.shape[1] - 1, n - 1))
    lsa = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(tfidf))
    scores: dict[int, float] = {}
    # Several k-means++ starts steady the clusters of a small corpus; on a large one a single
    # start (scikit-learn's default) is as steady, and the k search fits nine models, not 36.
    starts = 4 if n <= MULTI_START_MAX else 1
    if k is None:
        fits = {}
        # Every k is scored on the same seeded sample (the one silhouette_score would draw), so
        # its cosine distances are computed once, not once per k.
        sample = check_random_state(seed).permutation(n)[:SILHOUETTE_SAMPLE]
        distances = cosine_distances(lsa[sample])
        for candidate in K_RANGE:
            if candidate * MIN_PER_CLUSTER > n:
                break
            model = KMeans(candidate, n_init=starts, random_state=seed).fit(lsa)
            with sklearn.config_context(working_memory=64):  # MB per chunk of the silhouette's reductions
                scores[candidate] = float(silhouette_score(distances, model.labels_[sample], metric="precomputed"))
            fits[candidate] = model
        # A k whose clustering leaves a near-empty cluster describes outliers, not framings.
        floor = max(3, int(0.02 * n))
        fair = [c for c in scores if np.bincount(fits[c].labels_, minlength=c).min() >= floor] or list(scores)
        k = max(fair, key=lambda c: (round(scores[c], 6), -c))
        model = fits[k]
    else:
        model = KMeans(k, n_init=starts, random_state=seed).fit(lsa)
    stability = _stability(lsa, model.labels_, k, seed=seed, starts=starts)
    if stability < MIN_STABILITY:
        # The groups change when the passages are resampled: they are not framings. No
        # passage gets a cluster, and the previous run's clusters retire.
        retired = [int(p["cluster_id"]) for p in previous or [] if p["status"] != "retired"]
        return Discovery(np.full(n, -1, dtype=int), [], scores, retired, round(stability, 4))
    terms = vectorizer.get_feature_names_out()
    clusters = []
    for c in range(k):
        rows = np.flatnonzero(model.labels_ == c)
        if len(rows) == 0:
            continue
        mean = np.asarray(tfidf[rows].mean(axis=0)).ravel()
        order = np.argsort(-mean, kind="stable")
        profile = {str(terms[j]): round(float(mean[j]), 5) for j in order[:PROFILE_TERMS] if mean[j] > 0}
        distance = np.linalg.norm(lsa[rows] - model.cluster_centers_[c], axis=1)
        nearest = rows[np.argsort(distance, kind="stable")[:EXAMPLES]]
        share = Counter()
        for r in rows:
            share[frames[r]] += max(words[r], 1)
        frame, weight = share.most_common(1)[0]
        clusters.append(Cluster(
            cluster_id=c, size=len(rows), top_terms=list(profile.items())[:TOP_TERMS], profile=profile,
            examples=[int(r) for r in nearest], frame=frame, frame_share=round(weight / sum(share.values()), 3),
        ))
    local = {cl.cluster_id: cl for cl in clusters}
    retired = _stable_ids(clusters, previous or [])
    assignments = np.array([local[label].cluster_id for label in model.labels_], dtype=int)
    return Discovery(assignments, sorted(clusters, key=lambda cl: cl.cluster_id), scores, retired, round(stability, 4))


def _stability(lsa: np.ndarray, labels: np.ndarray, k: int, *, seed: int, starts: int) -> float:
    """Mean adjusted Rand index between ``labels`` and k-means refits on seeded 80 % resamples."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.RandomState(seed)
    n = len(labels)
    scores = []
    for b in range(RESAMPLES):
        rows = np.sort(rng.choice(n, size=max(k + 1, int(RESAMPLE_SHARE * n)), replace=False))
        refit = KMeans(k, n_init=starts, random_state=seed + b + 1).fit(lsa[rows])
        scores.append(adjusted_rand_score(labels[rows], refit.labels_))
    return float(np.mean(scores))


def assign_clusters(lemmas: list[str], clusters: list[dict[str, Any]]) -> list[int | None]:
    """The active cluster whose term profile is closest (cosine) to each passage's lemmas; None if none shares a term."""
    active = [c for c in clusters if c["status"] != "retired" and c.get("profile")]
    out: list[int | None] = []
    for text in lemmas:
        counts = Counter(text.split())
        best, score = None, 0.0
        for c in active:
            sim = _cosine(counts, c["profile"])
            if sim > score:
                best, score = c["cluster_id"], sim
        out.append(best)
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = np.sqrt(sum(w * w for w in a.values())) * np.sqrt(sum(w * w for w in b.values()))
    return float(dot / norm) if norm else 0.0


def _stable_ids(clusters: list[Cluster], previous: list[dict[str, Any]]) -> list[int]:
    """Give ``clusters`` the ids of matching previous clusters (in place); return retired ids."""
    from scipy.optimize import linear_sum_assignment

    active = [p for p in previous if p["status"] != "retired"]
    next_id = max((int(p["cluster_id"]) for p in previous), default=-1) + 1
    matched: dict[int, tuple[int, float]] = {}
    if active and clusters:
        sim = np.array([[_cosine(c.profile, p["profile"]) for p in active] for c in clusters])
        for i, j in zip(*linear_sum_assignment(-sim)):
            if sim[i, j] >= MATCH_SIMILARITY:
                matched[i] = (int(active[j]["cluster_id"]), round(float(sim[i, j]), 3))
    # New ids in order of size, so the numbering of a first run reads largest first.
    for i in sorted(range(len(clusters)), key=lambda i: (-clusters[i].size, clusters[i].cluster_id)):
        cluster = clusters[i]
        if i in matched:
            cluster.cluster_id, cluster.similarity = matched[i]
            cluster.status = "kept"
        else:
            cluster.cluster_id, cluster.status = next_id, "new"
            next_id += 1
    kept = {c.cluster_id for c in clusters}
    return [int(p["cluster_id"]) for p in active if int(p["cluster_id"]) not in kept]
