"""The tag catalog (seeds/tag_catalog.csv): load, validate, generate dbt files from it.

The catalog is the single source of truth of the tag system. dbt cannot read a seed's
rows when it parses a project, but an enforced contract needs the wide mart's columns
at parse time, and dbt unit tests see neither the graph nor the model's columns. So
this module writes, from the catalog:

- the contract YAML of each industry's wide mart
  (``models/marts/customer_tags/<industry>/_tags_<industry>__generated.yml``): one
  column per tag, the catalog row in the column's ``meta.tag``;
- ``macros/tags/tag_rules_generated.sql``: the rules, which ``tag_columns()`` turns
  into SQL.

``make build`` regenerates them first; a dbt test and a pytest fail when they and the
catalog disagree.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[3]
CATALOG_PATH = Path("seeds/tag_catalog.csv")
CATEGORIES_PATH = Path("seeds/tag_categories.csv")
INDUSTRIES_PATH = Path("seeds/industries.csv")
TAGS_MODELS_DIR = Path("models/marts/customer_tags")
RULES_MACRO_PATH = Path("macros/tags/tag_rules_generated.sql")

COLUMNS = (
    "tag_code",
    "industry",
    "category_code",
    "value_type",
    "rule_type",
    "input_column",
    "params",
    "unit_zh",
    "unit_en",
    "refresh_cadence",
    "label_zh",
    "label_en",
    "definition_zh",
    "definition_en",
    "business_use_zh",
    "business_use_en",
)
REQUIRED_TEXT = (
    "tag_code",
    "industry",
    "category_code",
    "value_type",
    "rule_type",
    "input_column",
    "refresh_cadence",
    "label_zh",
    "label_en",
    "definition_zh",
    "definition_en",
    "business_use_zh",
    "business_use_en",
)
VALUE_TYPES = ("boolean", "band", "category", "score")
# Rule type -> value types it can produce. Adding a rule type means a branch in
# macros/tags/tag_columns.sql and an entry here.
RULE_TYPES = {
    "copy": ("category", "score", "band", "boolean"),
    "band": ("band",),
    "condition": ("boolean",),
    "case": ("category", "band"),
}
CONDITION_OPERATORS = ("=", "!=", "<", "<=", ">", ">=")
CADENCES = ("daily", "weekly", "monthly")
# Contract data type of each value type in the wide marts.
DATA_TYPES = {
    "boolean": "boolean",
    "band": "varchar",
    "category": "varchar",
    "score": "double",
}
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


class CatalogError(ValueError):
    """A catalog row is invalid; the message names the file, line, tag and fix."""


@dataclass(frozen=True)
class Tag:
    """One catalog row, validated."""

    line: int
    tag_code: str
    industry: str
    category_code: str
    value_type: str
    rule_type: str
    input_column: str
    params: dict[str, Any] = field(hash=False)
    row: dict[str, str] = field(hash=False)

    @property
    def data_type(self) -> str:
        return DATA_TYPES[self.value_type]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_catalog(repo: Path = REPO) -> list[Tag]:
    """Read and validate the catalog; raise CatalogError naming every problem."""
    path = repo / CATALOG_PATH
    industries = {r["industry_code"] for r in _read_csv(repo / INDUSTRIES_PATH)}
    categories = {r["category_code"] for r in _read_csv(repo / CATEGORIES_PATH)}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            raise CatalogError(
                f"{CATALOG_PATH}: header must be exactly {', '.join(COLUMNS)}; "
                f"got {', '.join(header)}"
            )
        rows = list(reader)
    problems: list[str] = []
    tags: list[Tag] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        errors = _row_errors(row, industries, categories)
        code = row.get("tag_code") or "?"
        key = (row.get("industry") or "?", code)
        if key in seen:
            errors.append(
                f"tag_code repeats line {seen[key]}: codes are unique per industry"
            )
        seen.setdefault(key, line)
        if errors:
            problems.extend(f"{CATALOG_PATH}:{line} (tag {code}): {e}" for e in errors)
            continue
        tags.append(
            Tag(
                line=line,
                tag_code=row["tag_code"],
                industry=row["industry"],
                category_code=row["category_code"],
                value_type=row["value_type"],
                rule_type=row["rule_type"],
                input_column=row["input_column"],
                params=_params(row),
                row=row,
            )
        )
    if problems:
        raise CatalogError("\n".join(problems))
    return tags


def _params(row: dict[str, str]) -> dict[str, Any]:
    text = (row.get("params") or "").strip()
    return json.loads(text) if text else {}


def _row_errors(
    row: dict[str, str], industries: set[str], categories: set[str]
) -> list[str]:
    errors = [f"{name} is empty" for name in REQUIRED_TEXT if not row.get(name)]
    if errors:
        return errors
    code, rule, value_type = row["tag_code"], row["rule_type"], row["value_type"]
    if not CODE_RE.match(code):
        errors.append("tag_code must be lower_snake_case (it is a column name)")
    if row["industry"] not in industries:
        errors.append(
            f"industry {row['industry']!r} is not in seeds/industries.csv "
            f"({', '.join(sorted(industries))})"
        )
    if row["category_code"] not in categories:
        errors.append(
            f"category_code {row['category_code']!r} is not in "
            f"seeds/tag_categories.csv ({', '.join(sorted(categories))})"
        )
    if value_type not in VALUE_TYPES:
        errors.append(f"value_type must be one of {', '.join(VALUE_TYPES)}")
    if rule not in RULE_TYPES:
        errors.append(
            f"rule_type {rule!r} unknown; known: {', '.join(RULE_TYPES)} "
            "(a new rule type needs a branch in macros/tags/tag_columns.sql)"
        )
    elif value_type in VALUE_TYPES and value_type not in RULE_TYPES[rule]:
        errors.append(f"rule_type {rule} cannot produce value_type {value_type}")
    if value_type == "boolean" and not code.startswith(("is_", "has_")):
        errors.append("a boolean tag's code starts with is_ or has_")
    if row["refresh_cadence"] not in CADENCES:
        errors.append(f"refresh_cadence must be one of {', '.join(CADENCES)}")
    try:
        params = _params(row)
    except json.JSONDecodeError as error:
        return [*errors, f"params is not valid JSON: {error}"]
    if not isinstance(params, dict):
        return [*errors, "params must be a JSON object"]
    errors.extend(param_errors(rule, params))
    return errors


def param_errors(rule: str, params: dict[str, Any]) -> list[str]:
    """Problems of a rule's parameters (the macro checks them again after overrides)."""
    errors: list[str] = []
    if rule == "band":
        edges = params.get("edges")
        if not isinstance(edges, list) or not edges:
            return ['band params need "edges": a non-empty list of numbers']
        if not all(isinstance(e, int | float) for e in edges):
            errors.append("band edges must be numbers")
        elif any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
            errors.append("band edges must be strictly ascending")
        values = params.get("values")
        if values is not None and (
            not isinstance(values, list) or len(values) != len(edges) + 1
        ):
            errors.append(
                f'band "values" needs {len(edges) + 1} codes (one more than edges)'
            )
    elif rule == "condition":
        conditions = params.get("all")
        if not isinstance(conditions, list) or not conditions:
            return ['condition params need "all": a list of [column, operator, value]']
        for condition in conditions:
            if not (isinstance(condition, list) and len(condition) == 3):
                errors.append(
                    f"condition {condition!r} is not [column, operator, value]"
                )
            elif condition[1] not in CONDITION_OPERATORS:
                errors.append(
                    f"operator {condition[1]!r} unknown; use one of "
                    f"{' '.join(CONDITION_OPERATORS)}"
                )
    elif rule == "case":
        cases = params.get("cases")
        if not isinstance(cases, list) or not cases:
            return [
                'case params need "cases": a list of {"then": code, "all": '
                "[[column, operator, value], ...]} (first match wins)"
            ]
        for case in cases:
            if not (isinstance(case, dict) and isinstance(case.get("then"), str)):
                errors.append(f'case {case!r} needs a text value in "then"')
                continue
            errors.extend(param_errors("condition", {"all": case.get("all")}))
        if "else" in params and not isinstance(params["else"], str | None):
            errors.append('case "else" must be a value code (text) or null')
    elif rule == "copy":
        unknown = set(params) - {"vars"}
        if unknown:
            errors.append(f'copy params take only "vars"; got {sorted(unknown)}')
    return errors


