"""Baseline: the core marts computed by one DuckDB script, without dbt.

The script is assembled from the SQL of the core models as the bench's own
`dbt build` compiled it (its manifest), so it computes exactly the same
things: staging, identity resolution, customer master, RFM and the wide tag
mart of the industry. What it leaves out is what dbt adds around them: data
and unit tests, contracts, the evidence, quarantine, report and quality
models, snapshots and one process start per invocation. Every model is one
`create table` statement in a fresh DuckDB file, in dependency order.

Three kinds of input are not SQL:
- seeds are copied from the built warehouse (they are configuration);
- the fitted parameters of the Python models (K-means centroids, churn
  coefficients, CLV parameters) are copied from the built warehouse: the
  baseline scores with the same parameters, and fitting is timed on its own
  (`python_fit_s` in the results);
- identity components are computed in-process with the same function as the
  Python model (`components_from_arrow`: scipy connected_components).

`check_against_build` then compares the baseline's marts with the build's,
row for row, so the build/baseline ratio compares the same work.
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[3]
# The attached built warehouse (for seeds, fitted parameters and the check).
BUILD_ALIAS = "build"
COMPONENTS_MODEL = "int_identity_components_scipy"
COMPONENTS_MODEL_FILE = (
    REPO_ROOT / "python_models/intermediate/identity/int_identity_components_scipy.py"
)


def core_targets(industry: str) -> list[str]:
    """The core marts the baseline produces (and is checked on)."""
    return ["dim_customers", "dim_customer_rfm", f"dim_customer_tags_{industry}"]


@dataclass(frozen=True)
class Step:
    """One statement of the baseline: kind is sql, copy or components."""

    kind: str
    name: str
    relation_name: str
    sql: str = ""
    inputs: tuple[str, ...] = field(default_factory=tuple)


def _model_node(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"] == name:
            return node
    raise KeyError(
        f"model {name} is not in the bench's manifest.json: is it enabled for "
        "this industry, and did the bench's dbt build run?"
    )


def plan_steps(manifest: dict[str, Any], targets: list[str]) -> list[Step]:
    """Steps producing `targets`, dependencies first.

    SQL models become `sql` steps (their compiled code); seeds, snapshots and
    Python models other than the identity components become `copy` steps; the
    identity components model becomes a `components` step fed by its parent.
    """
    nodes = manifest["nodes"]
    ordered: list[Step] = []
    seen: set[str] = set()

    def visit(unique_id: str) -> None:
        if unique_id in seen or unique_id not in nodes:  # sources are read by SQL
            return
        seen.add(unique_id)
        node = nodes[unique_id]
        kind = node["resource_type"]
        parents = [p for p in node.get("depends_on", {}).get("nodes", []) if p in nodes]
        if (
            kind in {"seed", "snapshot"}
            or (
                kind == "model"
                and node["language"] == "python"
                and node["name"] != COMPONENTS_MODEL
            )
            or _compiled_as_increment(node)
        ):
            ordered.append(Step("copy", node["name"], node["relation_name"]))
            return
        for parent in parents:
            visit(parent)
        if node["name"] == COMPONENTS_MODEL:
            inputs = tuple(nodes[p]["name"] for p in parents)
            ordered.append(
                Step("components", node["name"], node["relation_name"], inputs=inputs)
            )
            return
        if not node.get("compiled_code"):
            raise ValueError(
                f"model {node['name']} has no compiled SQL in the manifest: run the "
                "bench's dbt build (or dbt compile) with the same target path first"
            )
        ordered.append(
            Step("sql", node["name"], node["relation_name"], node["compiled_code"])
        )

    for target in targets:
        visit(_model_node(manifest, target)["unique_id"])
    return ordered


def localise(sql: str, steps: list[Step]) -> str:
    """Point every relation of the built warehouse at the baseline's own table."""
    for step in sorted(steps, key=lambda s: -len(s.relation_name)):
        sql = sql.replace(step.relation_name, f'"{step.name}"')
    return sql


def render_script(steps: list[Step]) -> str:
    """The baseline as one readable SQL script (one statement per step)."""
    parts = [
        "-- Huaxiang bench baseline: the core marts in one DuckDB script.",
        "-- Generated by huaxiang.bench.baseline from the bench build's compiled",
        f"-- models; '{BUILD_ALIAS}' is the attached built warehouse (seeds and",
        "-- fitted parameters only). Steps marked @components run in Python.",
        "",
    ]
    for step in steps:
        if step.kind == "copy":
            source = step.relation_name.split(".", 1)[1]
            parts.append(
                f'create or replace table "{step.name}" as\n'
                f"select * from {BUILD_ALIAS}.{source};\n"
            )
        elif step.kind == "components":
            parts.append(
                f"-- @components {', '.join(step.inputs)} -> {step.name}: scipy "
                "connected_components in Python (components_from_arrow)\n"
            )
        else:
            body = localise(step.sql, steps).strip().rstrip(";")
            parts.append(
                f'-- {step.name}\ncreate or replace table "{step.name}" as\n{body}\n;\n'
            )
    return "\n".join(parts)


def _load_components_function() -> Callable[..., Any]:
    spec = importlib.util.spec_from_file_location(
        "huaxiang_bench_components", COMPONENTS_MODEL_FILE
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {COMPONENTS_MODEL_FILE}")
    module: ModuleType = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.components_from_arrow


@dataclass
class BaselineRun:
    """Timings of one baseline run (seconds per step and in all)."""

    seconds: float = 0.0
    copy_s: float = 0.0
    components_s: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)


