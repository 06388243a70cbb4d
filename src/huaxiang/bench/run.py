"""The bench's steps, in order; each prints progress and adds to the results."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from huaxiang.bench import baseline, incremental, results, stress
from huaxiang.bench.measure import log, require_success, run_measured

REPO_ROOT = Path(__file__).resolve().parents[3]
INDUSTRY = "retail"
PYTHON_IDENTITY = "int_identity_components_scipy"
SQL_IDENTITY = "int_identity_components_sql"
ORDER_LINE_TABLES = ("pos_transaction_lines", "ecom_order_lines")


@dataclass(frozen=True)
class BenchConfig:
    """What to run: scale, data, folders and the stress graph."""

    customers: int
    seed: int = 42
    data_format: str = "parquet"
    work_dir: Path = REPO_ROOT / "target" / "bench"
    chain_lengths: tuple[int, ...] = stress.DEFAULT_CHAIN_LENGTHS
    stress_max_rounds: int = 100

    @property
    def data_dir(self) -> Path:
        return self.work_dir / "data"

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw" / INDUSTRY

    @property
    def warehouse(self) -> Path:
        return self.work_dir / "warehouse.duckdb"

    @property
    def logs(self) -> Path:
        return self.work_dir / "logs"


def dbt_env(config: BenchConfig, db_path: Path, artifacts: str) -> dict[str, str]:
    """Environment of a dbt run on the bench's own data and DuckDB file."""
    env = dict(os.environ)
    env.update(
        {
            "DBT_PROFILES_DIR": str(REPO_ROOT),
            "DBT_TARGET": "dev",
            "DBT_TARGET_PATH": str(config.work_dir / artifacts / "target"),
            "DBT_LOG_PATH": str(config.work_dir / artifacts / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PYTHONPATH": str(REPO_ROOT / "src"),
            "HUAXIANG_INDUSTRY": INDUSTRY,
            "HUAXIANG_RAW_DIR": str(config.raw_dir),
            "HUAXIANG_RAW_FORMAT": config.data_format,
            "HUAXIANG_DUCKDB_PATH": str(db_path),
        }
    )
    return env


def dbt_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dbt")), *args]


def time_by_kind(run_results: Path) -> dict[str, float]:
    """Summed execution time per node kind (model, test, unit_test, seed, ...)."""
    data = json.loads(run_results.read_text())
    totals: dict[str, float] = {}
    for item in data["results"]:
        kind = item["unique_id"].split(".")[0]
        totals[kind] = totals.get(kind, 0.0) + float(item["execution_time"])
    return {kind: round(seconds, 2) for kind, seconds in sorted(totals.items())}


def node_times(run_results: Path) -> dict[str, float]:
    """Execution time per node name from a dbt run_results.json."""
    data = json.loads(run_results.read_text())
    return {
        item["unique_id"].split(".")[-1]: float(item["execution_time"])
        for item in data["results"]
    }


def remove_duckdb(path: Path) -> None:
    """Delete a DuckDB file with its WAL and spill folder (a fresh build)."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)


def step_generate(config: BenchConfig, out: dict[str, Any]) -> None:
    """Generate the data once per (customers, seed, format); reuse it after."""
    stamp = config.data_dir / "bench-stamp.json"
    wanted = {
        "customers": config.customers,
        "seed": config.seed,
        "format": config.data_format,
    }
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        log(f"generate: reusing {config.raw_dir} ({config.customers:,} customers)")
        out["generate_s"] = None
        out["notes"].append("data reused from an earlier bench run (same scale)")
        return
    stamp.unlink(missing_ok=True)
    log(f"generate: {config.customers:,} customers into {config.data_dir}")
    log_file = config.logs / "generate.log"
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "huaxiang.generator",
            "--industry",
            INDUSTRY,
            "--customers",
            str(config.customers),
            "--seed",
            str(config.seed),
            "--format",
            config.data_format,
            "--out",
            str(config.data_dir),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
        cwd=REPO_ROOT,
        log_file=log_file,
    )
    require_success(measured, "generate", log_file)
    stamp.write_text(json.dumps(wanted))
    out["generate_s"] = round(measured.seconds, 2)
    out["generate_peak_rss_mb"] = round(measured.peak_rss_mb)
    log(f"generate: {measured.seconds:.0f} s, peak RSS {measured.peak_rss_mb:,.0f} MB")


def step_build(config: BenchConfig, out: dict[str, Any]) -> dict[str, Any]:
    """Full `dbt build` from an empty warehouse; returns the manifest."""
    remove_duckdb(config.warehouse)
    env = dbt_env(config, config.warehouse, "dbt")
    log_file = config.logs / "build.log"
    log(f"build: dbt build into {config.warehouse} (log: {log_file})")
    measured = run_measured(
        dbt_command("build", "--fail-fast"), env, REPO_ROOT, log_file
    )
    require_success(measured, "dbt build", log_file)
    out["build_s"] = round(measured.seconds, 2)
    out["build_peak_rss_mb"] = round(measured.peak_rss_mb)
    artifacts = config.work_dir / "dbt" / "target"
    times = node_times(artifacts / "run_results.json")
    manifest = json.loads((artifacts / "manifest.json").read_text())
    python_models = {
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["language"] == "python"
    }
    out["python_models_s"] = round(
        sum(t for name, t in times.items() if name in python_models), 2
    )
    out["python_fit_s"] = round(
        sum(
            t
            for name, t in times.items()
            if name in python_models
            and name != PYTHON_IDENTITY
            and not name.startswith("fct_quality")
        ),
        2,
    )
    out["build_nodes_s"] = round(sum(times.values()), 2)
    # Node times summed per kind (two threads: more than the wall time).
    out["build_nodes_by_kind_s"] = time_by_kind(artifacts / "run_results.json")
    out["build_slowest_nodes"] = [
        [name, round(t, 2)] for name, t in sorted(times.items(), key=lambda x: -x[1])
    ][:15]
    with duckdb.connect(str(config.warehouse), read_only=True) as con:
        out["identifier_rows"] = con.execute(
            "select count(*) from intermediate.int_identifiers_extracted"
        ).fetchone()[0]
    log(
        f"build: {measured.seconds:.0f} s, peak RSS {measured.peak_rss_mb:,.0f} MB; "
        f"Python models {out['python_models_s']:.0f} s"
    )
    return manifest


def step_data_counts(config: BenchConfig, out: dict[str, Any]) -> None:
    reader = "read_parquet" if config.data_format == "parquet" else "read_csv"
    with duckdb.connect() as con:
        out["order_lines"] = sum(
            con.execute(
                f"select count(*) from {reader}('{config.raw_dir / table}."
                f"{config.data_format}')"
            ).fetchone()[0]
            for table in ORDER_LINE_TABLES
        )


def step_baseline(
    config: BenchConfig, manifest: dict[str, Any], out: dict[str, Any]
) -> None:
    targets = baseline.core_targets(INDUSTRY)
    steps = baseline.plan_steps(manifest, targets)
    script = config.work_dir / "baseline.sql"
    script.write_text(baseline.render_script(steps), encoding="utf-8")
    log(f"baseline: {len(steps)} statements (script: {script})")
    db = config.work_dir / "baseline.duckdb"
    run = baseline.run_baseline(
        steps,
        config.warehouse,
        db,
        threads=2,
        memory_limit=os.environ.get("HUAXIANG_DUCKDB_MEMORY_LIMIT", "80%"),
        progress=log,
    )
    out["baseline_s"] = round(run.seconds, 2)
    out["baseline_components_s"] = round(run.components_s, 2)
    out["baseline_copied_inputs_s"] = round(run.copy_s, 2)
    out["baseline_slowest_steps"] = sorted(
        run.step_seconds.items(), key=lambda x: -x[1]
    )[:10]
    log(f"baseline: {run.seconds:.0f} s; checking it against the build's marts")
    check = baseline.check_against_build(db, config.warehouse, targets, manifest)
    out["baseline_check"] = check
    out["baseline_matches"] = check["matches"]
    if not check["matches"]:
        out["notes"].append(
            "the baseline's marts differ from the build's (see baseline_check): "
            "the build/baseline ratio is not a like-for-like comparison"
        )
    log(
        f"baseline: {check['customers_baseline']:,} customers (build "
        f"{check['customers_build']:,}); matches: {check['matches']}"
    )
    db.unlink(missing_ok=True)


def run_identity_model(
    config: BenchConfig,
    db_path: Path,
    model: str,
    artifacts: str,
    extra: tuple[str, ...] = (),
) -> tuple[float, float, float]:
    """dbt run of one identity model: (node seconds, wall seconds, peak MB)."""
    env = dbt_env(config, db_path, artifacts)
    log_file = config.logs / f"{artifacts}-{model}.log"
    measured = run_measured(
        dbt_command("run", "-s", model, *extra), env, REPO_ROOT, log_file
    )
    require_success(measured, f"dbt run -s {model}", log_file)
    times = node_times(config.work_dir / artifacts / "target" / "run_results.json")
    return times[model], measured.seconds, measured.peak_rss_mb


def sql_rounds(db_path: Path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            f"select max(rounds_to_converge) from intermediate.{SQL_IDENTITY}"
        ).fetchone()[0]


def component_counts(db_path: Path) -> tuple[int, int]:
    """Components found by the scipy model and by the SQL resolver."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        return tuple(
            con.execute(
                f"select count(distinct component_key) from intermediate.{model}"
            ).fetchone()[0]
            for model in (PYTHON_IDENTITY, SQL_IDENTITY)
        )