# Tags that profile health or finances are 敏感个人信息 (PIPL art. 28).
SENSITIVE_CATEGORIES = {
    "healthcare": {"behaviour", "risk", "engagement", "preference", "value"},
    "finance": {"value", "risk", "preference"},
}


def pipl_category(tag: Tag) -> str:
    if tag.category_code in SENSITIVE_CATEGORIES.get(tag.industry, set()):
        return "敏感个人信息"
    return "一般个人信息"


def wide_mart_name(industry: str) -> str:
    return f"dim_customer_tags_{industry}"


def wide_mart_yaml(industry: str, tags: list[Tag]) -> str:
    """The YAML of one industry's wide mart, generated from its catalog rows."""
    columns: list[dict[str, Any]] = [
        {
            "name": "customer_id",
            "data_type": "varchar",
            "description": "Resolved customer (dim_customers.customer_id).",
            "constraints": [{"type": "not_null"}, {"type": "primary_key"}],
            "data_tests": ["unique", "not_null"],
        }
    ]
    for tag in tags:
        row = tag.row
        column: dict[str, Any] = {
            "name": tag.tag_code,
            "data_type": tag.data_type,
            "description": (
                f"{row['label_zh']} / {row['label_en']}: {row['definition_en']}"
            ),
            "meta": {
                # A tag describes a person: derived (indirect) personal data;
                # health and financial profiles are sensitive under PIPL art. 28.
                "pii": "indirect",
                "pipl_category": pipl_category(tag),
                "tag": {
                    "industry": tag.industry,
                    "category_code": tag.category_code,
                    "value_type": tag.value_type,
                    "rule_type": tag.rule_type,
                    "input_column": tag.input_column,
                    "params": tag.params,
                },
            },
        }
        if tag.value_type == "boolean":
            column["data_tests"] = ["not_null"]
        columns.append(column)
    columns.append(
        {
            "name": "computed_at",
            "data_type": "timestamp",
            "description": (
                "The business date the tags describe (as-of date, midnight); stable "
                "across reruns on the same data."
            ),
        }
    )
    document = {
        "version": 2,
        "models": [
            {
                "name": wide_mart_name(industry),
                "description": (
                    f"One row per customer with every {industry} tag of the tag "
                    "catalog (seeds/tag_catalog.csv) as a column: is_/has_ booleans, "
                    "bands and categories. Generated by the tag_columns() macro from "
                    "the catalog."
                ),
                "config": {"contract": {"enforced": True}},
                "columns": columns,
            }
        ],
    }
    header = (
        "# GENERATED from seeds/tag_catalog.csv by `make tags` "
        "(python -m huaxiang.tags). Do not edit:\n"
        "# change the catalog and rerun; a test fails when this file is stale.\n"
    )
    return header + yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=100
    )


