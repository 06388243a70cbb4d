"""K-means personas: choose k by silhouette, fit, relabel by value, measure
stability across seeds.

Fitting happens on a sample in Python; dim_customer_clusters scores every
customer in SQL (nearest centroid) from the parameter table written here, and
names each cluster from its centroid with the rules in
seeds/cluster_naming_rules.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits


def signed_log1p(values: np.ndarray) -> np.ndarray:
    """sign(x) * ln(1 + |x|): log scale that keeps net refunds (negative money)."""
    return np.sign(values) * np.log1p(np.abs(values))


# Same formulas as the SQL scoring models: sign(x) * ln(1 + abs(x)) and x.
TRANSFORMS = {"log1p": signed_log1p, "none": lambda values: values}
VALUE_FEATURE = "monetary_365d_cny"


def transform_features(
    frame: pd.DataFrame, transforms: dict[str, str], var_name: str = "kmeans_features"
) -> np.ndarray:
    """Apply each feature's transform (signed log1p or none); columns in dict order."""
    unknown = sorted(set(transforms.values()) - set(TRANSFORMS))
    if unknown:
        raise ValueError(
            f"{var_name}: unknown transform(s) {unknown}; use one of "
            f"{sorted(TRANSFORMS)} in dbt_project.yml vars"
        )
    missing = sorted(set(transforms) - set(frame.columns))
    if missing:
        raise ValueError(
            f"{var_name}: feature(s) {missing} are not columns of the input "
            f"(has {sorted(frame.columns)}); fix the var in dbt_project.yml"
        )
    columns = [
        TRANSFORMS[transform](frame[name].astype("float64").to_numpy())
        for name, transform in transforms.items()
    ]
    return np.column_stack(columns)


def eligible_rows(
    features: pd.DataFrame, transforms: dict[str, str], sample_size: int, seed: int
) -> pd.DataFrame:
    """Purchasing customers with every feature, sorted, then sampled (fixed seed)."""
    eligible = features.dropna(subset=list(transforms)).sort_values(
        "customer_id", kind="stable"
    )
    if len(eligible) > sample_size:
        eligible = eligible.sample(n=sample_size, random_state=seed)
    return eligible.reset_index(drop=True)


