#!/usr/bin/env bash
# End-to-end benchmark: Gazette against the parse+write floor and Hugo, on generated corpora.
#
#   bench/run.sh [--sizes "1000 10000"] [--runs 3] [--search]
#
# For each size it generates a deterministic corpus (examples/gen-corpus.rs, seed 42) once under
# $BENCH_DIR (default /tmp/gazette-bench), builds with output on tmpfs (/dev/shm when present) and
# reports the median wall time, CPU time (user+sys) and peak memory (max RSS) of --runs runs:
#   gazette      full build into an empty output folder (search off unless --search)
#   no-op        `gazette build` again with nothing changed
#   floor        examples/floor.rs: read + pulldown-cmark + write every file, in parallel
#   hugo         the same content with bench/hugo's minimal templates (when `hugo` is installed)
# and the ratios gazette/hugo and gazette/floor from the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="1000 10000"
RUNS=3
SEARCH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --search) SEARCH=true; shift ;;
    *) echo "usage: bench/run.sh [--sizes \"1000 10000\"] [--runs N] [--search]" >&2; exit 2 ;;
  esac
done
BENCH_DIR=${BENCH_DIR:-/tmp/gazette-bench}
if [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT_BASE=/dev/shm/gazette-bench-out; else OUT_BASE=$BENCH_DIR/out; fi
mkdir -p "$BENCH_DIR" "$OUT_BASE"
REPO=$(pwd)

echo "== building (release)" >&2
cargo build --release --quiet --bin gazette --example gen-corpus --example floor
GAZETTE=$REPO/target/release/gazette

# measure LABEL CMD... → appends "label wall cpu maxrss_kb" for each run to $RESULTS
measure() {
  local label=$1; shift
  local t
  t=$( { /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1 )
  echo "$label $t" >> "$RESULTS"
}

RESULTS=$(mktemp)
for n in $SIZES; do
  corpus=$BENCH_DIR/corpus-$n
  if [ ! -f "$corpus/site.yaml" ]; then
    echo "== generating $n reports into $corpus" >&2
    rm -rf "$corpus"
    "$REPO/target/release/examples/gen-corpus" --reports "$n" --out "$corpus" --theme-dir "$REPO/themes" >&2
  fi
  sed -i "s/^search: .*/search: $SEARCH/" "$corpus/site.yaml"
  out=$OUT_BASE/site-$n
  for r in $(seq "$RUNS"); do
    echo "== $n reports, run $r" >&2
    rm -rf "$out" "$corpus/.gazette-cache"
    measure "gazette/$n" "$GAZETTE" build --quiet --root "$corpus" --output "$out"
    measure "noop/$n" "$GAZETTE" build --quiet --root "$corpus" --output "$out"
    rm -rf "$OUT_BASE/floor-$n"
    measure "floor/$n" "$REPO/target/release/examples/floor" "$corpus" "$OUT_BASE/floor-$n"
    if command -v hugo >/dev/null; then
      hsite=$BENCH_DIR/hugo-$n
      mkdir -p "$hsite"
      cp -r "$REPO/bench/hugo/." "$hsite/"
      ln -sfn "$corpus/content" "$hsite/content"
      rm -rf "$OUT_BASE/hugo-$n" "$hsite/resources"
      measure "hugo/$n" hugo --quiet --source "$hsite" --destination "$OUT_BASE/hugo-$n"
    fi
  done
done

python3 - "$RESULTS" "$SIZES" <<'PY'
import sys, statistics, collections, platform, os
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    rows[label].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
def med(label, i):
    v = [r[i] for r in rows.get(label, [])]
    return statistics.median(v) if v else None
cpu = os.cpu_count()
print(f"machine: {platform.machine()}, {cpu} cores; median of {len(next(iter(rows.values())))} runs; output on tmpfs\n")
print("| reports | tool | wall (s) | CPU (s) | peak memory (MiB) |")
print("|---:|---|---:|---:|---:|")
for n in sys.argv[2].split():
    for tool in ("gazette", "noop", "floor", "hugo"):
        label = f"{tool}/{n}"
        if label in rows:
            name = {"noop": "gazette (no-op rebuild)"}.get(tool, tool)
            print(f"| {n} | {name} | {med(label,0):.2f} | {med(label,1):.2f} | {med(label,2):.0f} |")
print()
for n in sys.argv[2].split():
    g, f, h = med(f"gazette/{n}", 0), med(f"floor/{n}", 0), med(f"hugo/{n}", 0)
    line = f"{n} reports: gazette/floor = {g/f:.2f}" if g and f else f"{n} reports:"
    if g and h:
        line += f", gazette/hugo = {g/h:.2f}"
    print(line)
PY
rm -f "$RESULTS"