def inputs_yaml_path(industry: str) -> Path:
    return TAGS_MODELS_DIR / industry / f"_tags_{industry}__inputs.yml"


def input_columns(repo: Path, industry: str) -> set[str]:
    """Columns of the industry's tag-inputs model, from its YAML."""
    path = repo / inputs_yaml_path(industry)
    if not path.exists():
        raise CatalogError(
            f"{inputs_yaml_path(industry)} is missing: tags of industry {industry} "
            f"read the model dim_customer_tag_inputs_{industry}, documented there "
            "(see README, 'Add a tag or an industry')"
        )
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = f"dim_customer_tag_inputs_{industry}"
    for model in document.get("models", []):
        if model.get("name") == name:
            return {column["name"] for column in model.get("columns", [])}
    raise CatalogError(f"{inputs_yaml_path(industry)} does not document model {name}")


def columns_read(tag: Tag) -> list[str]:
    """Input columns a tag's rule reads."""
    if tag.rule_type == "condition":
        return [tag.input_column, *(c[0] for c in tag.params["all"])]
    if tag.rule_type == "case":
        return [
            tag.input_column,
            *(c[0] for case in tag.params["cases"] for c in case["all"]),
        ]
    return [tag.input_column]


def check_inputs(repo: Path, tags: list[Tag]) -> None:
    """Every column a rule reads exists in its industry's inputs model."""
    problems = []
    for industry in sorted({tag.industry for tag in tags}):
        available = input_columns(repo, industry)
        for tag in (t for t in tags if t.industry == industry):
            problems.extend(
                f"{CATALOG_PATH}:{tag.line} (tag {tag.tag_code}): column {column!r} "
                f"is not in dim_customer_tag_inputs_{industry} "
                f"({inputs_yaml_path(industry)}); add it there or fix the catalog"
                for column in dict.fromkeys(columns_read(tag))
                if column not in available
            )
    if problems:
        raise CatalogError("\n".join(problems))