def scipy_on_table(db_path: Path) -> tuple[int, float, float, int]:
    """scipy on the edges of a warehouse, best of three runs.

    Returns (components, seconds with key encoding, seconds of the call alone,
    edges). The edges are string keys: encoding them to integers (pandas
    factorize) is part of resolving them, so the first time is the one the
    ratios use; the second is the connected_components call on prepared
    integer arrays.
    """
    with duckdb.connect(str(db_path), read_only=True) as con:
        edges = con.execute(
            "select record_key, identifier_node_key "
            "from intermediate.int_identity_edges_filtered"
        ).df()
    best_total = best_call = float("inf")
    count = 0
    for _ in range(3):  # the machine is shared: keep the best run
        started = time.perf_counter()
        left, right, n_nodes = stress.encode_edges(edges)
        count, _, call_seconds = stress.scipy_components(left, right, n_nodes)
        best_total = min(best_total, time.perf_counter() - started)
        best_call = min(best_call, call_seconds)
    return count, best_total, best_call, len(edges)


def step_identity(config: BenchConfig, out: dict[str, Any]) -> None:
    """Both resolvers on the real graph, as built, and scipy on its edges."""
    log("identity: dbt run of the scipy model (the DuckDB path)")
    node_s, wall_s, peak = run_identity_model(
        config, config.warehouse, PYTHON_IDENTITY, "dbt-identity"
    )
    out["identity_s"] = round(node_s, 3)
    out["identity_wall_s"] = round(wall_s, 2)
    out["identity_peak_rss_mb"] = round(peak)
    log("identity: dbt run of the portable SQL resolver")
    node_s, wall_s, peak = run_identity_model(
        config, config.warehouse, SQL_IDENTITY, "dbt-identity"
    )
    out["identity_sql_s"] = round(node_s, 3)
    out["identity_sql_wall_s"] = round(wall_s, 2)
    out["identity_sql_peak_rss_mb"] = round(peak)
    out["identity_sql_rounds"] = sql_rounds(config.warehouse)
    count, seconds, call_seconds, n_edges = scipy_on_table(config.warehouse)
    out["identity_edges"] = n_edges
    out["scipy_s"] = round(seconds, 3)
    out["scipy_call_s"] = round(call_seconds, 4)
    out["identity_components"] = count
    python_count, sql_count = component_counts(config.warehouse)
    if not python_count == sql_count == count:
        out["notes"].append(
            f"component counts differ: scipy model {python_count}, SQL "
            f"{sql_count}, scipy {count}"
        )
    log(
        f"identity: {n_edges:,} edges, {count:,} components; model "
        f"{out['identity_s']:.2f} s, SQL {out['identity_sql_s']:.2f} s in "
        f"{out['identity_sql_rounds']} rounds, scipy {seconds:.3f} s"
    )


