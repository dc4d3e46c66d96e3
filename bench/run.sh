#!/usr/bin/env bash
# End-to-end benchmark: Gazette against the parse+write floor and Hugo, on generated corpora.
#
#   bench/run.sh [--sizes "1000 10000 100000"] [--runs 3] [--search] [--hugo-max N]
#   bench/run.sh --once --sizes 1000000
#
# For each size it generates a deterministic corpus (examples/gen-corpus.rs, seed 42) once under
# $BENCH_DIR (default /tmp/gazette-bench), builds with output on tmpfs (/dev/shm when present) and
# reports the median wall time, CPU time (user+sys) and peak memory (max RSS) of --runs runs:
#   gazette      full build into an empty output folder (search off unless --search)
#   no-op        `gazette build` again with nothing changed
#   floor        examples/floor.rs: read + pulldown-cmark + write every file, in parallel
#   hugo         the same content with bench/hugo's minimal templates (when `hugo` is installed,
#                for sizes up to --hugo-max, default 10000: Hugo needs about 3 GB at 10,000
#                reports and would not fit in memory far beyond)
# and the ratios gazette/hugo and gazette/floor from the same run, the stage times of the last
# Gazette build of each size (GAZETTE_TIMINGS), and the disk used by each corpus and its output.
#
# --once is for sizes too large to repeat (1,000,000 reports): one Gazette build per size, no
# floor, no Hugo, the output on the same disk as the corpus (tmpfs is memory, and the output of
# 1,000,000 reports does not fit in it), and a refusal to start when `df` shows less free space
# than the corpus and output need (estimated per report from the largest smaller corpus measured
# in $BENCH_DIR, else from the figures measured at 100,000 reports) plus a reserve (--reserve-gb,
# default 30). Delete the corpus afterwards: `rm -rf $BENCH_DIR/corpus-1000000`.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="1000 10000"
RUNS=3
SEARCH=false
ONCE=false
HUGO_MAX=10000
RESERVE_GB=30
usage='usage: bench/run.sh [--sizes "1000 10000"] [--runs N] [--search] [--hugo-max N] [--once] [--reserve-gb N]'
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --search) SEARCH=true; shift ;;
    --hugo-max) HUGO_MAX=$2; shift 2 ;;
    --once) ONCE=true; RUNS=1; shift ;;
    --reserve-gb) RESERVE_GB=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
BENCH_DIR=${BENCH_DIR:-/tmp/gazette-bench}
if ! $ONCE && [ -d /dev/shm ] && [ -w /dev/shm ]; then OUT_BASE=/dev/shm/gazette-bench-out; else OUT_BASE=$BENCH_DIR/out; fi
mkdir -p "$BENCH_DIR" "$OUT_BASE"
REPO=$(pwd)

# Disk per report (KiB) of a corpus and of its output, measured on 2026-12-06 (gen-corpus seed
# 42, default theme, search off): 1,318 MB of corpus at 100,000 reports; output 2.6 GB at 100,000
# on tmpfs, 33 KiB a report on ext4 at 1,000, 37 KiB at 1,000,000 (36,263 MiB, with the QR codes
# of issue 18). The estimate takes the larger of these and what was
# measured here. Peak memory per report (KiB) at 100,000 reports, for the warning below: 855 MiB
# (4.6 GB before pages stopped keeping their text and HTML).
CORPUS_KIB_PER_REPORT=${CORPUS_KIB_PER_REPORT:-14}
OUTPUT_KIB_PER_REPORT=${OUTPUT_KIB_PER_REPORT:-38}
PEAK_KIB_PER_REPORT=${PEAK_KIB_PER_REPORT:-9}

kib() { du -sk "$1" 2>/dev/null | cut -f1; }

