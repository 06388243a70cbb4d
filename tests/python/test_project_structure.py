"""Project structure rules, checked over target/manifest.json.

Our stand-in for dbt-project-evaluator (which cannot be installed here): names
match folders, sources are read only by staging, no model reads a later layer,
report models read only marts, every model is documented and has a primary-key
test, every source table and macro file is documented, and public marts expose
no raw personal data. Each rule's table is a module-level constant, so the rules
read as data.

The manifest comes from the `manifest` fixture in conftest.py (target/manifest.json,
re-parsed when missing or older than a project file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

# Folders holding models (dbt_project.yml model-paths).
MODEL_ROOTS = ("models", "python_models")
# Layers in DAG order: a model may read its own layer and earlier ones only.
LAYER_ORDER = ("staging", "intermediate", "marts", "reports")
# Name prefixes allowed in each layer folder (marts/restricted/ included).
LAYER_PREFIXES = {
    "staging": ("stg_",),
    "intermediate": ("int_",),
    "marts": ("dim_", "fct_"),
    "reports": ("rpt_",),
}
# Layers whose models may select from sources.
SOURCE_READING_LAYERS = frozenset({"staging"})
# Resource types any model may read, whatever its layer.
ALWAYS_READABLE_RESOURCE_TYPES = frozenset({"seed"})
# Report models: what they may read besides seeds.
REPORT_MODEL_PREFIX = "rpt_"
REPORT_READABLE_LAYERS = frozenset({"marts"})
# Generic tests that prove a primary key, and the contract constraint that does.
PRIMARY_KEY_TESTS = frozenset({"unique", "unique_combination"})
PRIMARY_KEY_CONSTRAINT = "primary_key"
# A model may leave its key test to a view passing all its rows through (meta
# key below): the view must read only that model and filter, join, group or
# deduplicate nothing (no such keyword outside comments).
PRIMARY_KEY_ELSEWHERE_META = "primary_key_tested_on"
PASS_THROUGH_MATERIALIZATION = "view"
ROW_CHANGING_SQL = re.compile(
    r"\b(where|join|group\s+by|having|qualify|limit|union|distinct|except|intersect)\b",
    re.IGNORECASE,
)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
SQL_LINE_COMMENT = re.compile(r"--[^\n]*")
# Raw personal data lives only under marts/restricted/.
PUBLIC_LAYER = "marts"
RESTRICTED_FOLDER = "restricted"
PII_COLUMN_NAMES = frozenset(
    {
        "mobile",
        "phone",
        "email",
        "customer_name",
        "member_name",
        "name",
        "id_number",
        "national_id",
        "address",
    }
)
# Every macro file opens with a Jinja comment of at least this many words.
MACRO_FOLDER = REPO_ROOT / "macros"
MACRO_DOC_COMMENT = re.compile(r"\A\ufeff?\s*\{#-(?P<body>.*?)-#\}", re.DOTALL)
MIN_MACRO_DOC_WORDS = 3


def _project_nodes(
    manifest: dict[str, Any], collection: str, resource_type: str
) -> list[dict[str, Any]]:
    project = manifest["metadata"]["project_name"]
    return sorted(
        (
            node
            for node in manifest[collection].values()
            if node["resource_type"] == resource_type
            and node["package_name"] == project
        ),
        key=lambda node: node["unique_id"],
    )


@pytest.fixture(scope="module")
def models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    found = _project_nodes(manifest, "nodes", "model")
    assert found, "the manifest holds no models of this project"
    return found


def _folder_parts(node: dict[str, Any]) -> tuple[str, ...]:
    return PurePosixPath(node["original_file_path"]).parts


def layer_of(node: dict[str, Any]) -> str | None:
    """The layer folder of a model (models/<layer>/ or python_models/<layer>/)."""
    parts = _folder_parts(node)
    if len(parts) >= 3 and parts[0] in MODEL_ROOTS and parts[1] in LAYER_ORDER:
        return parts[1]
    return None


def is_restricted(node: dict[str, Any]) -> bool:
    parts = _folder_parts(node)
    return layer_of(node) == PUBLIC_LAYER and parts[2] == RESTRICTED_FOLDER


def _upstream(manifest: dict[str, Any], node: dict[str, Any]) -> Iterator[dict]:
    for unique_id in node["depends_on"]["nodes"]:
        upstream = manifest["nodes"].get(unique_id) or manifest["sources"].get(
            unique_id
        )
        if upstream is not None:
            yield upstream


def _report(problem: str, offenders: Iterable[str]) -> str:
    offenders = sorted(offenders)
    listed = "\n".join(f"  - {offender}" for offender in offenders)
    return f"{len(offenders)} {problem}:\n{listed}"


def _label(node: dict[str, Any]) -> str:
    return f"{node['name']} ({node['original_file_path']})"


def test_model_names_match_their_layer_folder(models: list[dict]) -> None:
    offenders = []
    for model in models:
        layer = layer_of(model)
        if layer is None:
            offenders.append(
                f"{_label(model)}: not under <models|python_models>/"
                f"<{'|'.join(LAYER_ORDER)}>/"
            )
        elif not model["name"].startswith(LAYER_PREFIXES[layer]):
            expected = " or ".join(LAYER_PREFIXES[layer])
            offenders.append(f"{_label(model)}: {layer} models start with {expected}")
    assert not offenders, _report("models named against their folder", offenders)


def test_only_staging_reads_sources(manifest: dict, models: list[dict]) -> None:
    offenders = [
        f"{_label(model)} reads {upstream['unique_id']}"
        for model in models
        if layer_of(model) not in SOURCE_READING_LAYERS
        for upstream in _upstream(manifest, model)
        if upstream["resource_type"] == "source"
    ]
    assert not offenders, _report(
        f"source reads outside {sorted(SOURCE_READING_LAYERS)}", offenders
    )


def test_no_model_reads_a_later_layer(manifest: dict, models: list[dict]) -> None:
    offenders = []
    for model in models:
        layer = layer_of(model)
        if layer is None:
            continue  # reported by the folder test
        for upstream in _upstream(manifest, model):
            if upstream["resource_type"] in ALWAYS_READABLE_RESOURCE_TYPES:
                continue
            upstream_layer = (
                layer_of(upstream) if upstream["resource_type"] == "model" else None
            )
            if upstream_layer is not None and LAYER_ORDER.index(
                upstream_layer
            ) > LAYER_ORDER.index(layer):
                offenders.append(
                    f"{_label(model)} [{layer}] reads {upstream['name']} "
                    f"[{upstream_layer}]"
                )
    assert not offenders, _report(
        f"reads of a later layer (order: {' < '.join(LAYER_ORDER)})", offenders
    )


def test_reports_read_only_marts_and_reports(
    manifest: dict, models: list[dict]
) -> None:
    offenders = []
    for model in models:
        is_report = model["name"].startswith(REPORT_MODEL_PREFIX)
        if not (is_report or layer_of(model) == "reports"):
            continue
        for upstream in _upstream(manifest, model):
            kind = upstream["resource_type"]
            allowed = kind in ALWAYS_READABLE_RESOURCE_TYPES or (
                kind == "model"
                and (
                    layer_of(upstream) in REPORT_READABLE_LAYERS
                    or upstream["name"].startswith(REPORT_MODEL_PREFIX)
                )
            )
            if not allowed:
                where = layer_of(upstream) if kind == "model" else kind
                offenders.append(f"{_label(model)} reads {upstream['name']} [{where}]")
    assert not offenders, _report(
        f"report reads outside {sorted(REPORT_READABLE_LAYERS)}, "
        f"{REPORT_MODEL_PREFIX}* models and seeds",
        offenders,
    )


def test_every_model_has_a_description(models: list[dict]) -> None:
    offenders = [_label(model) for model in models if not model["description"].strip()]
    assert not offenders, _report("models without a description", offenders)


def _has_primary_key_constraint(model: dict[str, Any]) -> bool:
    if not model["config"].get("contract", {}).get("enforced"):
        return False
    constraints = list(model.get("constraints", []))
    for column in model.get("columns", {}).values():
        constraints += column.get("constraints", [])
    return any(c.get("type") == PRIMARY_KEY_CONSTRAINT for c in constraints)


def _primary_key_tested_models(manifest: dict) -> set[str]:
    tested = set()
    for test in _project_nodes(manifest, "nodes", "test"):
        metadata = test.get("test_metadata") or {}
        if metadata.get("name") not in PRIMARY_KEY_TESTS:
            continue
        attached = test.get("attached_node")
        tested.update([attached] if attached else test["depends_on"]["nodes"])
    return tested


def _pass_through_problem(
    model: dict, view: dict | None, tested: set[str]
) -> str | None:
    """Why `view` cannot carry `model`'s key test (None when it can)."""
    if view is None:
        return "names no model of this project"
    if view["config"].get("materialized") != PASS_THROUGH_MATERIALIZATION:
        return f"is materialized as {view['config'].get('materialized')}, not a view"
    if view["depends_on"]["nodes"] != [model["unique_id"]]:
        return f"reads {view['depends_on']['nodes']}, not only {model['name']}"
    code = SQL_LINE_COMMENT.sub("", JINJA_COMMENT.sub("", view["raw_code"]))
    changing = ROW_CHANGING_SQL.search(code)
    if changing:
        return f"may change the rows ('{changing.group(0)}' in its SQL)"
    if view["unique_id"] not in tested:
        return "has no primary-key test itself"
    return None


