"""Load every Parquet file of a gongwen run with pyarrow and DuckDB and check the
contract columns (names from the README) are there with data."""
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

PROV = ["source", "line_start", "line_end", "byte_start", "byte_end"]
CONTRACT = {
    "documents": ["doc_id", "jurisdiction", "issuer", "doc_number", "doc_number_raw", "doc_year",
                  "doc_serial", "title", "enclosed_title", "doc_type", "issue_date", "duplicate_of"] + PROV,
    "provisions": ["doc_id", "provision_id", "parent_id", "level", "label", "heading", "text"] + PROV,
    "rosters": ["doc_id", "group_name", "role", "role_rank", "member_order", "person_name", "position",
                "unit", "title", "holder", "is_prose", "office_unit", "office_head"] + PROV,
    "assignments": ["doc_id", "provision_id", "task_id", "task", "unit_raw", "unit", "unit_category",
                    "role", "unit_order", "implied", "pattern"] + PROV,
    "deadlines": ["doc_id", "provision_id", "task_id", "text", "kind", "start_date", "end_date",
                  "precision", "anchor_date", "anchor_source"] + PROV,
    "tables": ["doc_id", "table_id", "caption", "row", "col", "row_span", "col_span", "is_header",
               "text", "value"] + PROV,
    "indicators": ["doc_id", "table_id", "category", "indicator", "unit_of_measure", "baseline_year",
                   "baseline_text", "baseline_value", "target_year", "target_text", "target_value",
                   "comparator", "nature", "responsible"] + PROV,
    "diagnostics": ["source", "doc_id", "stage", "severity", "message", "line_start", "line_end",
                    "byte_start", "byte_end"],
}

run = Path(sys.argv[1])
con = duckdb.connect()
for name, cols in CONTRACT.items():
    path = run / f"{name}.parquet"
    table = pq.read_table(path)
    missing = [c for c in cols if c not in table.column_names]
    assert not missing, f"{path}: missing columns {missing}"
    n = con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
    assert n == table.num_rows, (path, n, table.num_rows)
    if name != "diagnostics":
        assert n > 0, f"{path} is empty"
    meta = table.schema.metadata or {}
    assert meta.get(b"gongwen.schema_version"), f"{path}: no schema version in metadata"
    print(f"ok {name}: {n} rows, {len(table.column_names)} columns")

docs = con.execute(f"select count(*), count(distinct doc_id), min(issue_date) from read_parquet('{run}/documents.parquet')").fetchone()
assert docs[0] == docs[1] == 89, docs
print("ok documents: 89 distinct doc_ids, earliest issue date", docs[2])

# Analysts' question: who heads which group? Every group has exactly one first-ranked role.
heads = con.execute(f"""select count(distinct group_id), count(distinct group_id) filter (where role_rank = 1)
                       from read_parquet('{run}/rosters.parquet')""").fetchone()
assert heads[0] == heads[1] > 0, heads
print(f"ok rosters: {heads[0]} groups, each with a head role")

roles = dict(con.execute(f"select role, count(*) from read_parquet('{run}/assignments.parquet') group by role").fetchall())
assert set(roles) <= {"lead", "responsible", "cooperate"} and roles.get("lead", 0) > 0, roles
print("ok assignments: roles", roles)

kinds = dict(con.execute(f"select kind, count(*) from read_parquet('{run}/deadlines.parquet') group by kind").fetchall())
assert set(kinds) <= {"by", "range", "recurring", "relative", "ongoing", "effective"} and kinds.get("by", 0) > 0, kinds
types = {f.name: str(f.type) for f in pq.read_schema(run / "deadlines.parquet")}
assert types["end_date"] == "date32[day]" and types["start_date"] == "date32[day]", types
# An end date never precedes its start; a task id always names an assignments task.
bad = con.execute(f"select count(*) from read_parquet('{run}/deadlines.parquet') where end_date < start_date").fetchone()[0]
assert bad == 0, f"{bad} deadlines end before they start"
orphans = con.execute(f"""select count(*) from read_parquet('{run}/deadlines.parquet') d
    where task_id is not null and task_id not in (select task_id from read_parquet('{run}/assignments.parquet'))""").fetchone()[0]
assert orphans == 0, f"{orphans} deadlines name a task that assignments lacks"
print("ok deadlines: kinds", kinds)

# Every table has a header row 0 and no two cells at one grid position.
dup = con.execute(f"""select count(*) from (select table_id, row, col, count(*) n
    from read_parquet('{run}/tables.parquet') group by all having n > 1)""").fetchone()[0]
assert dup == 0, f"{dup} grid positions hold two cells"
headless = con.execute(f"""select count(*) from (select table_id, bool_or(is_header and row = 0) h
    from read_parquet('{run}/tables.parquet') group by table_id) where not h""").fetchone()[0]
assert headless == 0, f"{headless} tables without a header row 0"
natures = {r[0] for r in con.execute(f"select distinct nature from read_parquet('{run}/indicators.parquet')").fetchall()}
assert natures <= {None, "约束性", "预期性"}, natures
n_tables, n_ind = con.execute(f"""select (select count(distinct table_id) from read_parquet('{run}/tables.parquet')),
    (select count(*) from read_parquet('{run}/indicators.parquet'))""").fetchone()
print("ok tables:", n_tables, "tables;", n_ind, "indicators")