# --once: refuse to start without room for the corpus, its output and the reserve.
if $ONCE; then
  for n in $SIZES; do
    corpus=$BENCH_DIR/corpus-$n
    # per-report figures from the largest corpus already measured (its .disk file), if any
    best=$(ls "$BENCH_DIR"/corpus-*.disk 2>/dev/null | sed 's/.*corpus-\([0-9]*\)\.disk/\1/' | sort -n | tail -1 || true)
    if [ -n "$best" ]; then
      read -r ck ok < "$BENCH_DIR/corpus-$best.disk"
      CORPUS_KIB_PER_REPORT=$(( ck / best + 1 > CORPUS_KIB_PER_REPORT ? ck / best + 1 : CORPUS_KIB_PER_REPORT ))
      OUTPUT_KIB_PER_REPORT=$(( ok / best + 1 > OUTPUT_KIB_PER_REPORT ? ok / best + 1 : OUTPUT_KIB_PER_REPORT ))
      from="measured at $best reports"
    else
      from="measured at 100000 reports on the build machine"
    fi
    need=$(( OUTPUT_KIB_PER_REPORT * n ))
    [ -f "$corpus/site.yaml" ] || need=$(( need + CORPUS_KIB_PER_REPORT * n ))
    need_total=$(( need + RESERVE_GB * 1024 * 1024 ))
    avail=$(df -Pk "$BENCH_DIR" | awk 'NR==2 {print $4}')
    echo "== $n reports: needs about $(( need / 1024 / 1024 )) GiB of disk (corpus ${CORPUS_KIB_PER_REPORT} KiB and output ${OUTPUT_KIB_PER_REPORT} KiB per report, $from) plus a reserve of $RESERVE_GB GiB; $(( avail / 1024 / 1024 )) GiB free in $BENCH_DIR" >&2
    mem=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
    if [ $(( PEAK_KIB_PER_REPORT * n )) -gt "$mem" ]; then
      echo "warning: at ${PEAK_KIB_PER_REPORT} KiB per report (the peak measured at 100000 reports), $n reports would need $(( PEAK_KIB_PER_REPORT * n / 1024 / 1024 )) GiB of memory, more than this machine's $(( mem / 1024 / 1024 )) GiB: the build may be killed" >&2
    fi
    if [ "$avail" -lt "$need_total" ]; then
      echo "error: not enough free disk for $n reports; free some, or set BENCH_DIR to a larger disk (--reserve-gb lowers the reserve)" >&2
      exit 1
    fi
  done
fi

echo "== building (release)" >&2
cargo build --release --quiet --bin gazette --example gen-corpus --example floor
GAZETTE=$REPO/target/release/gazette

# measure LABEL CMD... → appends "label wall cpu maxrss_kb" to $RESULTS; the command's stderr
# (the stage times) goes to $STAGES/LABEL
measure() {
  local label=$1; shift
  local tf; tf=$(mktemp)
  /usr/bin/time -o "$tf" -f "%e %U %S %M" "$@" >/dev/null 2>"$STAGES/${label//\//-}" || {
    echo "error: $label failed:" >&2; tail -20 "$STAGES/${label//\//-}" >&2; rm -f "$tf"; exit 1; }
  echo "$label $(tail -1 "$tf")" >> "$RESULTS"
  rm -f "$tf"
}