def generated_files(repo: Path = REPO) -> dict[Path, str]:
    """Path (relative to repo) -> content of every generated wide-mart YAML."""
    tags = load_catalog(repo)
    check_inputs(repo, tags)
    industries = sorted({tag.industry for tag in tags})
    files = {
        TAGS_MODELS_DIR / industry / f"_tags_{industry}__generated.yml": wide_mart_yaml(
            industry, [tag for tag in tags if tag.industry == industry]
        )
        for industry in industries
    }
    files[RULES_MACRO_PATH] = rules_macro(tags)
    return files


def rules_macro(tags: list[Tag]) -> str:
    """Macros giving the rules of every tag by industry, for tag_columns().

    The rules go to a macro, not only to the YAML's meta, because dbt unit tests
    see neither the graph nor the model's columns when they run.
    """
    industries = sorted({tag.industry for tag in tags})
    rules = {
        industry: [
            {
                "code": tag.tag_code,
                "value_type": tag.value_type,
                "rule_type": tag.rule_type,
                "input_column": tag.input_column,
                "data_type": tag.data_type,
                "params": tag.params,
            }
            for tag in tags
            if tag.industry == industry
        ]
        for industry in industries
    }
    blocks = []
    for industry, industry_rules in rules.items():
        lines = ",\n".join(
            "            " + json.dumps(rule, ensure_ascii=False, sort_keys=True)
            for rule in industry_rules
        )
        blocks.append(f'        "{industry}": [\n{lines}\n        ]')
    body = "{\n" + ",\n".join(blocks) + "\n    }"
    listed = ", ".join(f"'{industry}'" for industry in industries)
    return (
        "{#- GENERATED from seeds/tag_catalog.csv by `make tags` (python -m\n"
        "    huaxiang.tags). Do not edit: change the catalog and rerun. -#}\n\n"
        "{#- The industries that have tags (a wide mart\n"
        "    dim_customer_tags_<industry>). -#}\n"
        "{% macro tag_industries() %}\n"
        f"    {{{{ return([{listed}]) }}}}\n"
        "{% endmacro %}\n\n"
        "{#- Industry -> its tags' rules as written in the catalog. -#}\n"
        "{% macro tag_rules() %}\n"
        f"    {{{{ return({body}) }}}}\n"
        "{% endmacro %}\n"
    )


def stale_files(repo: Path = REPO) -> list[Path]:
    """Generated files whose content differs from what the catalog gives."""
    return [
        path
        for path, content in generated_files(repo).items()
        if not (repo / path).exists()
        or (repo / path).read_text(encoding="utf-8") != content
    ]


def write_generated(repo: Path = REPO) -> list[Path]:
    """Write the generated files that changed; return them."""
    changed = stale_files(repo)
    contents = generated_files(repo)
    for path in changed:
        target = repo / path
        if path != RULES_MACRO_PATH and not target.parent.exists():
            raise CatalogError(
                f"{path.parent}/ does not exist: an industry's tags need its input "
                f"model there first (see README, 'Add a tag or an industry')"
            )
        target.write_text(contents[path], encoding="utf-8")
    return changed