def test_every_model_has_a_primary_key_test(manifest: dict, models: list[dict]) -> None:
    tested = _primary_key_tested_models(manifest)
    by_name = {model["name"]: model for model in models}
    offenders = []
    for model in models:
        if model["unique_id"] in tested or _has_primary_key_constraint(model):
            continue
        elsewhere = model["config"].get("meta", {}).get(PRIMARY_KEY_ELSEWHERE_META)
        if elsewhere is None:
            offenders.append(_label(model))
            continue
        problem = _pass_through_problem(model, by_name.get(elsewhere), tested)
        if problem:
            offenders.append(
                f"{_label(model)}: meta {PRIMARY_KEY_ELSEWHERE_META} "
                f"'{elsewhere}' {problem}"
            )
    assert not offenders, _report(
        f"models without a primary-key test ({' / '.join(sorted(PRIMARY_KEY_TESTS))}"
        f", a {PRIMARY_KEY_CONSTRAINT} constraint in an enforced contract, or meta "
        f"{PRIMARY_KEY_ELSEWHERE_META} naming a pass-through view with one)",
        offenders,
    )


def test_primary_keys_left_to_views_name_pass_through_views(
    manifest: dict, models: list[dict]
) -> None:
    """The rule above accepts the three intermediate tables of the large facts
    only through their views, and refuses a view that filters or joins."""
    tested = _primary_key_tested_models(manifest)
    by_name = {model["name"]: model for model in models}
    delegating = {
        model["name"]: model["config"]["meta"][PRIMARY_KEY_ELSEWHERE_META]
        for model in models
        if PRIMARY_KEY_ELSEWHERE_META in model["config"].get("meta", {})
    }
    assert delegating == {
        "int_app_events_linked": "fct_app_events",
        "int_order_lines_unioned": "fct_order_lines",
        "int_orders_unioned": "fct_orders",
    }
    orders = by_name["int_orders_unioned"]
    view = dict(by_name["fct_orders"])
    assert _pass_through_problem(orders, view, tested) is None
    view["raw_code"] = view["raw_code"] + "\nwhere customer_id is not null"
    assert "may change the rows" in _pass_through_problem(orders, view, tested)
    view["raw_code"] = (
        "-- a join in a comment only\n" + by_name["fct_orders"]["raw_code"]
    )
    assert _pass_through_problem(orders, view, tested) is None
    assert "names no model" in _pass_through_problem(orders, None, tested)
    assert "not only" in _pass_through_problem(
        orders, by_name["fct_order_lines"], tested
    )
    assert "no primary-key test" in _pass_through_problem(
        orders, view, tested - {view["unique_id"]}
    )


