#!/usr/bin/env bash
# Deadlines: gongwen against JioNLP (jionlp.ner.extract_time) on the same gold documents,
# in one run: accuracy through `gongwen eval`, throughput on one thread.
# Installs JioNLP from PyPI into target/jionlp-venv (the only network access).
# Usage: scripts/compare_jionlp.sh   (writes out/jionlp/ and prints a table)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
venv=target/jionlp-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check jionlp
fi
"$venv/bin/python" scripts/compare_jionlp.py
