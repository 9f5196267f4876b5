#!/usr/bin/env bash
# The benchmark: generates the data, checks that zhibiao and the peers (pandas; DuckDB on csv) agree
# on every unit's totals (exit 1 if not), times the floors (csv, calamine), zhibiao and the peers on
# the same files, and writes the figures into BENCH.md; then scores a csv of over a million rows
# (bench/long_csv.py), checked against sums of its own.
#
#   bash bench/run.sh           full size (2,844 units; 1,000 workbooks), release build → BENCH.md
#   bash bench/run.sh --small   a tiny version for CI, debug build (cargo test built it) →
#                               target/bench-small/BENCH.md; BENCH.md is left alone
# Both then time the office's page (web/) on the same data against the command line.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--small" ]]; then
  mode=small profile=debug work=target/bench-small sizes=(--units 30 --counties 2)
  cargo build -q --bin zhibiao --example generate --example calamine_floor --example csv_floor
else
  mode=full profile=release work=target/bench sizes=()
  cargo build -q --release --bin zhibiao --example generate --example calamine_floor --example csv_floor
fi
bin=target/$profile

# Data (never committed): regenerated each run, the same every time.
rm -rf "$work/data"
"$bin/examples/generate" "$work/data" "${sizes[@]}"

# The peers' Python: pandas, openpyxl and DuckDB from PyPI, in a venv of their own.
venv=target/peer-venv
if ! "$venv/bin/python" -c "import pandas, openpyxl, duckdb" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pandas openpyxl duckdb
fi

"$venv/bin/python" bench/bench.py --mode "$mode" --bin "$bin" --data "$work/data" --work "$work"

# A long csv past the million rows a spreadsheet may have, scored and checked against sums of our
# own (exit 1 if any differs); full size adds ten million rows. Rows, time and peak RSS are printed.
for rows in 1120000 $([[ $mode == full ]] && echo 10000000); do
  python3 bench/long_csv.py --bin "$bin/zhibiao" --rows "$rows" --work "$work/long"
done

# The office's page on the same data, in headless Chromium through the end-to-end test's driver
# (needs /usr/bin/chromium and node; see 网页版 in README.md); its own section of the same BENCH.md.
bash web/build.sh
[[ -d web/node_modules/playwright-core ]] || (cd web && npm ci --silent)
node web/test/bench.mjs --mode "$mode" --bin "$bin" --data "$work/data" --target "$([[ $mode == full ]] && echo BENCH.md || echo "$work/BENCH.md")"
