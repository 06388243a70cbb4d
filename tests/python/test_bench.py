"""The benchmark's parts (`make bench`) at a tiny scale: schema, stress graph,
measurement, incremental detection, and the baseline against the built marts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest
import yaml
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from huaxiang.bench import baseline, incremental, results, stress
from huaxiang.bench.measure import require_success, run_measured

REPO = Path(__file__).resolve().parents[2]


# --- stress graph ----------------------------------------------------------


def test_chain_edges_form_one_path_per_chain():
    lengths = [1, 2, 5, 40]
    edges = stress.chain_edges(lengths, seed=3)
    # A chain of L records has L - 1 identifiers, each on two records.
    assert len(edges) == sum(2 * (length - 1) for length in lengths)
    left, right, n_nodes = stress.encode_edges(edges)
    # The single-record chain has no edge, so it is not a node of the graph.
    assert n_nodes == sum(2 * length - 1 for length in lengths if length > 1)
    count, labels, _ = stress.scipy_components(left, right, n_nodes)
    assert count == stress.expected_components(lengths) - 1
    # Every node has degree <= 2 (a path), and the largest component is the
    # 40-record chain with its 39 identifiers.
    degrees = np.bincount(np.concatenate([left, right]), minlength=n_nodes)
    assert degrees.max() == 2
    assert np.bincount(labels).max() == 2 * 40 - 1


def test_chain_edges_shuffle_keys_and_are_deterministic():
    first = stress.chain_edges([200], seed=7)
    assert first.equals(stress.chain_edges([200], seed=7))
    assert not first.equals(stress.chain_edges([200], seed=8))
    # Records along the chain are not numbered in order: the smallest key is
    # not at one end (label propagation gets no free ride).
    records = first["record_key"].iloc[::2].tolist()
    assert records != sorted(records)
    with pytest.raises(ValueError, match="at least 1"):
        stress.chain_edges([3, 0])


def test_scipy_components_match_a_direct_call():
    edges = stress.chain_edges([3, 4, 10], seed=1)
    left, right, n_nodes = stress.encode_edges(edges)
    count, labels, seconds = stress.scipy_components(left, right, n_nodes)
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n_nodes, n_nodes))
    expected_count, expected = connected_components(graph, directed=False)
    assert count == expected_count == 3
    assert (labels == expected).all()
    assert seconds >= 0


def test_scaled_chain_lengths_keep_the_shape_at_the_records_asked():
    base = stress.DEFAULT_CHAIN_LENGTHS
    # The built graph at 1M customers has ~3.1M records: chains 18x longer.
    scaled = stress.scaled_chain_lengths(base, 3_112_717)
    assert len(scaled) == len(base)
    assert [length // 18 for length in scaled] == list(base)
    assert max(scaled) == 1_800_000
    assert abs(sum(scaled) - 3_112_717) < sum(base) / 2
    # Fewer records than the default graph: it stays as it is.
    assert stress.scaled_chain_lengths(base, 50_000) == base
    with pytest.raises(ValueError, match="at least 1"):
        stress.scaled_chain_lengths([], 10)


# --- results ----------------------------------------------------------------


def _complete_results() -> dict:
    values = dict.fromkeys(results.REQUIRED_KEYS, 1.0)
    values.update(customers=100, cores=2, versions={"duckdb": "2.0.0"})
    values.update(build_s=30.0, baseline_s=10.0, scipy_s=0.5, identity_s=1.0)
    values.update(incremental_s=None)
    return values


def test_results_schema_ratios_and_goals():
    values = results.add_ratios(_complete_results())
    assert results.missing_keys(values) == []
    assert values["build_vs_baseline"] == 3.0
    assert values["identity_vs_scipy"] == 2.0
    assert values["incremental_vs_build"] is None
    goals = {name: met for name, _, _, met in results.goal_rows(values)}
    assert goals["identity (DuckDB path) / scipy"] is True
    assert goals["full build / baseline"] is False
    assert goals["incremental / full build"] is None
    assert values["identity_stress_scaled_vs_scipy"] is None
    assert goals["identity stress at scale (DuckDB path) / scipy"] is None
    values.update(identity_stress_scaled_s=6.0, scipy_stress_scaled_s=1.5)
    values.update(identity_sql_stress_scaled_s=15.0)
    values.update(identity_sql_stress_scaled_rounds=11)
    values = results.add_ratios(values)
    goals = {name: met for name, _, _, met in results.goal_rows(values)}
    assert values["identity_stress_scaled_vs_scipy"] == 4.0
    assert goals["identity stress at scale (DuckDB path) / scipy"] is False
    assert goals["portable SQL stress at scale / scipy"] is True
    assert goals["portable SQL stress at scale rounds"] is False
    del values["site_s"]
    assert results.missing_keys(values) == ["site_s"]


def test_results_table_lists_measurements_goals_and_notes():
    values = results.add_ratios(_complete_results())
    values["notes"] = ["incremental refresh is not in this branch"]
    table = results.render_markdown(values)
    assert "# Huaxiang bench — 100 customers" in table
    assert "| full build / baseline | 3.00 | 1.50 | **no** |" in table
    assert "| incremental build, 1% new rows (s) | — |" in table
    assert "- incremental refresh is not in this branch" in table


def test_machine_info_has_cores_and_versions():
    info = results.machine_info()
    assert info["cores"] >= 1
    assert info["versions"]["duckdb"] == duckdb.__version__
    assert info["versions"]["python"].startswith("3.")


# --- measurement and incremental detection ------------------------------------


def test_run_measured_reports_the_childs_peak_memory(tmp_path):
    command = [
        sys.executable,
        "-c",
        # Held for a second: the poller samples every 0.2 s (a build's peak
        # lasts far longer), so a child that exits at once can be missed.
        "import time; b = bytearray(300 * 1024 * 1024); "
        "b[::4096] = b'x' * len(b[::4096]); time.sleep(1)",
    ]
    measured = run_measured(command, dict(os.environ), tmp_path)
    assert measured.returncode == 0
    assert measured.peak_rss_mb > 300
    small = run_measured([sys.executable, "-c", "pass"], dict(os.environ), tmp_path)
    assert small.peak_rss_mb < measured.peak_rss_mb - 200


def test_failed_step_names_the_step_and_its_log(tmp_path):
    log_file = tmp_path / "step.log"
    measured = run_measured(
        [sys.executable, "-c", "raise SystemExit(3)"],
        dict(os.environ),
        tmp_path,
        log_file,
    )
    assert measured.returncode == 3
    with pytest.raises(RuntimeError, match=r"'build'.*exit code 3.*step.log"):
        require_success(measured, "build", log_file)


def test_incremental_is_skipped_with_a_reason_without_refresh(tmp_path):
    (tmp_path / "Makefile").write_text("build:\n\ttrue\n")
    supported, reason = incremental.detect_support(tmp_path)
    generator_help = subprocess.run(
        [sys.executable, "-m", "huaxiang.generator", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if incremental.GENERATOR_OPTION in generator_help:
        assert supported
    else:
        assert not supported
        assert "refresh" in reason and incremental.GENERATOR_OPTION in reason
    command = incremental.next_day_command(100, 1, "csv", tmp_path)
    assert incremental.GENERATOR_OPTION in command
    assert command[command.index("--fraction") + 1] == "0.01"


def test_incremental_build_runs_the_daily_refresh_selector():
    args = incremental.build_args()
    selector = args[args.index("--selector") + 1]
    selectors = yaml.safe_load((REPO / "selectors.yml").read_text(encoding="utf-8"))
    assert selector in {entry["name"] for entry in selectors["selectors"]}
    assert args[0] == "build"


# --- baseline ---------------------------------------------------------------


def _node(name, depends, language="sql", kind="model", code="select 1"):
    return {
        "unique_id": f"{kind}.huaxiang.{name}",
        "name": name,
        "resource_type": kind,
        "language": language,
        "relation_name": f'"wh"."s"."{name}"',
        "depends_on": {
            "nodes": [
                f"model.huaxiang.{d}" if not d.startswith(("seed.", "source.")) else d
                for d in depends
            ]
        },
        "compiled_code": code,
    }


def test_baseline_plan_orders_dependencies_and_replaces_python_fits():
    nodes = [
        _node("rules", [], kind="seed"),
        _node(
            "stg",
            ["source.huaxiang.raw.t", "seed.huaxiang.rules"],
            code='select * from "wh"."s"."rules"',
        ),
        _node("int_identity_edges_filtered", ["stg"]),
        _node(baseline.COMPONENTS_MODEL, ["int_identity_edges_filtered"], "python"),
        _node("fit_features", ["stg"]),
        _node("fit", ["fit_features"], "python"),
        _node(
            "dim_customers",
            [baseline.COMPONENTS_MODEL, "fit", "stg"],
            code='select * from "wh"."s"."stg" join "wh"."s"."fit" on true',
        ),
    ]
    nodes[0]["unique_id"] = "seed.huaxiang.rules"
    manifest = {"nodes": {n["unique_id"]: n for n in nodes}}
    steps = baseline.plan_steps(manifest, ["dim_customers"])
    kinds = [(s.kind, s.name) for s in steps]
    assert kinds == [
        ("copy", "rules"),
        ("sql", "stg"),
        ("sql", "int_identity_edges_filtered"),
        ("components", baseline.COMPONENTS_MODEL),
        ("copy", "fit"),  # its features are not computed: only the fit is read
        ("sql", "dim_customers"),
    ]
    script = baseline.render_script(steps)
    assert 'select * from "stg" join "fit" on true' in script
    assert '"wh"' not in script.split("\n-- stg\n", 1)[1]
    assert 'select * from build."s"."rules"' in script
    with pytest.raises(KeyError, match="dim_nothing"):
        baseline.plan_steps(manifest, ["dim_nothing"])


def _compile_core_models(warehouse: Path, tmp_path: Path) -> dict:
    industry = os.environ.get("HUAXIANG_INDUSTRY", "retail")
    targets = baseline.core_targets(industry)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(REPO),
        "PYTHONPATH": str(REPO / "src"),
        "HUAXIANG_DUCKDB_PATH": str(warehouse),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    selection = " ".join(f"+{t}" for t in targets)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "compile",
            "-s",
            *selection.split(),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"dbt compile failed:\n{result.stdout[-4000:]}")
    return json.loads((tmp_path / "target" / "manifest.json").read_text())


def test_baseline_reproduces_the_built_core_marts(warehouse_path, tmp_path):
    industry = os.environ.get("HUAXIANG_INDUSTRY", "retail")
    targets = baseline.core_targets(industry)
    manifest = _compile_core_models(warehouse_path, tmp_path)
    steps = baseline.plan_steps(manifest, targets)
    assert sum(s.kind == "components" for s in steps) == 1
    db = tmp_path / "baseline.duckdb"
    run = baseline.run_baseline(steps, warehouse_path, db, progress=lambda _: None)
    assert run.seconds > 0 and run.components_s > 0
    check = baseline.check_against_build(db, warehouse_path, targets, manifest)
    assert check["matches"], json.dumps(check, indent=1, default=str)
    assert check["customers_baseline"] == check["customers_build"] > 0
    assert sum(check["rfm_segments_baseline"].values()) == check["customers_build"]

    # The check can fail: drop one customer's RFM row from the baseline.
    with duckdb.connect(str(db)) as con:
        con.execute(
            "delete from dim_customer_rfm where customer_id = "
            "(select min(customer_id) from dim_customer_rfm)"
        )
    broken = baseline.check_against_build(db, warehouse_path, targets, manifest)
    assert not broken["matches"]
    assert broken["tables"]["dim_customer_rfm"]["rows_only_in_build"] == 1
    assert broken["rfm_segments_baseline"] != broken["rfm_segments_build"]


def test_build_time_is_summed_per_node_kind(tmp_path):
    from huaxiang.bench.run import node_times, time_by_kind

    run_results = tmp_path / "run_results.json"
    run_results.write_text(
        json.dumps(
            {
                "results": [
                    {"unique_id": "model.huaxiang.a", "execution_time": 1.5},
                    {"unique_id": "model.huaxiang.b", "execution_time": 2.0},
                    {
                        "unique_id": "test.huaxiang.not_null_a.x1",
                        "execution_time": 0.25,
                    },
                ]
            }
        )
    )
    assert time_by_kind(run_results) == {"model": 3.5, "test": 0.25}
    assert node_times(run_results)["b"] == 2.0


def test_stress_at_scale_runs_both_resolvers_on_longer_chains(tmp_path):
    """The scaled stress step, end to end at a tiny scale: a 'built' graph of
    200 records makes chains of (2, 3, 5) twenty times longer, and both dbt
    resolvers find one component per chain."""
    from huaxiang.bench.run import BenchConfig, step_stress_at_scale

    config = BenchConfig(customers=10, work_dir=tmp_path, chain_lengths=(2, 3, 5))
    config.logs.mkdir()
    with duckdb.connect(str(config.warehouse)) as con:
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_identity_edges_filtered as "
            "select 'r' || i as record_key, 'phone:' || i as identifier_node_key "
            "from range(200) as t(i)"
        )
    out: dict = {"notes": []}
    step_stress_at_scale(config, out)
    assert out["notes"] == []
    assert out["stress_scaled_factor"] == 20
    assert out["stress_scaled_longest_chain"] == 100
    assert out["stress_scaled_records"] == 200
    assert out["stress_scaled_edges"] == 2 * 200 - 2 * 3
    assert out["identity_stress_scaled_s"] > 0
    assert out["identity_sql_stress_scaled_s"] > 0
    assert 1 <= out["identity_sql_stress_scaled_rounds"] <= 10
    assert out["scipy_stress_scaled_s"] > 0
    assert not (tmp_path / "stress_scaled.duckdb").exists()

    # A built graph no larger than the stress graph: nothing to stretch.
    small: dict = {"notes": []}
    with duckdb.connect(str(config.warehouse)) as con:
        con.execute("delete from intermediate.int_identity_edges_filtered where 1 = 1")
        con.execute(
            "insert into intermediate.int_identity_edges_filtered values ('r1', 'p1')"
        )
    step_stress_at_scale(config, small)
    assert "identity_stress_scaled_s" not in small
    assert "stand for both" in small["notes"][0]


def test_a_failed_step_keeps_what_the_steps_before_measured(tmp_path, monkeypatch):
    """A 1M run that fails in its incremental step has measured the build,
    the baseline and identity: results.json keeps them, with the failure."""
    from huaxiang.bench import run

    def measured_build(config, out):
        out["build_s"] = 600.0
        out["baseline_s"] = 400.0
        return {}

    def failing_step(config, out):
        raise RuntimeError("bench step 'incremental dbt build' failed with exit code 1")

    monkeypatch.setattr(run, "step_generate", lambda config, out: None)
    monkeypatch.setattr(run, "step_data_counts", lambda config, out: None)
    monkeypatch.setattr(run, "step_build", measured_build)
    monkeypatch.setattr(run, "step_baseline", lambda config, manifest, out: None)
    monkeypatch.setattr(run, "step_identity", failing_step)
    config = run.BenchConfig(customers=10, work_dir=tmp_path)
    with pytest.raises(RuntimeError, match="incremental dbt build"):
        run.run_bench(config)
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["build_s"] == 600.0
    assert saved["build_vs_baseline"] == 1.5
    assert "incremental dbt build" in saved["failed"]
    assert "the bench stopped" in (tmp_path / "results.md").read_text()