def standardise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scaled matrix, means and scales (scale 1 for a constant feature)."""
    scaler = StandardScaler().fit(matrix)
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    return (matrix - scaler.mean_) / scale, scaler.mean_, scale


def fit_kmeans(scaled: np.ndarray, n_clusters: int, seed: int) -> KMeans:
    """K-means with 10 starts on one thread: on a busy 2-core machine OpenMP
    threads made a 2,000-row fit take seconds instead of 30 ms."""
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=n_clusters, random_state=seed, n_init=10).fit(scaled)


def value_order(centers: np.ndarray, value_index: int) -> np.ndarray:
    """Old cluster numbers in new order: highest centroid value first."""
    return np.argsort(-centers[:, value_index], kind="stable")


def select_k(
    scaled: np.ndarray,
    k_min: int,
    k_max: int,
    seed: int,
    silhouette_sample_size: int,
) -> tuple[int, dict[int, float]]:
    """k in [k_min, k_max] with the best silhouette on a sample (ties: smaller k).

    The range is cut to what the data allow (2 <= k <= distinct rows - 1)."""
    if k_min < 2 or k_max < k_min:
        raise ValueError(
            f"kmeans_min_clusters/kmeans_max_clusters must satisfy 2 <= min <= max, "
            f"got {k_min}..{k_max} (dbt_project.yml vars)"
        )
    distinct = len(np.unique(scaled, axis=0))
    upper = min(k_max, distinct - 1)
    if upper < 2:
        return max(1, min(k_min, distinct)), {}
    lower = min(k_min, upper)
    rng = np.random.default_rng(seed)
    if len(scaled) > silhouette_sample_size:
        picked = np.sort(rng.choice(len(scaled), silhouette_sample_size, replace=False))
        sample = scaled[picked]
    else:
        sample = scaled
    scores: dict[int, float] = {}
    for k in range(lower, upper + 1):
        labels = fit_kmeans(scaled, k, seed).predict(sample)
        if len(np.unique(labels)) < 2:
            continue
        scores[k] = float(silhouette_score(sample, labels))
    if not scores:
        return lower, scores
    best = max(scores.values())
    return min(k for k, score in scores.items() if score == best), scores


def stability_ari(
    scaled: np.ndarray, n_clusters: int, seeds: list[int]
) -> dict[tuple[int, int], float]:
    """Adjusted Rand index between the solutions of every pair of seeds."""
    labels = {seed: fit_kmeans(scaled, n_clusters, seed).labels_ for seed in seeds}
    return {
        (first, second): float(adjusted_rand_score(labels[first], labels[second]))
        for index, first in enumerate(seeds)
        for second in seeds[index + 1 :]
    }


def parameter_rows(
    kmeans: KMeans,
    transforms: dict[str, str],
    mean: np.ndarray,
    scale: np.ndarray,
    training_rows: int,
    seed: int,
) -> pd.DataFrame:
    """Long parameter table, clusters renumbered by value (1 = highest spend)."""
    value_index = (
        list(transforms).index(VALUE_FEATURE) if VALUE_FEATURE in transforms else 0
    )
    order = value_order(kmeans.cluster_centers_, value_index)
    rows = []
    for new_index, old_index in enumerate(order, start=1):
        for feature_index, (name, transform) in enumerate(transforms.items()):
            rows.append(
                {
                    "cluster_index": new_index,
                    "feature_name": name,
                    "feature_transform": transform,
                    "scaler_mean": float(mean[feature_index]),
                    "scaler_scale": float(scale[feature_index]),
                    "centroid_scaled": float(
                        kmeans.cluster_centers_[old_index, feature_index]
                    ),
                    "training_rows": training_rows,
                    "random_seed": seed,
                }
            )
    return pd.DataFrame(rows)


def fit_kmeans_parameters(
    features: pd.DataFrame,
    transforms: dict[str, str],
    n_clusters: int,
    seed: int,
    sample_size: int,
) -> pd.DataFrame:
    """Fit scaler + K-means (fixed k) on a sample; the long parameter table."""
    eligible = eligible_rows(features, transforms, sample_size, seed)
    if len(eligible) < n_clusters:
        raise ValueError(
            f"K-means needs at least {n_clusters} purchasing customers, "
            f"found {len(eligible)}; lower var kmeans_clusters"
        )
    scaled, mean, scale = standardise(transform_features(eligible, transforms))
    kmeans = fit_kmeans(scaled, n_clusters, seed)
    return parameter_rows(kmeans, transforms, mean, scale, len(eligible), seed)


def resolve_k(
    setting: str | int,
    scaled: np.ndarray,
    k_min: int,
    k_max: int,
    seed: int,
    silhouette_sample_size: int,
) -> tuple[int, dict[int, float]]:
    """var kmeans_clusters: 'auto' searches by silhouette, an integer fixes k."""
    text = str(setting).strip().lower()
    if text == "auto":
        return select_k(scaled, k_min, k_max, seed, silhouette_sample_size)
    if not text.isdigit() or int(text) < 1:
        raise ValueError(
            f"var kmeans_clusters must be 'auto' or a positive integer, got '{setting}'"
        )
    return int(text), {}


def evaluation_metrics(
    features: pd.DataFrame,
    transforms: dict[str, str],
    setting: str | int,
    k_min: int,
    k_max: int,
    seed: int,
    sample_size: int,
    silhouette_sample_size: int,
    stability_seeds: list[int],
) -> list[tuple[str, str, str, float, int]]:
    """Silhouette per k, the chosen k, and ARI between seeds at that k, all on
    a sample of `sample_size` rows (11 K-means fits: keep it well below the
    final fit's sample; at 200,000 rows they took minutes)."""
    eligible = eligible_rows(features, transforms, sample_size, seed)
    if len(eligible) < 2:
        raise ValueError(
            f"K-means needs at least 2 purchasing customers, found {len(eligible)} "
            "(int_customer_features_aggregated)"
        )
    scaled, _, _ = standardise(transform_features(eligible, transforms))
    n = len(eligible)
    chosen, scores = resolve_k(
        setting, scaled, k_min, k_max, seed, silhouette_sample_size
    )
    chosen = min(chosen, n)
    silhouette_n = min(n, silhouette_sample_size)
    metrics: list[tuple[str, str, str, float, int]] = [
        ("data", "selection_rows", "all", n, n),
        ("selection", "selected_clusters", "all", chosen, n),
    ]
    for k, score in sorted(scores.items()):
        metrics.append(("selection", "silhouette", f"k={k}", score, silhouette_n))
    if chosen >= 2 and len(stability_seeds) >= 2:
        pairs = stability_ari(scaled, chosen, list(stability_seeds))
        for (first, second), ari in pairs.items():
            metrics.append(
                ("stability", "adjusted_rand_index", f"seeds={first},{second}", ari, n)
            )
        values = list(pairs.values())
        metrics.append(("stability", "adjusted_rand_index_min", "all", min(values), n))
        metrics.append(
            ("stability", "adjusted_rand_index_mean", "all", float(np.mean(values)), n)
        )
    return metrics
