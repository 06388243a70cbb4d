"""Audience export: one file per audience and channel (CSV and Parquet) with only
the fields the channel needs (seeds marketing_channels.export_fields), and a manifest
with counts. Reads the warehouse read-only; the contact columns come from the
restricted schema and are written only for treated members whose assigned channel is
reachable (opted in, address present). Every candidate not exported is counted in the
manifest by reason, never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

# Export field -> SQL over the aliases m (member), c (contacts), w (wechat addresses).
FIELD_SQL = {
    "customer_id": "m.customer_id",
    "mobile": "c.mobile",
    "email": "c.email",
    "customer_name": "c.customer_name",
    "wechat_openid": "w.wechat_openid",
}
# Field that must be present for a row to be sendable on the channel.
ADDRESS_FIELD = {"sms": "mobile", "email": "email", "wechat": "wechat_openid"}


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    sql = (
        "select count(*) from information_schema.tables "
        "where table_schema = ? and table_name = ?"
    )
    row = con.execute(sql, [schema, name]).fetchone()
    return bool(row and row[0])


def export_audiences(db: Path, out: Path) -> dict:
    """Write the files and manifest.json under `out`; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db), read_only=True) as con:
        if not _has_table(con, "marts", "fct_audience_members"):
            manifest = {"audiences": [], "files": [], "note": "no audiences built "
                        "for this industry (var campaign_industries)"}  # fmt: skip
            (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
            print(f"export-audiences: {manifest['note']}; wrote {out}/manifest.json")
            return manifest
        channels = con.execute(
            "select channel_code, export_fields from "
            + _seed(con, "marketing_channels")
            + " order by default_rank"
        ).fetchall()
        audiences = con.execute(
            "select audience_code, campaign_id, label_zh, label_en "
            "from marts.fct_audience_members join "
            + _seed(con, "audiences")
            + " using (audience_code, campaign_id) group by all order by 1"
        ).fetchall()
        counts = con.execute(
            "select audience_code, arm, coalesce(exclusion_reason, ''), count(*) "
            "from marts.fct_audience_members group by all"
        ).fetchall()
        manifest: dict = {"audiences": [], "files": []}
        for code, campaign_id, label_zh, label_en in audiences:
            mine = [r for r in counts if r[0] == code]
            entry = {
                "audience_code": code,
                "campaign_id": campaign_id,
                "label_zh": label_zh,
                "label_en": label_en,
                "candidates": sum(r[3] for r in mine),
                "treatment": sum(r[3] for r in mine if r[1] == "treatment"),
                "holdout": sum(r[3] for r in mine if r[1] == "holdout"),
                "excluded": {r[2]: r[3] for r in mine if r[1] == "excluded"},
                "not_exported_missing_contact": 0,
            }
            for channel, fields_text in channels:
                fields = fields_text.split("|")
                select = ", ".join(f"{FIELD_SQL[f]} as {f}" for f in fields)
                sql = f"""
                    select {select}
                    from marts.fct_audience_members as m
                    inner join marts.dim_customer_channel_reach as r
                        on m.customer_id = r.customer_id
                            and r.channel = m.assigned_channel
                            and r.is_reachable
                    left join restricted.dim_customer_contacts as c
                        on m.customer_id = c.customer_id
                    left join restricted.dim_customer_marketing_addresses as w
                        on m.customer_id = w.customer_id
                    where m.audience_code = ? and m.arm = 'treatment'
                        and m.assigned_channel = ?
                    order by m.customer_id
                """
                table = con.sql(sql, params=[code, channel]).to_arrow_table()
                if isinstance(table, pa.RecordBatchReader):
                    table = table.read_all()
                address = ADDRESS_FIELD.get(channel)
                if address in table.column_names:
                    ok = table.column(address).is_valid()
                    missing = table.num_rows - sum(ok.to_pylist())
                    entry["not_exported_missing_contact"] += missing
                    table = table.filter(ok)
                if table.num_rows == 0:
                    continue
                stem = f"{code}__{channel}"
                pa_csv.write_csv(table, out / f"{stem}.csv")
                pq.write_table(table, out / f"{stem}.parquet")
                manifest["files"].append(
                    {
                        "audience_code": code,
                        "channel": channel,
                        "rows": table.num_rows,
                        "fields": table.column_names,
                        "csv": f"{stem}.csv",
                        "parquet": f"{stem}.parquet",
                    }
                )
            entry["exported"] = sum(
                f["rows"] for f in manifest["files"] if f["audience_code"] == code
            )
            manifest["audiences"].append(entry)
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    for entry in manifest["audiences"]:
        excluded = ", ".join(f"{k} {v}" for k, v in sorted(entry["excluded"].items()))
        print(
            f"export-audiences: {entry['audience_code']}: {entry['candidates']} "
            f"candidates, {entry['exported']} exported, {entry['holdout']} holdout, "
            f"excluded: {excluded or 'none'}"
        )
    print(f"export-audiences: {len(manifest['files'])} files x 2 formats in {out}")
    return manifest


def _seed(con: duckdb.DuckDBPyConnection, name: str) -> str:
    for schema in ("reference", "main_reference", "main"):
        if _has_table(con, schema, name):
            return f"{schema}.{name}"
    raise RuntimeError(f"seed {name} not found: run `make build` first")