def step_stress(
    config: BenchConfig,
    out: dict[str, Any],
    lengths: tuple[int, ...] | None = None,
    name: str = "stress",
) -> None:
    """Both resolvers and scipy on a graph of chains (default 1,000-100,000 records).

    Keys in out are named after name: identity_<name>_s, identity_sql_<name>_s,
    identity_sql_<name>_rounds, scipy_<name>_s, <name>_longest_chain, ...
    """
    lengths = lengths or config.chain_lengths
    db = config.work_dir / f"{name}.duckdb"
    remove_duckdb(db)
    log(
        f"{name}: {len(lengths)} chains, {sum(lengths):,} records, longest "
        f"{max(lengths):,}"
    )
    edges = stress.chain_edges(lengths, seed=config.seed)
    with duckdb.connect(str(db)) as con:
        con.execute("create schema intermediate")
        con.register("stress_edges", edges)
        con.execute(
            "create table intermediate.int_identity_edges_filtered as "
            "select * from stress_edges"
        )
    out[f"{name}_longest_chain"] = max(lengths)
    out[f"{name}_records"] = sum(lengths)
    out[f"{name}_edges"] = len(edges)
    del edges
    artifacts = f"dbt-{name.replace('_', '-')}"
    node_s, _, peak = run_identity_model(config, db, PYTHON_IDENTITY, artifacts)
    out[f"identity_{name}_s"] = round(node_s, 3)
    out[f"identity_{name}_peak_rss_mb"] = round(peak)
    log(f"{name}: scipy model {node_s:.2f} s")
    try:
        node_s, _, peak = run_identity_model(
            config,
            db,
            SQL_IDENTITY,
            artifacts,
            ("--vars", json.dumps({"identity_max_rounds": config.stress_max_rounds})),
        )
        out[f"identity_sql_{name}_s"] = round(node_s, 3)
        out[f"identity_sql_{name}_rounds"] = sql_rounds(db)
        log(
            f"{name}: portable SQL {node_s:.2f} s in "
            f"{out[f'identity_sql_{name}_rounds']} rounds"
        )
    except RuntimeError as error:
        out[f"identity_sql_{name}_s"] = None
        out[f"identity_sql_{name}_rounds"] = None
        out["notes"].append(f"{name} graph, portable SQL: {error}")
    count, seconds, call_seconds, _ = scipy_on_table(db)
    out[f"scipy_{name}_s"] = round(seconds, 3)
    out[f"scipy_{name}_call_s"] = round(call_seconds, 4)
    expected = stress.expected_components(lengths)
    found = component_counts(db)
    if not (count == expected and all(c in (expected, 0) for c in found)):
        out["notes"].append(
            f"{name} graph: expected {expected} components, scipy found {count}, "
            f"resolvers {found}"
        )
    log(f"{name}: scipy {seconds:.3f} s, {count} components (expected {expected})")
    remove_duckdb(db)


