"""Generate a synthetic scaling corpus from data/corpus (no network).

Usage: python3 scripts/make_scaling_corpus.py SIZE_MB OUT_DIR [--seed N]

Each output file is one bundled file with perturbations, so that no two files are
byte-identical and the extractors see realistic variation:
  - document numbers renumbered (`〔2023〕12号` → another serial, sometimes another year);
  - roster member lines shuffled within each run of consecutive member lines;
  - page furniture injected: a `- N -` page number and a running header before a
    random subset of blank lines;
  - lines re-wrapped: in files with hard-wrapped paragraphs, a few long lines are split
    in two (the clean stage must re-flow them).
Files are written until SIZE_MB megabytes are reached. Deterministic for a given seed.
"""

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCNUM = re.compile(r"〔(\d{4})〕(\d{1,4})号")
MEMBER = re.compile(r"^\S{1,4}[ \u3000]?\S{0,3}[ \u3000]+\S*(局|委|办|府|长|任|记)")


def perturb(text: str, rng: random.Random) -> str:
    text = DOCNUM.sub(
        lambda m: f"〔{int(m.group(1)) + rng.choice([0, 0, 1, -1])}〕{rng.randint(1, 300)}号", text
    )
    lines = text.split("\n")
    out, run = [], []

    def flush():
        rng.shuffle(run)
        out.extend(run)
        run.clear()

    page = rng.randint(1, 20)
    for line in lines:
        if MEMBER.match(line) and len(line) < 40:
            run.append(line)
            continue
        flush()
        if not line.strip() and rng.random() < 0.01:
            page += 1
            out.extend(["", f"- {page} -", "", "政府公报"])
        if len(line) > 30 and rng.random() < 0.02:
            k = rng.randint(10, len(line) - 10)
            out.extend([line[:k], line[k:]])
            continue
        out.append(line)
    flush()
    return "\n".join(out)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    size = float(sys.argv[1]) * 1e6
    out = Path(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    rng = random.Random(seed)
    sources = sorted((ROOT / "data" / "corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    out.mkdir(parents=True, exist_ok=True)
    written, n = 0, 0
    while written < size:
        k = n % len(texts)
        data = perturb(texts[k], rng).encode("utf-8")
        (out / f"{n:06d}-{sources[k].stem}.txt").write_bytes(data)
        written += len(data)
        n += 1
    print(f"{n} files, {written / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
