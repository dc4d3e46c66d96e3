#!/usr/bin/env bash
# The image benchmark of BENCHMARKS.md ("Images"): N phone photos (default 100), 12 MP JPEGs
# with EXIF orientation (every other one stored sideways) and a GPS position, made by
# bench/photos.py (photo-like scenes, not noise). One news page per photo, its cover.
#
#   cargo build --release && bench/images.sh [N]
#
# Prints, and writes to $OUT/results.txt:
#   - cold build (empty image cache): seconds, seconds per photo per core, peak RSS
#   - the same site without its photos: seconds, peak RSS (the memory baseline)
#   - warm build after editing one page's text: seconds, with photos and without
#   - serve: seconds from adding a page with a new photo to its page answering with <picture>
#   - bytes a phone (390x844 @3x, Chromium) downloads for the home page's images vs the originals
# Needs python3 with numpy and Pillow, /usr/bin/time, curl, node with tests/browser/node_modules
# (playwright-core) and /usr/bin/chromium.
set -euo pipefail
N=${1:-100}
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${GAZETTE_BIN:-$REPO/target/release/gazette}
OUT=${BENCH_DIR:-/tmp/gazette-images-bench}
CORES=$(nproc)
[ -x "$BIN" ] || { echo "no $BIN: cargo build --release first" >&2; exit 1; }
mkdir -p "$OUT"
RESULTS=$OUT/results.txt
: > "$RESULTS"
say() { echo "$*" | tee -a "$RESULTS"; }

if [ ! -f "$OUT/photos/photo-$(printf %03d $((N - 1))).jpg" ]; then
  echo "generating $N photos in $OUT/photos (a few seconds each)…"
  python3 "$REPO/bench/photos.py" bench "$OUT/photos" "$N"
fi

# make_site DIR WITH_PHOTOS
make_site() {
  local dir=$1 with=$2
  rm -rf "$dir"
  mkdir -p "$dir/content/news"
  printf 'title: 图片基准\nbase_url: https://example.org/\nsearch: false\n' > "$dir/site.yaml"
  printf -- '---\ntitle: 新闻动态\n---\n' > "$dir/content/news/_index.md"
  for i in $(seq 0 $((N - 1))); do
    local day=$(( i % 28 + 1 )) month=$(( i / 28 % 12 + 1 ))
    local page
    page=$(printf '%s/content/news/2024-%02d-%02d-photo-%03d' "$dir" "$month" "$day" "$i")
    mkdir -p "$page"
    if [ "$with" = 1 ]; then
      cp "$OUT/photos/photo-$(printf %03d "$i").jpg" "$page/cover.jpg"
      printf -- '---\ntitle: 视察现场 %d\ndate: 2024-%02d-%02d\ncover: cover.jpg\n---\n\n县人大常委会视察现场。\n' "$i" "$month" "$day" > "$page/index.md"
    else
      printf -- '---\ntitle: 视察现场 %d\ndate: 2024-%02d-%02d\n---\n\n县人大常委会视察现场。\n' "$i" "$month" "$day" > "$page/index.md"
    fi
  done
}

# timed LABEL ARGS…: runs the command under /usr/bin/time -v; sets SECS and RSS_MB
timed() {
  local label=$1; shift
  /usr/bin/time -v "$@" > "$OUT/$label.out" 2> "$OUT/$label.time"
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$OUT/$label.time")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$OUT/$label.time")
}