def step_stress_at_scale(config: BenchConfig, out: dict[str, Any]) -> None:
    """The stress graph's chains stretched to the built graph's record count.

    The default stress graph (170,000 records) resolves in a tenth of a second
    with scipy, so its ratios measure the fixed cost of a dbt node, not chain
    length. This graph has the same shape with every chain k times longer, k
    chosen so it holds about as many records as the built identity graph
    (longest chain 1.8M at 1M customers): the chain-length goals are read here.
    """
    with duckdb.connect(str(config.warehouse), read_only=True) as con:
        records = con.execute(
            "select count(distinct record_key) "
            "from intermediate.int_identity_edges_filtered"
        ).fetchone()[0]
    lengths = stress.scaled_chain_lengths(config.chain_lengths, records)
    out["stress_scaled_factor"] = lengths[0] // config.chain_lengths[0]
    if sum(lengths) == sum(config.chain_lengths):
        out["notes"].append(
            f"stress graph at scale: the built graph's {records:,} records are no "
            "more than the stress graph's, so the stress rows stand for both"
        )
        return
    step_stress(config, out, lengths, "stress_scaled")


def step_incremental(config: BenchConfig, out: dict[str, Any]) -> None:
    supported, reason = incremental.detect_support(REPO_ROOT)
    out["incremental_reason"] = reason
    if not supported:
        out["incremental_s"] = None
        log(f"incremental: skipped ({reason})")
        return
    log("incremental: appending the next day's rows, then dbt build")
    log_file = config.logs / "incremental-generate.log"
    measured = run_measured(
        incremental.next_day_command(
            config.customers, config.seed, config.data_format, config.data_dir
        ),
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
        cwd=REPO_ROOT,
        log_file=log_file,
    )
    require_success(measured, "generator --next-day", log_file)
    # The data folder now holds the next day: generate afresh next run.
    (config.data_dir / "bench-stamp.json").unlink(missing_ok=True)
    log_file = config.logs / "incremental-build.log"
    env = dbt_env(config, config.warehouse, "dbt-incremental")
    # The appended day moves the folder's business date (README "Incremental refresh").
    env["HUAXIANG_AS_OF_DATE"] = incremental.next_as_of_date(config.raw_dir)
    out["incremental_command"] = "dbt " + " ".join(incremental.build_args())
    measured = run_measured(
        dbt_command(*incremental.build_args()),
        env,
        REPO_ROOT,
        log_file,
    )
    require_success(measured, "incremental dbt build", log_file)
    out["incremental_s"] = round(measured.seconds, 2)
    out["incremental_peak_rss_mb"] = round(measured.peak_rss_mb)
    run_results = config.work_dir / "dbt-incremental" / "target" / "run_results.json"
    times = node_times(run_results)
    out["incremental_nodes_s"] = round(sum(times.values()), 2)
    out["incremental_nodes_by_kind_s"] = time_by_kind(run_results)
    out["incremental_slowest_nodes"] = [
        [name, round(t, 2)] for name, t in sorted(times.items(), key=lambda x: -x[1])
    ][:15]
    log(f"incremental: {measured.seconds:.0f} s")


