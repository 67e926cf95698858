#!/usr/bin/env bash
# What the idle one-process system spends, window by window, and V8's full collections meanwhile
# (ADR 231). Starts the compiled build as `npm start` runs it (the allocator's settings, 32 MB
# semi-spaces) with --trace-gc, in a fresh DATA_DIR, waits for /health/ready and 5 s more, then
# prints the process's CPU (/proc/<pid>/stat, ticks) and RSS every WINDOW_S seconds (default 10)
# for WINDOWS windows (default 12), and the full collections V8 logged. Run `npm run build` first.
#   PORT=39123 WINDOWS=12 WINDOW_S=10 bash tools/profile/idle-gc.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-39123} WINDOWS=${WINDOWS:-12} WINDOW_S=${WINDOW_S:-10}
DATA=$(mktemp -d /tmp/mt-idle-gc-XXXX)
OUT="$DATA.log"
GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=131072} \
  NODE_ENV=production PORT="$PORT" HOST=127.0.0.1 DATA_DIR="$DATA" LOG_LEVEL=warn \
  node --max-semi-space-size=32 --trace-gc -r ./dist/tools/run/dist-paths.js dist/tools/run/start.js >"$OUT" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do sleep 0.5; done
sleep 5
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
full() { grep -c 'Mark-Compact' "$OUT" || true; }
prev=$(cpu)
for i in $(seq 1 "$WINDOWS"); do
  sleep "$WINDOW_S"
  now=$(cpu)
  pct=$(awk -v t=$((now - prev)) -v hz="$TCK" -v s="$WINDOW_S" 'BEGIN { printf "%.2f", t / hz / s * 100 }')
  echo "window $i: $((now - prev)) ticks ($pct % of a core), RSS $(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$PID/status") MB, full collections so far $(full)"
  prev=$now
done
echo "full collections (ms since the process started):"
grep 'Mark-Compact' "$OUT" | sed -E 's/^\[[^]]*\] +//' | cut -c1-160
echo "log: $OUT"
