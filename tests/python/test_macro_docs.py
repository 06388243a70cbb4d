"""Every project macro is documented in property YAML, checked over the manifest.

The dbt docs (`make docs`) show a macro's description and arguments only when a
`macros:` property file documents them (macros/_macros.yml,
macros/<folder>/_<folder>__macros.yml, tests/generic/_generic__tests.yml). A macro
of this project (generic tests included, as `test_<name>`) needs a description
and, for each argument of its Jinja signature, in signature order, an entry with a
type dbt accepts and a description. A dispatch variant `<adapter>__<name>` is
covered by its dispatcher `<name>` once that is documented and names the adapter
("Dispatches: default, duckdb, ..."); a macro with an adapter-like prefix but no
dispatcher in this project (an override of a dbt macro, a PostgreSQL-only helper)
is documented on its own.

The manifest comes from the `manifest` fixture in conftest.py (target/manifest.json,
re-parsed when missing or older than a project file). dbt stores the arguments
the YAML documents; the signature is read here from each macro's Jinja source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from dbt.parser.schemas import is_valid_type
from dbt_common.clients import jinja as dbt_jinja

PROJECT = "huaxiang"
REPO = Path(__file__).resolve().parents[2]
# Folders whose YAML may hold `macros:` properties (macro-paths and test-paths).
PROPERTY_FOLDERS = ("macros", "tests/generic")
# `<adapter>__<name>`: a dispatch variant when <name> is a macro of the project.
VARIANT_NAME = re.compile(r"^(?P<adapter>[a-z][a-z0-9]*)__(?P<dispatcher>[a-z].*)$")
PROPERTY_FILES_HINT = (
    "macros/_macros.yml (top-level macros), macros/<folder>/_<folder>__macros.yml "
    "or tests/generic/_generic__tests.yml (generic tests, as test_<name>)"
)


def signature_arguments(macro: dict[str, Any]) -> list[str]:
    """Argument names of a macro's Jinja signature, in order (`{% macro %}` and
    `{% test %}` blocks alike, parsed as dbt parses them)."""
    tree = dbt_jinja.parse(macro["macro_sql"])
    definitions = list(tree.find_all(jinja2.nodes.Macro))
    if len(definitions) != 1:
        pytest.fail(
            f"{macro['original_file_path']}: expected one definition of macro "
            f"{macro['name']} in its source, found {len(definitions)}"
        )
    return [argument.name for argument in definitions[0].args]


def project_macros(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    macros = {
        macro["name"]: macro
        for macro in manifest["macros"].values()
        if macro["package_name"] == PROJECT
    }
    assert macros, f"no macros of package {PROJECT} in target/manifest.json"
    return macros


def is_documented(macro: dict[str, Any] | None) -> bool:
    return bool(macro and (macro.get("description") or "").strip())


def variant_dispatcher(
    name: str, macros: dict[str, dict[str, Any]]
) -> tuple[str, str] | None:
    """(adapter, dispatcher name) when `name` is a variant of a project macro."""
    match = VARIANT_NAME.match(name)
    if match and match["dispatcher"] in macros:
        return match["adapter"], match["dispatcher"]
    return None


def macro_doc_problems(macros: dict[str, dict[str, Any]]) -> list[str]:
    """One line per macro whose documentation is missing or incomplete."""
    problems: list[str] = []
    for name, macro in sorted(macros.items()):
        where = f"{name} ({macro['original_file_path']})"
        variant = variant_dispatcher(name, macros)
        if variant and not is_documented(macro):
            adapter, dispatcher = variant
            description = macros[dispatcher].get("description") or ""
            if not is_documented(macros[dispatcher]):
                problems.append(
                    f"{where}: dispatch variant of {dispatcher}, which has no "
                    "description: document the dispatcher"
                )
            elif not re.search(rf"\b{re.escape(adapter)}\b", description):
                problems.append(
                    f"{where}: the description of its dispatcher {dispatcher} does "
                    f"not name the adapter '{adapter}' (add it to 'Dispatches: ...')"
                )
            continue
        if not is_documented(macro):
            problems.append(f"{where}: no description")
        expected = signature_arguments(macro)
        documented = macro.get("arguments") or []
        documented_names = [argument["name"] for argument in documented]
        for argument in expected:
            if argument not in documented_names:
                problems.append(f"{where}: argument '{argument}' is not documented")
        for argument in documented:
            label = f"{where}: argument '{argument['name']}'"
            if argument["name"] not in expected:
                problems.append(f"{label} is documented but not in the signature")
                continue
            if not (argument.get("description") or "").strip():
                problems.append(f"{label} has no description")
            arg_type = (argument.get("type") or "").strip()
            if not arg_type:
                problems.append(f"{label} has no type")
            elif not is_valid_type(arg_type):
                problems.append(
                    f"{label} has type '{arg_type}', which dbt does not accept "
                    "(str/string, bool, int/integer, float, any, relation, column, "
                    "list[T], dict[K, V], optional[T])"
                )
        if len(set(documented_names)) != len(documented_names):
            problems.append(f"{where}: an argument is documented twice")
        elif [a for a in documented_names if a in expected] != [
            a for a in expected if a in documented_names
        ]:
            problems.append(
                f"{where}: arguments documented as {documented_names}, "
                f"not in signature order {expected}"
            )
    return problems


def test_every_project_macro_is_documented(manifest: dict[str, Any]) -> None:
    problems = macro_doc_problems(project_macros(manifest))
    assert not problems, (
        f"{len(problems)} macro documentation problem(s); document them in "
        f"{PROPERTY_FILES_HINT}:\n  " + "\n  ".join(problems)
    )


def documented_macro_names() -> dict[str, list[str]]:
    """Macro name -> the property files documenting it."""
    names: dict[str, list[str]] = {}
    for folder in PROPERTY_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.yml")):
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for entry in content.get("macros") or []:
                names.setdefault(entry["name"], []).append(str(path.relative_to(REPO)))
    return names


def test_every_documented_macro_exists(manifest: dict[str, Any]) -> None:
    """Docs of a renamed or deleted macro only make dbt warn; here they fail."""
    macros = project_macros(manifest)
    documented_names = documented_macro_names()
    assert documented_names, f"no macros: properties under {PROPERTY_FOLDERS}"
    stale = [
        f"{name} ({', '.join(files)})"
        for name, files in sorted(documented_names.items())
        if name not in macros
    ]
    assert not stale, (
        "property YAML documents macros the project does not have (renamed? "
        "generic tests are test_<name>): " + "; ".join(stale)
    )


def fake_macro(
    name: str,
    signature: str,
    description: str = "Does something.",
    arguments: list[dict[str, str]] | None = None,
    block: str = "macro",
) -> dict[str, Any]:
    """A manifest entry of a macro (a `test` block for a generic test)."""
    return {
        "name": name,
        "original_file_path": f"macros/{name}.sql",
        "macro_sql": f"{{% {block} {signature} %}}select 1{{% end{block} %}}",
        "description": description,
        "arguments": arguments or [],
    }


def documented(name: str, arg_type: str = "string") -> dict[str, str]:
    return {"name": name, "type": arg_type, "description": f"The {name}."}


def test_checker_accepts_complete_docs_and_covered_variants() -> None:
    macros = {
        "parse_x": fake_macro(
            "parse_x",
            "parse_x(expr, lowercase=false)",
            "Parses x. Dispatches: default, duckdb.",
            [documented("expr"), documented("lowercase", "bool")],
        ),
        "duckdb__parse_x": fake_macro("duckdb__parse_x", "duckdb__parse_x(expr)", ""),
        "default__parse_x": fake_macro(
            "default__parse_x", "default__parse_x(expr)", ""
        ),
        "test_has_rows": fake_macro(
            "test_has_rows",
            "has_rows(model, min_rows=1)",
            arguments=[documented("model", "relation"), documented("min_rows", "int")],
            block="test",
        ),
    }
    assert macro_doc_problems(macros) == []


def test_checker_reports_every_gap() -> None:
    """The checker fails on what it must: no description, an undocumented,
    untyped, mistyped, stale or reordered argument, a variant whose dispatcher
    is undocumented or does not name its adapter, and an adapter-prefixed
    macro without a dispatcher in the project, which needs its own docs."""
    macros = {
        "no_description": fake_macro("no_description", "no_description()", " "),
        "missing_argument": fake_macro(
            "missing_argument", "missing_argument(a, b)", arguments=[documented("a")]
        ),
        "untyped": fake_macro("untyped", "untyped(a)", arguments=[documented("a", "")]),
        "mistyped": fake_macro(
            "mistyped", "mistyped(a)", arguments=[documented("a", "boolean")]
        ),
        "stale": fake_macro("stale", "stale()", arguments=[documented("gone")]),
        "reordered": fake_macro(
            "reordered",
            "reordered(a, b)",
            arguments=[documented("b"), documented("a")],
        ),
        "undocumented_dispatcher": fake_macro(
            "undocumented_dispatcher", "undocumented_dispatcher()", ""
        ),
        "duckdb__undocumented_dispatcher": fake_macro(
            "duckdb__undocumented_dispatcher", "duckdb__undocumented_dispatcher()", ""
        ),
        "terse_dispatcher": fake_macro(
            "terse_dispatcher", "terse_dispatcher()", "Dispatches: default."
        ),
        "spark__terse_dispatcher": fake_macro(
            "spark__terse_dispatcher", "spark__terse_dispatcher()", ""
        ),
        "postgres__helper": fake_macro("postgres__helper", "postgres__helper()", ""),
        "test_generic": fake_macro(
            "test_generic", "generic(model, column_name)", block="test"
        ),
    }
    problems = "\n".join(macro_doc_problems(macros))
    expected = [
        "no_description (macros/no_description.sql): no description",
        "missing_argument (macros/missing_argument.sql): argument 'b' is not "
        "documented",
        "untyped (macros/untyped.sql): argument 'a' has no type",
        "mistyped (macros/mistyped.sql): argument 'a' has type 'boolean'",
        "stale (macros/stale.sql): argument 'gone' is documented but not in the "
        "signature",
        "reordered (macros/reordered.sql): arguments documented as ['b', 'a'], "
        "not in signature order ['a', 'b']",
        "undocumented_dispatcher (macros/undocumented_dispatcher.sql): no description",
        "duckdb__undocumented_dispatcher (macros/duckdb__undocumented_dispatcher"
        ".sql): dispatch variant of undocumented_dispatcher",
        "spark__terse_dispatcher (macros/spark__terse_dispatcher.sql): the "
        "description of its dispatcher terse_dispatcher does not name the adapter "
        "'spark'",
        "postgres__helper (macros/postgres__helper.sql): no description",
        "test_generic (macros/test_generic.sql): argument 'model' is not documented",
        "test_generic (macros/test_generic.sql): argument 'column_name' is not "
        "documented",
    ]
    for line in expected:
        assert line in problems, f"checker did not report: {line}\n{problems}"