RESULTS=$(mktemp)
STAGES=$(mktemp -d)
DISK=$(mktemp)
trap 'rm -rf "$RESULTS" "$STAGES" "$DISK"' EXIT
for n in $SIZES; do
  corpus=$BENCH_DIR/corpus-$n
  if [ ! -f "$corpus/site.yaml" ]; then
    echo "== generating $n reports into $corpus" >&2
    rm -rf "$corpus"
    "$REPO/target/release/examples/gen-corpus" --reports "$n" --out "$corpus" >&2
    # the generator links ./themes; a build refuses a link leading outside the site (E052), and
    # the theme built into the binary is this repository's themes/default
    rm -f "$corpus/themes"
  fi
  sed -i "s/^search: .*/search: $SEARCH/" "$corpus/site.yaml"
  out=$OUT_BASE/site-$n
  for r in $(seq "$RUNS"); do
    echo "== $n reports, run $r" >&2
    rm -rf "$out" "$corpus/.gazette-cache"
    measure "gazette/$n" env GAZETTE_TIMINGS=1 "$GAZETTE" build --quiet --root "$corpus" --output "$out"
    $ONCE && break
    measure "noop/$n" "$GAZETTE" build --quiet --root "$corpus" --output "$out"
    rm -rf "$OUT_BASE/floor-$n"
    measure "floor/$n" "$REPO/target/release/examples/floor" "$corpus" "$OUT_BASE/floor-$n"
    if command -v hugo >/dev/null && [ "$n" -le "$HUGO_MAX" ]; then
      hsite=$BENCH_DIR/hugo-$n
      mkdir -p "$hsite"
      cp -r "$REPO/bench/hugo/." "$hsite/"
      ln -sfn "$corpus/content" "$hsite/content"
      rm -rf "$OUT_BASE/hugo-$n" "$hsite/resources"
      measure "hugo/$n" hugo --quiet --source "$hsite" --destination "$OUT_BASE/hugo-$n"
    fi
  done
  ck=$(kib "$corpus/content"); ok=$(kib "$out")
  echo "$ck $ok" > "$BENCH_DIR/corpus-$n.disk"
  echo "$n $ck $ok" >> "$DISK"
  # a tmpfs holds its files in memory: free it before the next size
  rm -rf "$out" "$OUT_BASE/floor-$n" "$OUT_BASE/hugo-$n"
done

python3 - "$RESULTS" "$SIZES" "$STAGES" "$DISK" <<'PY'
import sys, statistics, collections, platform, os
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    rows[label].append((float(wall), float(user) + float(sys_), int(rss) / 1024))
def med(label, i):
    v = [r[i] for r in rows.get(label, [])]
    return statistics.median(v) if v else None
cpu = os.cpu_count()
runs = max(len(v) for v in rows.values())
load = os.getloadavg()[0]
print(f"machine: {platform.machine()}, {cpu} cores, load average {load:.1f} at the end; median of {runs} run(s)\n")
print("| reports | tool | wall (s) | CPU (s) | peak memory (MiB) |")
print("|---:|---|---:|---:|---:|")
for n in sys.argv[2].split():
    for tool in ("gazette", "noop", "floor", "hugo"):
        label = f"{tool}/{n}"
        if label in rows:
            name = {"noop": "gazette (no-op rebuild)"}.get(tool, tool)
            print(f"| {n} | {name} | {med(label,0):.2f} | {med(label,1):.2f} | {med(label,2):.0f} |")
print()
sizes = sys.argv[2].split()
for n in sizes:
    g, f, h = med(f"gazette/{n}", 0), med(f"floor/{n}", 0), med(f"hugo/{n}", 0)
    line = f"{n} reports: gazette/floor = {g/f:.2f}" if g and f else f"{n} reports:"
    if g and h:
        line += f", gazette/hugo = {g/h:.2f}"
    print(line)
for a, b in zip(sizes, sizes[1:]):
    ga, gb = med(f"gazette/{a}", 0), med(f"gazette/{b}", 0)
    if ga and gb:
        print(f"wall at {b} / wall at {a} = {gb/ga:.1f} for {int(b)/int(a):g}× the reports")
print("\ndisk: " + "; ".join(
    f"{n} reports: corpus {int(ck)/1024:.0f} MiB, output {int(ok)/1024:.0f} MiB"
    for n, ck, ok in (l.split() for l in open(sys.argv[4]))))
print("\nstage times of the last gazette build of each size (GAZETTE_TIMINGS=1):")
for n in sizes:
    path = os.path.join(sys.argv[3], f"gazette-{n}")
    if os.path.exists(path):
        print(f"  {n} reports:")
        for l in open(path):
            if " ms  " in l:
                print("    " + l.rstrip())
PY