# PostgreSQL's identifier limit: dbt refuses longer relation names there, and
# a unit test's name becomes the name of its temporary relation.
MAX_IDENTIFIER_LENGTH = 63


def test_names_fit_postgres_identifiers(manifest: dict) -> None:
    names = [
        node["name"]
        for collection, resource_type in (
            ("nodes", "model"),
            ("nodes", "seed"),
            ("nodes", "snapshot"),
            ("unit_tests", "unit_test"),
        )
        for node in _project_nodes(manifest, collection, resource_type)
    ]
    assert len(names) > 100
    too_long = sorted(name for name in names if len(name) > MAX_IDENTIFIER_LENGTH)
    assert not too_long, (
        f"names longer than {MAX_IDENTIFIER_LENGTH} characters fail on PostgreSQL "
        f"(`make test-engines`); shorten them: {too_long}"
    )


def test_every_source_table_has_a_description(manifest: dict) -> None:
    sources = _project_nodes(manifest, "sources", "source")
    assert sources, "the manifest holds no sources of this project"
    offenders = [
        f"{source['source_name']}.{source['name']} ({source['original_file_path']})"
        for source in sources
        if not source["description"].strip()
    ]
    assert not offenders, _report("source tables without a description", offenders)


def test_every_macro_file_opens_with_a_doc_comment() -> None:
    files = sorted(MACRO_FOLDER.rglob("*.sql"))
    assert files, f"no macro files under {MACRO_FOLDER}"
    offenders = []
    for path in files:
        match = MACRO_DOC_COMMENT.match(path.read_text(encoding="utf-8"))
        words = match["body"].split() if match else []
        if len(words) < MIN_MACRO_DOC_WORDS:
            offenders.append(str(path.relative_to(REPO_ROOT)))
    assert not offenders, _report(
        "macro files that do not open with a {#- ... -#} comment describing them "
        f"(at least {MIN_MACRO_DOC_WORDS} words)",
        offenders,
    )


def test_public_marts_declare_no_raw_personal_data(models: list[dict]) -> None:
    public_marts = [
        model
        for model in models
        if layer_of(model) == PUBLIC_LAYER and not is_restricted(model)
    ]
    offenders = [
        f"{_label(model)}: {column}"
        for model in public_marts
        for column in sorted(model.get("columns", {}))
        if column.lower() in PII_COLUMN_NAMES
    ]
    assert not offenders, _report(
        f"raw personal data columns in public marts (move them to "
        f"{PUBLIC_LAYER}/{RESTRICTED_FOLDER}/ or mask them)",
        offenders,
    )
