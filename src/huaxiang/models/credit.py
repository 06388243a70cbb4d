"""The finance credit scorecard on the warehouse's snapshots: which rows it
fits and tests on, and its settings (dbt vars scorecard_*), around the
building blocks in huaxiang.models.scorecard.

Snapshots come from int_credit_features_snapshotted: `training` (oldest
observation point) fits, the later `holdout` tests, `scoring` (the as-of
state) is what dim_customer_credit_score scores and what PSI compares with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from huaxiang.models import frames, scorecard

LABEL = "is_bad"
KEY = "customer_id"


@dataclass(frozen=True)
class Settings:
    """The scorecard's dbt vars (see dbt_project.yml, scorecard_*)."""

    features: list[str]
    monotone: dict[str, bool]
    max_bins: int
    sample_size: int
    seed: int
    base_score: float
    base_odds: float
    points_to_double_odds: float

    @classmethod
    def from_json(cls, text: str) -> Settings:
        raw = json.loads(text)
        features = raw.get("features")
        if not isinstance(features, dict) or not features:
            raise ValueError(
                "var scorecard_features must map feature names to "
                "{monotone: true|false} (dbt_project.yml), got " + repr(features)
            )
        monotone = {}
        for name, options in features.items():
            if not isinstance(options, dict) or not isinstance(
                options.get("monotone"), bool
            ):
                raise ValueError(
                    f"var scorecard_features.{name}: give {{monotone: true}} or "
                    f"{{monotone: false}} (dbt_project.yml), got {options!r}"
                )
            monotone[name] = options["monotone"]
        return cls(
            features=list(features),
            monotone=monotone,
            max_bins=int(raw["max_bins"]),
            sample_size=int(raw["sample_size"]),
            seed=int(raw["seed"]),
            base_score=float(raw["base_score"]),
            base_odds=float(raw["base_odds"]),
            points_to_double_odds=float(raw["points_to_double_odds"]),
        )


def labelled_rows(snapshots: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows of one labelled snapshot, without customers already bad at the
    observation point (their outcome is known, not predicted)."""
    rows = snapshots[
        (snapshots["snapshot_name"] == name)
        & ~snapshots["is_bad_at_observation"].astype(bool)
    ]
    return rows.assign(**{LABEL: rows[LABEL].astype(bool)})


def training_rows(snapshots: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The deterministic fitting sample of the `training` snapshot."""
    return frames.sample_rows(
        labelled_rows(snapshots, "training"), KEY, settings.sample_size, settings.seed
    )


def fit(training: pd.DataFrame, settings: Settings) -> scorecard.Scorecard:
    missing = [f for f in settings.features if f not in training.columns]
    if missing:
        raise ValueError(
            f"var scorecard_features names {missing}, which are not columns of "
            "int_credit_features_snapshotted; add them there or remove them"
        )
    scorecard.check_labelled(training, LABEL, "training")
    return scorecard.fit_scorecard(
        training,
        settings.features,
        LABEL,
        max_bins=settings.max_bins,
        base_score=settings.base_score,
        base_odds=settings.base_odds,
        points_to_double_odds=settings.points_to_double_odds,
        monotone=settings.monotone,
    )


def evaluate(
    snapshots: pd.DataFrame, training: pd.DataFrame, settings: Settings
) -> list[tuple[str, str, str, float, int]]:
    """Fit on `training`, test on the later `holdout`, PSI against `scoring`."""
    card = fit(training, settings)
    holdout = frames.sample_rows(
        labelled_rows(snapshots, "holdout"), KEY, settings.sample_size, settings.seed
    )
    scoring = snapshots[snapshots["snapshot_name"] == "scoring"]
    return scorecard.holdout_metrics(card, training, holdout, scoring, LABEL)


def holdout_window(snapshots: pd.DataFrame) -> tuple[str | None, str | None]:
    """The holdout's performance window: the day after its observation point
    to the end of its performance window (YYYY-MM-DD), None when absent."""
    rows = snapshots[snapshots["snapshot_name"] == "holdout"]
    if rows.empty:
        return None, None
    start = pd.Timestamp(rows["observation_date"].iloc[0]) + pd.Timedelta(days=1)
    end = pd.Timestamp(rows["performance_end_date"].iloc[0])
    return start.date().isoformat(), end.date().isoformat()