def step_site(config: BenchConfig, out: dict[str, Any]) -> None:
    log_file = config.logs / "site.log"
    measured = run_measured(
        [
            sys.executable,
            "-m",
            "huaxiang.site",
            "--db",
            str(config.warehouse),
            "--out",
            str(config.work_dir / "site"),
        ],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")},
        cwd=REPO_ROOT,
        log_file=log_file,
    )
    require_success(measured, "report site", log_file)
    out["site_s"] = round(measured.seconds, 2)
    log(f"site: {measured.seconds:.0f} s")


def write_results(
    config: BenchConfig, out: dict[str, Any], partial: bool = False
) -> str:
    """results.json and results.md; partial: a step failed, missing keys allowed."""
    results.add_ratios(out)
    missing = results.missing_keys(out)
    if missing and not partial:
        raise KeyError(f"bench results lack {missing}: a step did not record them")
    (config.work_dir / "results.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n",
        encoding="utf-8",
    )
    table = results.render_markdown(out)
    (config.work_dir / "results.md").write_text(table, encoding="utf-8")
    return table


def run_bench(config: BenchConfig) -> dict[str, Any]:
    """All steps; writes results.json and results.md under the work folder."""
    config.logs.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {
        "customers": config.customers,
        "seed": config.seed,
        "data_format": config.data_format,
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "duckdb_memory_limit": os.environ.get("HUAXIANG_DUCKDB_MEMORY_LIMIT", "80%"),
        "notes": [],
        **results.machine_info(),
    }
    started = time.monotonic()
    try:
        step_generate(config, out)
        step_data_counts(config, out)
        manifest = step_build(config, out)
        step_baseline(config, manifest, out)
        step_identity(config, out)
        step_stress(config, out)
        step_stress_at_scale(config, out)
        step_incremental(config, out)
        step_site(config, out)
    except (RuntimeError, KeyError, FileNotFoundError, ValueError) as error:
        # Keep what the steps before measured (a 1M run is an hour of work).
        out["failed"] = str(error)
        out["notes"].append(f"the bench stopped: {error}")
        out["bench_s"] = round(time.monotonic() - started, 1)
        write_results(config, out, partial=True)
        log(f"partial results: {config.work_dir / 'results.json'}")
        raise
    out["bench_s"] = round(time.monotonic() - started, 1)
    table = write_results(config, out)
    print(table, flush=True)
    log(
        f"results: {config.work_dir / 'results.json'}, {config.work_dir / 'results.md'}"
    )
    return out


def run_identity_only(config: BenchConfig) -> dict[str, Any]:
    """The identity steps alone (`--only identity`), on an existing warehouse.

    Reuses the warehouse.duckdb an earlier bench run left in the work folder
    (or any warehouse built up to int_identity_edges_filtered, copied there),
    so the resolvers can be compared back to back in a few minutes; writes
    identity-results.json and prints the identity goals.
    """
    if not config.warehouse.exists():
        raise FileNotFoundError(
            f"--only identity needs a built warehouse at {config.warehouse}: run "
            "the bench once at this scale, or copy a warehouse built with "
            "`dbt build -s +int_identity_edges_filtered` there"
        )
    config.logs.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"customers": config.customers, "notes": []}
    step_identity(config, out)
    step_stress(config, out)
    step_stress_at_scale(config, out)
    results.add_ratios(out)
    (config.work_dir / "identity-results.json").write_text(
        json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n",
        encoding="utf-8",
    )
    for name, value, limit, met in results.goal_rows(out):
        if "identity" in name or "portable SQL" in name:
            verdict = {True: "met", False: "NOT met", None: "not measured"}[met]
            print(f"{name}: {value} (goal <= {limit:g}) {verdict}", flush=True)
    return out
