"""Answer the three questions of examples/questions.sql with DuckDB and pandas over a
gongwen run in out/, and draw median months to deadline per county to
out/examples/median_months.png.

    cargo run --release -- run data/corpus -o out
    pip install duckdb pandas pyarrow matplotlib
    python3 examples/questions.py
"""

from pathlib import Path

import duckdb
import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"

# The SQL file: one query per statement, in order.
sql = (ROOT / "examples" / "questions.sql").read_text(encoding="utf-8")
queries = [q.strip() for q in sql.split(";") if "SELECT" in q]
con = duckdb.connect()
con.execute(f"SET file_search_path = '{ROOT}'")
answers = [con.sql(q).df() for q in queries]
titles = [
    "1. Lead tasks given to the development-and-reform bureau",
    "2. Median months from issue to deadline",
    "3. Who chairs the most leading groups",
]
for title, df in zip(titles, answers):
    print(f"\n{title}\n{df.to_string(index=False)}")

# The same second answer with pandas alone, from the Parquet files.
dl = pd.read_parquet(OUT / "deadlines.parquet")
docs = pd.read_parquet(OUT / "documents.parquet")
docs = docs[docs.duplicate_of.isna()][["doc_id", "jurisdiction"]]
dl = dl[(dl.anchor_source == "issue_date") & dl.end_date.notna() & dl.kind.isin(["by", "range"])]
dl = dl.merge(docs, on="doc_id")
months = (pd.to_datetime(dl.end_date) - pd.to_datetime(dl.anchor_date)).dt.days / 30.4375
per_county = months.groupby(dl.jurisdiction).median().round(1).sort_values()
assert per_county.to_dict() == answers[1].set_index("jurisdiction").median_months.to_dict(), (
    per_county,
    answers[1],
)

(OUT / "examples").mkdir(parents=True, exist_ok=True)
# County names need a CJK font; without one (a bare CI machine), label the bars with
# their rank and print which county is which.
from matplotlib import font_manager

cjk = [
    f.name
    for f in font_manager.fontManager.ttflist
    if any(k in f.name for k in ("CJK", "WenQuanYi", "Hei", "Song", "Ming"))
]
labels = list(per_county.index)
if cjk:
    plt.rcParams["font.sans-serif"] = [cjk[0], "DejaVu Sans"]
else:
    labels = [f"county {k + 1}" for k in range(len(labels))]
    for k, name in enumerate(per_county.index):
        print(f"county {k + 1} = {name}")
fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(labels, per_county.values, color="#4a7ab5")
ax.set_xlabel("median months from issue to deadline")
fig.tight_layout()
png = OUT / "examples" / "median_months.png"
fig.savefig(png, dpi=120)
print(f"\nplot: {png}")
