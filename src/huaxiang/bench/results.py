"""The bench's results: required keys, ratios against the goals, the table."""

from __future__ import annotations

import contextlib
import os
import platform
from importlib import metadata
from typing import Any

# Keys issue 9 asks for; every one is present in results.json (null when a
# step could not run, with a reason under "notes").
REQUIRED_KEYS: tuple[str, ...] = (
    "customers",
    "build_s",
    "build_peak_rss_mb",
    "baseline_s",
    "identity_s",
    "identity_peak_rss_mb",
    "identity_sql_s",
    "identity_sql_rounds",
    "scipy_s",
    "identity_stress_s",
    "scipy_stress_s",
    "incremental_s",
    "site_s",
    "cores",
    "versions",
)

# Goals on a 2-core, 24 GB machine (issue 9): (name, ratio or value key, limit).
GOALS: tuple[tuple[str, str, float], ...] = (
    ("identity (DuckDB path) / scipy", "identity_vs_scipy", 3.0),
    ("identity stress (DuckDB path) / scipy", "identity_stress_vs_scipy", 3.0),
    ("identity peak RSS (MB)", "identity_peak_rss_mb", 4096.0),
    ("portable SQL identity / scipy", "identity_sql_vs_scipy", 15.0),
    ("portable SQL rounds", "identity_sql_rounds", 10.0),
    ("portable SQL stress / scipy", "identity_sql_stress_vs_scipy", 15.0),
    ("portable SQL stress rounds", "identity_sql_stress_rounds", 10.0),
    (
        "identity stress at scale (DuckDB path) / scipy",
        "identity_stress_scaled_vs_scipy",
        3.0,
    ),
    (
        "portable SQL stress at scale / scipy",
        "identity_sql_stress_scaled_vs_scipy",
        15.0,
    ),
    ("portable SQL stress at scale rounds", "identity_sql_stress_scaled_rounds", 10.0),
    ("full build / baseline", "build_vs_baseline", 1.5),
    ("full build peak RSS (MB)", "build_peak_rss_mb", 6144.0),
    ("incremental / full build", "incremental_vs_build", 0.10),
)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator rounded to 2 places; None when either is missing."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def add_ratios(results: dict[str, Any]) -> dict[str, Any]:
    """Add the ratios the goals are stated in (None when a part is missing)."""
    get = results.get
    results["build_vs_baseline"] = ratio(get("build_s"), get("baseline_s"))
    # One pair per graph: the built one, the stress graph, the stress graph at scale.
    for graph in ("", "_stress", "_stress_scaled"):
        scipy_s = get(f"scipy{graph}_s")
        results[f"identity{graph}_vs_scipy"] = ratio(get(f"identity{graph}_s"), scipy_s)
        results[f"identity_sql{graph}_vs_scipy"] = ratio(
            get(f"identity_sql{graph}_s"), scipy_s
        )
    results["incremental_vs_build"] = ratio(get("incremental_s"), get("build_s"))
    return results


def goal_rows(results: dict[str, Any]) -> list[tuple[str, Any, float, bool | None]]:
    """(goal, measured, limit, met) per goal; met is None when not measured."""
    rows = []
    for name, key, limit in GOALS:
        value = results.get(key)
        rows.append((name, value, limit, None if value is None else value <= limit))
    return rows


def missing_keys(results: dict[str, Any]) -> list[str]:
    """Required keys absent from results (present with null is fine)."""
    return [key for key in REQUIRED_KEYS if key not in results]


