"""Deadlines: gongwen vs JioNLP on the gold documents (run by scripts/compare_jionlp.sh).

Both tools see the same documents (data/gold/deadlines.scope.jsonl) and the same anchor:
the gold issue date, else January 1 of the 文号 year, else JioNLP's default (now).
JioNLP reads each document's lines joined with whitespace removed (as gongwen does);
each time entity it returns becomes a record on the lines its characters came from,
with end_date = the last day of its resolved time. Both record sets are scored by
`gongwen eval` (key end_date + line overlap). Throughput: JioNLP over the gold
documents' bytes; gongwen end to end (all datasets) over the whole corpus, one thread.
"""

import json
import re
import subprocess
import time
from pathlib import Path

import jionlp

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "data" / "gold"
CORPUS = ROOT / "data" / "corpus"
OUT = ROOT / "out" / "jionlp"
GONGWEN = ROOT / "target" / "release" / "gongwen"
WS = re.compile(r"\s")


def jsonl(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def anchors():
    """(source, line_start) of each gold document → 'YYYY-MM-DD HH:MM:SS' time base."""
    out = {}
    for d in jsonl(GOLD / "documents.jsonl"):
        base = None
        if d.get("issue_date"):
            base = d["issue_date"] + " 00:00:00"
        elif d.get("doc_number"):
            m = re.search(r"〔(\d{4})〕", d["doc_number"])
            if m:
                base = f"{m.group(1)}-01-01 00:00:00"
        out[(d["source"], d["line_start"])] = base
    return out


def kind_of(t):
    if t["type"] == "time_delta":
        return "relative"
    if t["type"] == "time_period":
        return "recurring"
    if t["type"] == "time_span" and "前" not in t["text"]:
        return "range"
    return "by"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    bases = anchors()
    records, nbytes, seconds, texts, failures = [], 0, 0.0, [], 0
    jionlp.ner.extract_time("2023年1月1日前", time_base="2023-01-01 00:00:00")  # warm-up
    for doc in jsonl(GOLD / "deadlines.scope.jsonl"):
        lines = (CORPUS / doc["source"]).read_text(encoding="utf-8").split("\n")
        text, line_of = [], []
        for n in range(doc["line_start"], doc["line_end"] + 1):
            raw = lines[n - 1]
            nbytes += len(raw.encode("utf-8")) + 1
            for c in WS.sub("", raw):
                text.append(c)
                line_of.append(n)
        text = "".join(text)
        base = bases.get((doc["source"], doc["line_start"]))
        texts.append({"text": text, "date": base[:10] if base else None,
                      "year": int(base[:4]) if base else None})
        # One call per sentence, so that an input JioNLP raises on (its issue #278)
        # loses only that sentence.
        found = []
        t0 = time.perf_counter()
        for m in re.finditer(r"[^。；]+[。；]?", text):
            try:
                kw = {"time_base": base} if base else {}
                for t in jionlp.ner.extract_time(m.group(), **kw):
                    t["offset"] = [t["offset"][0] + m.start(), t["offset"][1] + m.start()]
                    found.append(t)
            except Exception:
                failures += 1
        seconds += time.perf_counter() - t0
        for t in found:
            a, b = t["offset"]
            span = t.get("detail", {}).get("time")
            end = None
            if isinstance(span, list) and len(span) == 2 and isinstance(span[1], str):
                end = span[1][:10]
                if end.startswith("inf"):
                    end = None
            records.append(
                {
                    "source": doc["source"],
                    "line_start": line_of[a],
                    "line_end": line_of[max(a, b - 1)],
                    "text": t["text"],
                    "kind": kind_of(t),
                    "end_date": end,
                }
            )
    with open(OUT / "deadlines.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # gongwen's deadline grammar alone, on the same texts and anchors.
    run = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--example", "deadline_throughput"],
        input="\n".join(json.dumps(t, ensure_ascii=False) for t in texts),
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    g_bytes, g_secs, _ = run.stdout.split()
    grammar_mbs = int(g_bytes) / 1e6 / float(g_secs)

    # gongwen: the whole corpus, one thread, end to end.
    gw_out = ROOT / "out" / "jionlp" / "gongwen"
    corpus_bytes = sum(p.stat().st_size for p in CORPUS.glob("*.txt"))
    t0 = time.perf_counter()
    subprocess.run(
        [GONGWEN, "run", CORPUS, "-o", gw_out, "--threads", "1", "--quiet"], check=True
    )
    gw_seconds = time.perf_counter() - t0

    def score(run_dir):
        subprocess.run(
            [GONGWEN, "eval", "--gold", GOLD, run_dir, "--json", run_dir / "eval.json"],
            check=True,
            capture_output=True,
        )
        for d in json.loads((run_dir / "eval.json").read_text()):
            if d["dataset"] == "deadlines":
                return d
        raise SystemExit("no deadlines score")

    j, g = score(OUT), score(gw_out)
    j_mbs = nbytes / 1e6 / seconds
    g_mbs = corpus_bytes / 1e6 / gw_seconds
    rows = [
        ("tool", "P", "R", "F1", "kind acc.", "MB/s", "what was timed"),
        (
            "gongwen (deadline grammar)",
            "", "", "", "",
            f"{grammar_mbs:.2f}",
            "the same gold-document texts and anchors as JioNLP",
        ),
        (
            "gongwen",
            *(f"{g['overall'][k]:.3f}" for k in ("precision", "recall", "f1")),
            f"{g['fields']['kind']['accuracy']:.3f}",
            f"{g_mbs:.2f}",
            f"whole corpus, all datasets ({corpus_bytes / 1e6:.2f} MB, {gw_seconds:.2f} s)",
        ),
        (
            f"JioNLP {jionlp.__version__}",
            *(f"{j['overall'][k]:.3f}" for k in ("precision", "recall", "f1")),
            f"{j['fields']['kind']['accuracy']:.3f}",
            f"{j_mbs:.4f}",
            f"gold documents, one call per sentence ({nbytes / 1e6:.2f} MB, {seconds:.2f} s, {failures} sentences raised)",
        ),
    ]
    table = "\n".join("| " + " | ".join(r) + " |" for r in rows[:1])
    table += "\n|" + "---|" * len(rows[0]) + "\n"
    table += "\n".join("| " + " | ".join(r) + " |" for r in rows[1:])
    table += (
        f"\n\nOn the same texts gongwen's deadline grammar is {grammar_mbs / j_mbs:.0f}× faster "
        f"than JioNLP; the whole gongwen pipeline (every dataset, Parquet, process start) "
        f"is {g_mbs / j_mbs:.0f}× faster.\n"
    )
    (OUT / "compare.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
