"""Relations to pandas, and the one shape every model's metrics rows take."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

# Columns of every metrics table a Python fit writes (see fct_model_metrics).
METRIC_COLUMNS = [
    "model_name",
    "model_version",
    "as_of_date",
    "metric_group",
    "metric_name",
    "metric_detail",
    "metric_value",
    "sample_size",
    "holdout_start_date",
    "holdout_end_date",
    "library",
]
METRIC_GROUPS = ("data", "selection", "stability", "evaluation", "baseline", "fit")


def to_pandas(relation) -> pd.DataFrame:
    """One conversion for every adapter: DuckDB (`.df()`), Snowpark
    (`.to_pandas()`) and Spark (`.toPandas()`) relations."""
    for method in ("df", "to_pandas", "toPandas"):
        if hasattr(relation, method):
            return getattr(relation, method)()
    raise TypeError(
        f"Cannot convert {type(relation).__name__} to pandas: expected a DuckDB, "
        "Snowpark or Spark relation (dbt.ref(...) in a dbt Python model)"
    )


def library_version(*packages: str) -> str:
    """'name version' of each installed package, e.g. 'lifetimes 0.11.3'."""
    parts = []
    for package in packages:
        try:
            parts.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package} (not installed)")
    return ", ".join(parts)


@dataclass(frozen=True)
class MetricContext:
    """What every metric row of one model fit shares."""

    model_name: str
    as_of_date: str  # YYYY-MM-DD: the model version is the as-of date it saw
    library: str
    holdout_start_date: str | None = None
    holdout_end_date: str | None = None


def metric_rows(
    context: MetricContext,
    metrics: list[tuple[str, str, str, float, int]],
) -> pd.DataFrame:
    """Metrics table from (group, name, detail, value, sample_size) tuples."""
    rows = []
    for group, name, detail, value, sample_size in metrics:
        if group not in METRIC_GROUPS:
            raise ValueError(
                f"{context.model_name}: metric group '{group}' of '{name}' is not "
                f"one of {METRIC_GROUPS} (src/huaxiang/models/frames.py)"
            )
        rows.append(
            {
                "model_name": context.model_name,
                "model_version": context.as_of_date,
                "as_of_date": context.as_of_date,
                "metric_group": group,
                "metric_name": name,
                "metric_detail": detail,
                "metric_value": float(value),
                "sample_size": int(sample_size),
                "holdout_start_date": context.holdout_start_date,
                "holdout_end_date": context.holdout_end_date,
                "library": context.library,
            }
        )
    frame = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    duplicated = frame.duplicated(["metric_name", "metric_detail"])
    if duplicated.any():
        raise ValueError(
            f"{context.model_name}: duplicate metrics "
            f"{frame.loc[duplicated, ['metric_name', 'metric_detail']].values.tolist()}"
        )
    # Typed even when every value is missing (DuckDB would make a NULL column).
    text_columns = [
        c for c in METRIC_COLUMNS if c not in ("metric_value", "sample_size")
    ]
    return frame.astype(
        {"sample_size": "int64", "metric_value": "float64"}
        | dict.fromkeys(text_columns, "str")
    )


def sample_rows(frame: pd.DataFrame, key: str, size: int, seed: int) -> pd.DataFrame:
    """A deterministic sample of at most `size` rows: sorted by `key` first, so
    the same rows come out whatever order the warehouse returned them in."""
    if size < 1:
        raise ValueError(f"sample size must be at least 1, got {size} (dbt var)")
    ordered = frame.sort_values(key, kind="stable").reset_index(drop=True)
    if len(ordered) <= size:
        return ordered
    return ordered.sample(n=size, random_state=seed).reset_index(drop=True)