make_site "$OUT/site" 1
make_site "$OUT/plain" 0
ORIG_BYTES=$(du -cb "$OUT"/site/content/news/*/cover.jpg | tail -1 | cut -f1)
say "photos: $N, $(awk -v b="$ORIG_BYTES" -v n="$N" 'BEGIN {printf "%.1f MB on average", b / n / 1048576}'), $CORES cores ($(uname -m))"

rm -rf "$OUT/site/.gazette-cache" "$OUT/public"
timed cold "$BIN" build --root "$OUT/site" --output "$OUT/public"
COLD=$SECS COLD_RSS=$RSS_MB
say "cold build: ${COLD} s, $(awk -v s="$COLD" -v c="$CORES" -v n="$N" 'BEGIN {printf "%.2f", s * c / n}') s per photo-core, peak RSS ${COLD_RSS} MB"

rm -rf "$OUT/plain/.gazette-cache" "$OUT/plain-public"
timed plain "$BIN" build --root "$OUT/plain" --output "$OUT/plain-public"
say "same site without photos: ${SECS} s, peak RSS ${RSS_MB} MB (photos add $((COLD_RSS - RSS_MB)) MB)"

# warm: one page's text changes; every photo is in the cache
for site in site plain; do
  echo "一处修改。" >> "$OUT/$site/content/news/2024-01-01-photo-000/index.md"
done
timed warm "$BIN" build --root "$OUT/site" --output "$OUT/public"
WARM=$SECS WARM_RSS=$RSS_MB
timed warm-plain "$BIN" build --root "$OUT/plain" --output "$OUT/plain-public"
say "warm build (one page edited): ${WARM} s with photos, ${SECS} s without: photos add $(awk -v a="$WARM" -v b="$SECS" 'BEGIN {printf "%.2f", a - b}') s (peak RSS ${WARM_RSS} MB)"
GAZETTE_TIMINGS=1 "$BIN" build --root "$OUT/site" --output "$OUT/public-again" 2>&1 | grep 'images:' | sed 's/^ */  a build into a new folder: /' | tee -a "$RESULTS"

# serve: add a page with a new photo, time until its page answers with a <picture>
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --root "$OUT/site" --port "$PORT" > "$OUT/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/" > /dev/null && break; sleep 0.1; done
# a photo none of the others is (numbered after them): it must be decoded
rm -rf "$OUT/new-photo"
python3 "$REPO/bench/photos.py" bench "$OUT/new-photo" 1 "$N" > /dev/null
NEW=$OUT/site/content/news/2024-12-31-new-photo
rm -rf "$NEW"
START=$(date +%s.%N)
mkdir -p "$NEW" && cp "$OUT/new-photo/photo-$(printf %03d "$N").jpg" "$NEW/cover.jpg"
printf -- '---\ntitle: 新照片\ndate: 2024-12-31\ncover: cover.jpg\n---\n\n新照片。\n' > "$NEW/index.md"
SHOWN=""
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$PORT/news/new-photo/" 2>/dev/null | grep -q '<picture'; then
    SHOWN=$(date +%s.%N); break
  fi
  sleep 0.05
done
kill $SERVE; wait $SERVE 2>/dev/null || true
trap - EXIT
rm -rf "$NEW"
if [ -n "$SHOWN" ]; then
  say "serve: a new page with a new photo shown after $(awk -v a="$START" -v b="$SHOWN" 'BEGIN {printf "%.2f", b - a}') s"
else
  say "serve: the new page did not show within 30 s (see $OUT/serve.log)"
fi

# phone bytes: the home page's six news cards at 390x844 @3x
PHONE=$(SITE_DIR="$OUT/public" BASE_PATH=/ node "$REPO/tests/browser/image-requests.cjs" "" 390x844@3)
echo "$PHONE" > "$OUT/phone.json"
python3 - "$OUT" "$RESULTS" <<'PY'
import json, os, sys
out, results = sys.argv[1], sys.argv[2]
d = json.load(open(os.path.join(out, "phone.json")))
cards = [i for i in d["images"] if "/news/" in i["url"]]
origs = 0
for i in cards:
    page = i["url"].split("/")[2]
    folder = [f for f in os.listdir(os.path.join(out, "site/content/news")) if f.endswith(page)]
    origs += os.path.getsize(os.path.join(out, "site/content/news", folder[0], "cover.jpg"))
line = (f"phone (390x844 @3x): the home page loads {len(cards)} cover images, {d['total']} bytes "
        f"({', '.join(sorted({i['type'] for i in d['images']}))}); their originals are {origs} bytes: "
        f"{100 * d['total'] / max(origs, 1):.2f}%")
print(line)
open(results, "a").write(line + "\n")
PY