def run_baseline(
    steps: list[Step],
    build_db: Path,
    baseline_db: Path,
    threads: int | None = None,
    memory_limit: str | None = None,
    progress: Callable[[str], None] = print,
) -> BaselineRun:
    """Execute the steps in a fresh DuckDB file; time each and the whole."""
    baseline_db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (baseline_db, baseline_db.with_name(baseline_db.name + ".wal")):
        stale.unlink(missing_ok=True)
    components_from_arrow = _load_components_function()
    result = BaselineRun()
    started = time.perf_counter()
    con = duckdb.connect(str(baseline_db))
    try:
        # The same session settings as the dbt profile.
        con.execute("set preserve_insertion_order = false")
        if threads:
            con.execute(f"set threads = {int(threads)}")
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute(f"attach '{build_db}' as {BUILD_ALIAS} (read_only)")
        for number, step in enumerate(steps, start=1):
            step_started = time.perf_counter()
            if step.kind == "copy":
                source = step.relation_name.split(".", 1)[1]
                con.execute(
                    f'create or replace table "{step.name}" as '
                    f"select * from {BUILD_ALIAS}.{source}"
                )
            elif step.kind == "components":
                edges = con.sql(f'select * from "{step.inputs[0]}"').to_arrow_table()
                components = components_from_arrow(  # noqa: F841 - read by DuckDB
                    edges["record_key"], edges["identifier_node_key"]
                )
                con.execute(
                    f'create or replace table "{step.name}" as select * from components'
                )
            else:
                con.execute(
                    f'create or replace table "{step.name}" as\n'
                    + localise(step.sql, steps).strip().rstrip(";")
                )
            elapsed = time.perf_counter() - step_started
            result.step_seconds[step.name] = round(elapsed, 3)
            if step.kind == "copy":
                result.copy_s += elapsed
            elif step.kind == "components":
                result.components_s += elapsed
            if step.kind != "copy":
                progress(f"baseline {number}/{len(steps)} {step.name}: {elapsed:.1f} s")
        con.execute(f"detach {BUILD_ALIAS}")
    finally:
        con.close()
    result.seconds = time.perf_counter() - started
    return result


def _compiled_as_increment(node: dict) -> bool:
    """An incremental model compiled against its existing table (a build on a
    warehouse that already had it) cannot run in a fresh script: copy it. The
    bench's own build starts from an empty warehouse, so there it is SQL."""
    if node.get("config", {}).get("materialized") != "incremental":
        return False
    code = node.get("compiled_code") or ""
    return node.get("relation_name", "") in code or f'"{node["alias"]}"' in code


_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def check_against_build(
    baseline_db: Path,
    build_db: Path,
    targets: list[str],
    manifest: dict[str, Any],
    segment_column: str = "segment_code",
) -> dict[str, Any]:
    """Compare the baseline's marts with the build's, row for row.

    Returns customers in each, the RFM segment distribution of each, and per
    target the rows only one side has (over the columns both have). `matches`
    is true only when everything agrees.
    """
    con = duckdb.connect(str(baseline_db), read_only=True)
    try:
        con.execute(f"attach '{build_db}' as {BUILD_ALIAS} (read_only)")
        report: dict[str, Any] = {"tables": {}}
        for target in targets:
            built = _model_node(manifest, target)["relation_name"].split(".", 1)[1]
            built = f"{BUILD_ALIAS}.{built}"
            base_cols = [r[0] for r in con.execute(f'describe "{target}"').fetchall()]
            build_cols = {r[0] for r in con.execute(f"describe {built}").fetchall()}
            columns = [c for c in base_cols if c in build_cols and _IDENT.match(c)]
            select = ", ".join(f'"{c}"' for c in columns)
            only_baseline = con.execute(
                f'select count(*) from (select {select} from "{target}" '
                f"except all select {select} from {built})"
            ).fetchone()[0]
            only_build = con.execute(
                f"select count(*) from (select {select} from {built} "
                f'except all select {select} from "{target}")'
            ).fetchone()[0]
            report["tables"][target] = {
                "columns_compared": len(columns),
                "rows_baseline": con.execute(
                    f'select count(*) from "{target}"'
                ).fetchone()[0],
                "rows_build": con.execute(f"select count(*) from {built}").fetchone()[
                    0
                ],
                "rows_only_in_baseline": only_baseline,
                "rows_only_in_build": only_build,
            }
        report["customers_baseline"] = report["tables"]["dim_customers"][
            "rows_baseline"
        ]
        report["customers_build"] = report["tables"]["dim_customers"]["rows_build"]
        rfm_built = _model_node(manifest, "dim_customer_rfm")["relation_name"]
        rfm_built = f"{BUILD_ALIAS}.{rfm_built.split('.', 1)[1]}"
        distribution_sql = "select {col}, count(*) from {rel} group by 1 order by 1"
        report["rfm_segments_baseline"] = dict(
            con.execute(
                distribution_sql.format(col=segment_column, rel='"dim_customer_rfm"')
            ).fetchall()
        )
        report["rfm_segments_build"] = dict(
            con.execute(
                distribution_sql.format(col=segment_column, rel=rfm_built)
            ).fetchall()
        )
    finally:
        con.close()
    report["matches"] = (
        report["customers_baseline"] == report["customers_build"]
        and report["rfm_segments_baseline"] == report["rfm_segments_build"]
        and all(
            t["rows_only_in_baseline"] == 0 and t["rows_only_in_build"] == 0
            for t in report["tables"].values()
        )
    )
    return report
