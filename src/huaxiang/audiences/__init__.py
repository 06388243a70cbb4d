"""Audiences (人群包) and campaign evaluation: the pure functions behind the dbt models
(holdout hash, uplift statistics), a seeded campaign simulation for tests, and the
export of audience files per channel (`python -m huaxiang.audiences export`)."""

from __future__ import annotations

import hashlib

__all__ = ["hash_unit"]


def hash_unit(text: str) -> float:
    """The number in [0, 1) the dbt macro hash_unit gives for `text`: the first eight
    hex digits of md5(text) as an integer over 16^8."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16) / 16**8
