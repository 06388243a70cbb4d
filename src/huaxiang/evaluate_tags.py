"""Tag quality against the generator's latent truth (demo data only).

Each customer of the warehouse is matched to the true person most of its source
records belong to (record_truth.csv); the tags of fct_customer_tags are then compared
with what the generator knows about that person (persons.csv, person_latent.csv):

- agreement: share of customers whose tag equals the truth mapped into tag values;
- flag precision / recall: a boolean tag against a true boolean;
- ordering: the mean of a latent score per tag value, which should rise with the value.

The truth is read only here and by tests, never by a dbt model.

Usage: python -m huaxiang.evaluate_tags --db target/huaxiang.duckdb \
           --truth data/truth/finance --industry finance
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from huaxiang.evaluate import PREDICTIONS_SQL

CUSTOMER_PERSONS_SQL = """
create temp table customer_persons as
with truth as (
    select
        source_table,
        case when source_table = 'app_devices' then lower(trim(record_id))
            else trim(record_id) end as record_id,
        person_id
    from read_csv(?, all_varchar = true, header = true)
),
votes as (
    select p.customer_id, t.person_id, count(*) as records
    from predicted as p
    inner join truth as t
        on p.source_table = t.source_table and p.record_id = t.record_id
    where p.customer_id is not null
    group by p.customer_id, t.person_id
)
select customer_id, person_id
from (
    select *, row_number() over (
        partition by customer_id order by records desc, person_id
    ) as vote_rank
    from votes
) as ranked
where vote_rank = 1
"""


@dataclass(frozen=True)
class Agreement:
    """Tag value vs a truth column mapped to tag values by a SQL expression."""

    tag_code: str
    truth_expression: str


@dataclass(frozen=True)
class Flag:
    """A boolean tag vs a true boolean expression."""

    tag_code: str
    truth_expression: str


@dataclass(frozen=True)
class Ordering:
    """Mean of a latent score per tag value, values listed from low to high."""

    tag_code: str
    truth_expression: str
    values: tuple[str, ...]


# What each industry's truth can check. Expressions read the row `t` of a customer's
# tag joined to its true person (persons.csv columns, and person_latent.csv columns
# where the industry has it).
CHECKS: dict[str, tuple[Agreement | Flag | Ordering, ...]] = {
    "retail": (
        Flag("is_churn_risk", "cast(t.is_churned as boolean)"),
        Ordering(
            "churn_risk_band",
            "case when cast(t.is_churned as boolean) then 1.0 else 0.0 end",
            ("low", "medium", "high"),
        ),
    ),
    "finance": (
        Agreement("risk_appetite", "t.true_risk_appetite"),
        Flag("is_churn_warning", "cast(t.is_leaving as boolean)"),
        Ordering(
            "is_delinquent",
            "cast(t.delinquency_propensity as double)",
            ("false", "true"),
        ),
        Ordering(
            "aum_band",
            "cast(t.true_aum_cny as double)",
            ("mass", "affluent", "wealthy", "private_banking"),
        ),
    ),
    "manufacturing": (
        Agreement("usage_scenario", "t.true_usage_scenario"),
        Ordering(
            "device_fault_risk",
            "cast(t.fault_propensity as double)",
            ("low", "medium", "high"),
        ),
        Ordering(
            "satisfaction_nps",
            "cast(t.satisfaction as double)",
            ("detractor", "passive", "promoter"),
        ),
    ),
    "healthcare": (
        Agreement(
            "chronic_condition_band",
            "case cast(t.chronic_condition_count as integer) when 0 then 'none' "
            "when 1 then 'one' when 2 then 'two' else 'three_plus' end",
        ),
        Ordering(
            "health_risk_level",
            "cast(t.health_risk as double)",
            ("low", "medium", "high"),
        ),
        Ordering(
            "follow_up_compliance",
            "cast(t.follow_up_compliance as double)",
            ("non_compliant", "partial", "compliant"),
        ),
    ),
}


def _truth_view(connection: duckdb.DuckDBPyConnection, truth_dir: Path) -> None:
    persons = truth_dir / "persons.csv"
    latent = truth_dir / "person_latent.csv"
    if latent.exists():
        connection.execute(
            "create temp table truth_persons as select * exclude (l.person_id) "
            "from read_csv(?, all_varchar = true, header = true) as p "
            "left join read_csv(?, all_varchar = true, header = true) as l "
            "on p.person_id = l.person_id",
            [str(persons), str(latent)],
        )
    else:
        connection.execute(
            "create temp table truth_persons as "
            "select * from read_csv(?, all_varchar = true, header = true)",
            [str(persons)],
        )
    connection.execute(
        "create temp view tagged as "
        "select c.customer_id, c.person_id, tags.tag_code, tags.tag_value, t.* "
        "exclude (person_id) from customer_persons as c "
        "inner join truth_persons as t on c.person_id = t.person_id "
        "left join marts.fct_customer_tags as tags on c.customer_id = tags.customer_id"
    )


def evaluate_tags(db_path: Path, truth_dir: Path, industry: str) -> dict[str, float]:
    """Quality metrics of an industry's tags, keyed '<tag>.<metric>'."""
    record_truth = truth_dir / "record_truth.csv"
    if not record_truth.exists():
        raise FileNotFoundError(
            f"{record_truth} not found: ground truth exists only for generated demo "
            "data (run `make data`)."
        )
    results: dict[str, float] = {}
    with duckdb.connect(str(db_path), read_only=True) as connection:
        connection.execute(PREDICTIONS_SQL)
        connection.execute(CUSTOMER_PERSONS_SQL, [str(record_truth)])
        _truth_view(connection, truth_dir)
        for check in CHECKS.get(industry, ()):
            truth = check.truth_expression
            where = f"t.tag_code = '{check.tag_code}'"
            if isinstance(check, Agreement):
                value = connection.execute(
                    "select avg(case when t.tag_value = "
                    f"({truth}) then 1.0 else 0.0 end) from tagged as t "
                    f"where {where} and ({truth}) is not null"
                ).fetchone()[0]
                results[f"{check.tag_code}.agreement"] = float(value or 0)
            elif isinstance(check, Flag):
                row = connection.execute(
                    "select "
                    "count(*) filter (where tag_value = 'true' and truth), "
                    "count(*) filter (where tag_value = 'true'), "
                    "count(*) filter (where truth) "
                    f"from (select t.tag_value, {truth} as truth from tagged as t "
                    f"where {where})"
                ).fetchone()
                hits, flagged, true_count = (int(x or 0) for x in row)
                results[f"{check.tag_code}.precision"] = (
                    hits / flagged if flagged else 0
                )
                results[f"{check.tag_code}.recall"] = (
                    hits / true_count if true_count else 0
                )
            else:
                for value in check.values:
                    mean = connection.execute(
                        f"select avg({truth}) from tagged as t "
                        f"where {where} and t.tag_value = ?",
                        [value],
                    ).fetchone()[0]
                    if mean is not None:
                        results[f"{check.tag_code}.mean[{value}]"] = float(mean)
    return results


def is_ordered(results: dict[str, float], check: Ordering) -> bool:
    """The latent mean rises with the tag value (values with no customers skipped)."""
    means = [
        results[f"{check.tag_code}.mean[{v}]"]
        for v in check.values
        if f"{check.tag_code}.mean[{v}]" in results
    ]
    return len(means) >= 2 and all(
        a < b for a, b in zip(means, means[1:], strict=False)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m huaxiang.evaluate_tags")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--industry", required=True)
    args = parser.parse_args(argv)
    results = evaluate_tags(args.db, args.truth, args.industry)
    print(json.dumps(results, indent=2, sort_keys=True))
    unordered = [
        check.tag_code
        for check in CHECKS.get(args.industry, ())
        if isinstance(check, Ordering) and not is_ordered(results, check)
    ]
    if unordered:
        print(f"not ordered by their latent score: {unordered}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