def machine_info() -> dict[str, Any]:
    """Core count, memory and the versions that matter for the timings."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("duckdb", "dbt-core", "dbt-duckdb", "scipy", "pandas", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    memory_gb = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory_gb = round(
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1
        )
    return {
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "platform": platform.platform(),
        "versions": versions,
    }


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


# (label, key) rows of the measurement table, in reading order.
TABLE_ROWS: tuple[tuple[str, str], ...] = (
    ("customers (generated persons)", "customers"),
    ("order lines", "order_lines"),
    ("identifier rows", "identifier_rows"),
    ("data generation (s, not in build)", "generate_s"),
    ("full dbt build (s)", "build_s"),
    ("full dbt build peak RSS (MB)", "build_peak_rss_mb"),
    ("baseline script (s)", "baseline_s"),
    ("build / baseline", "build_vs_baseline"),
    ("baseline matches the marts", "baseline_matches"),
    ("Python model fits in the build (s)", "python_fit_s"),
    ("identity, DuckDB path (scipy model) (s)", "identity_s"),
    ("identity peak RSS (MB)", "identity_peak_rss_mb"),
    ("scipy, keys encoded + connected_components (s)", "scipy_s"),
    ("scipy connected_components call alone (s)", "scipy_call_s"),
    ("identity / scipy", "identity_vs_scipy"),
    ("identity, portable SQL (s)", "identity_sql_s"),
    ("portable SQL rounds", "identity_sql_rounds"),
    ("portable SQL / scipy", "identity_sql_vs_scipy"),
    ("stress graph: longest chain", "stress_longest_chain"),
    ("stress: DuckDB path (s)", "identity_stress_s"),
    ("stress: scipy, keys encoded + call (s)", "scipy_stress_s"),
    ("stress: scipy call alone (s)", "scipy_stress_call_s"),
    ("stress: DuckDB path / scipy", "identity_stress_vs_scipy"),
    ("stress: portable SQL (s)", "identity_sql_stress_s"),
    ("stress: portable SQL rounds", "identity_sql_stress_rounds"),
    ("stress: portable SQL / scipy", "identity_sql_stress_vs_scipy"),
    ("stress at scale: records (chains k times longer)", "stress_scaled_records"),
    ("stress at scale: longest chain", "stress_scaled_longest_chain"),
    ("stress at scale: DuckDB path (s)", "identity_stress_scaled_s"),
    ("stress at scale: DuckDB path RSS (MB)", "identity_stress_scaled_peak_rss_mb"),
    ("stress at scale: scipy, keys encoded + call (s)", "scipy_stress_scaled_s"),
    ("stress at scale: DuckDB path / scipy", "identity_stress_scaled_vs_scipy"),
    ("stress at scale: portable SQL (s)", "identity_sql_stress_scaled_s"),
    ("stress at scale: portable SQL rounds", "identity_sql_stress_scaled_rounds"),
    ("stress at scale: portable SQL / scipy", "identity_sql_stress_scaled_vs_scipy"),
    ("incremental build, 1% new rows (s)", "incremental_s"),
    ("incremental / full", "incremental_vs_build"),
    ("report site build (s)", "site_s"),
)


def render_markdown(results: dict[str, Any]) -> str:
    """The readable table: measurements, goals, machine and notes."""
    lines = [
        f"# Huaxiang bench — {results.get('customers', 0):,} customers",
        "",
        f"Run {results.get('started_at', '')} on {results.get('cores')} cores, "
        f"{results.get('memory_gb')} GB; "
        + ", ".join(
            f"{name} {version}"
            for name, version in (results.get("versions") or {}).items()
        )
        + ".",
        "",
        "| measurement | value |",
        "|---|---:|",
    ]
    lines += [
        f"| {label} | {_fmt(results.get(key))} |"
        for label, key in TABLE_ROWS
        if key in results
    ]
    lines += ["", "| goal | measured | limit | met |", "|---|---:|---:|:---:|"]
    for name, value, limit, met in goal_rows(results):
        verdict = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {name} | {_fmt(value)} | {_fmt(limit)} | {verdict} |")
    notes = results.get("notes") or []
    if notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    for key, title in (
        ("build_slowest_nodes", "Slowest nodes of the build"),
        ("incremental_slowest_nodes", "Slowest nodes of the incremental build"),
    ):
        slowest = results.get(key) or []
        if slowest:
            lines += ["", f"{title}:", "", "| node | s |", "|---|---:|"]
            lines += [f"| {name} | {seconds:,.2f} |" for name, seconds in slowest]
    return "\n".join(lines) + "\n"
