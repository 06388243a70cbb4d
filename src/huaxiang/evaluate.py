"""Identity-resolution quality against the generator's ground truth.

Pairwise precision and recall over source records: two records form a pair
when they belong to the same customer (predicted) or the same true person.
    precision = correct predicted pairs / predicted pairs
    recall    = correct predicted pairs / true pairs
Records that the pipeline quarantined (test accounts, missing keys, exact
duplicates) are not records of the warehouse and are counted separately.
Anonymous records (walk-in receipts, devices that never logged in) are
predicted as singletons. Recall is reported over all records and over the
records that carry a usable identifier (the generator's has_usable_identifier),
since nothing can link the others.

The truth is read only here, never by a dbt model.

Usage: python -m huaxiang.evaluate --db target/huaxiang.duckdb \
           --truth data/truth/retail [--min-precision 0.995 --min-recall 0.98]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

PREDICTIONS_SQL = """
create temp view predicted as
select 'crm_members' as source_table, source_record_id as record_id, customer_id
from intermediate.int_identity_records_clustered where source_system = 'crm'
union all
select 'ecom_accounts', source_record_id, customer_id
from intermediate.int_identity_records_clustered where source_system = 'ecom'
union all
select 'app_devices', source_record_id, customer_id
from intermediate.int_identity_records_clustered where source_system = 'app'
union all
select 'pos_transactions', source_order_id, customer_id
from marts.fct_orders where source_system = 'pos' and order_type = 'sale'
"""

EVALUATION_SQL = """
with truth as (
    select
        source_table,
        case when source_table = 'app_devices' then lower(trim(record_id))
            else trim(record_id) end as record_id,
        person_id,
        cast(has_usable_identifier as boolean) as has_usable_identifier
    from read_csv(?, all_varchar = true, header = true)
),
truth_distinct as (
    select source_table, record_id, min(person_id) as person_id,
        bool_or(has_usable_identifier) as has_usable_identifier
    from truth group by 1, 2
),
joined as (
    select
        t.source_table, t.record_id, t.person_id, t.has_usable_identifier,
        p.record_id is not null as is_in_warehouse,
        coalesce(p.customer_id, 'anonymous:' || t.source_table || ':' || t.record_id)
            as predicted_id
    from truth_distinct t
    left join predicted p
        on t.source_table = p.source_table and t.record_id = p.record_id
),
evaluated as (select * from joined where is_in_warehouse)
select
    (select count(*) from truth_distinct) as truth_records,
    (select count(*) from evaluated) as evaluated_records,
    (select count(*) from joined where not is_in_warehouse) as quarantined_records,
    (select count(*) from evaluated where predicted_id like 'anonymous:%')
        as anonymous_records,
    (select sum(n * (n - 1) / 2) from (
        select count(*) n from evaluated group by predicted_id, person_id))
        as correct_pairs,
    (select sum(n * (n - 1) / 2) from (
        select count(*) n from evaluated group by predicted_id)) as predicted_pairs,
    (select sum(n * (n - 1) / 2) from (
        select count(*) n from evaluated group by person_id)) as true_pairs,
    (select sum(n * (n - 1) / 2) from (
        select count(*) n from evaluated where has_usable_identifier
        group by predicted_id, person_id)) as correct_pairs_linkable,
    (select sum(n * (n - 1) / 2) from (
        select count(*) n from evaluated where has_usable_identifier
        group by person_id)) as true_pairs_linkable,
    (select count(*) from (
        select predicted_id from evaluated where predicted_id not like 'anonymous:%'
        group by predicted_id having count(distinct person_id) > 1))
        as customers_with_several_persons,
    (select count(distinct predicted_id) from evaluated
        where predicted_id not like 'anonymous:%') as predicted_customers,
    (select count(distinct person_id) from evaluated) as true_persons
"""


@dataclass(frozen=True)
class IdentityScores:
    truth_records: int
    evaluated_records: int
    quarantined_records: int
    anonymous_records: int
    predicted_customers: int
    true_persons: int
    customers_with_several_persons: int
    precision: float
    recall: float
    recall_linkable: float


def _ratio(numerator: float | None, denominator: float | None) -> float:
    return 1.0 if not denominator else float(numerator or 0) / float(denominator)


def evaluate_identity(db_path: Path, truth_dir: Path) -> IdentityScores:
    """Compute pairwise precision/recall of the warehouse's identity resolution."""
    truth_file = truth_dir / "record_truth.csv"
    if not truth_file.exists():
        raise FileNotFoundError(
            f"{truth_file} not found: ground truth exists only for generated demo "
            "data (run `make data`)."
        )
    with duckdb.connect(str(db_path), read_only=True) as connection:
        connection.execute(PREDICTIONS_SQL)
        row = connection.execute(EVALUATION_SQL, [str(truth_file)]).fetchone()
        columns = [d[0] for d in connection.description]
    values = dict(zip(columns, row, strict=True))
    return IdentityScores(
        truth_records=int(values["truth_records"]),
        evaluated_records=int(values["evaluated_records"]),
        quarantined_records=int(values["quarantined_records"]),
        anonymous_records=int(values["anonymous_records"]),
        predicted_customers=int(values["predicted_customers"]),
        true_persons=int(values["true_persons"]),
        customers_with_several_persons=int(values["customers_with_several_persons"]),
        precision=_ratio(values["correct_pairs"], values["predicted_pairs"]),
        recall=_ratio(values["correct_pairs"], values["true_pairs"]),
        recall_linkable=_ratio(
            values["correct_pairs_linkable"], values["true_pairs_linkable"]
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("target/huaxiang.duckdb"))
    parser.add_argument("--truth", type=Path, default=Path("data/truth/retail"))
    parser.add_argument("--min-precision", type=float, default=0.995)
    parser.add_argument("--min-recall", type=float, default=0.98)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    scores = evaluate_identity(args.db, args.truth)
    if args.json:
        print(json.dumps(asdict(scores), indent=2))
    else:
        print("Identity resolution against ground truth (pairwise, source records)")
        for key, value in asdict(scores).items():
            shown = f"{value:.4f}" if isinstance(value, float) else f"{value:,}"
            print(f"  {key:<32} {shown}")
    failures = []
    if scores.precision < args.min_precision:
        failures.append(f"precision {scores.precision:.4f} < {args.min_precision}")
    if scores.recall_linkable < args.min_recall:
        failures.append(
            f"recall (linkable) {scores.recall_linkable:.4f} < {args.min_recall}"
        )
    if failures:
        print("FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    print(
        f"OK: precision >= {args.min_precision}, recall (linkable) >= {args.min_recall}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
