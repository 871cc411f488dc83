#!/usr/bin/env bash
# Benchmarks the service on this machine and writes the report.
#
#   bash tests/perf/run.sh            full run (about an hour on 2 cores; STT_BENCH_SOAK_SECONDS=300 shortens the soak): writes docs/benchmarks.md
#   bash tests/perf/run.sh --smoke    short run of every scenario (about 4 minutes): writes $STT_BENCH_DIR/benchmarks.md
#
# Steps: build Release; start the server with the synthetic-tiny model (tiny.en dimensions, scripted decoder) on
# free loopback ports, configured as shipped; run the direct Whisper.net baseline (and 8 concurrent Transcribe calls)
# and a single real-time stream; ramp concurrent streams with admission off (the machine's capacity, and the
# server's estimate of it after each step) and as shipped (the capacity users get), then twice that at once
# (admission control); then the soak with admission and per-caller limits off (thousands of short streams, then
# twice the capacity at once, memory and handles checked); the audio micro-benchmarks; render the JSON results as Markdown (tests/perf/report.py).
# Audio: ../shared/audio when present, else speech generated with espeak-ng.
# Exits non-zero when a scenario fails: errors, or streams left open. Time and memory targets are reported as met
# or missed in the report; only the full run also exits non-zero when the soak's memory does not come back (a
# smoke run in CI shares a busy machine, where those figures are noise).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
mode=full
[[ "${1:-}" == "--smoke" ]] && mode=smoke
work=${STT_BENCH_DIR:-$(mktemp -d -t stt-bench-XXXXXX)}
mkdir -p "$work"
report=$([[ $mode == full ]] && echo "$root/docs/benchmarks.md" || echo "$work/benchmarks.md")
audio="$root/../shared/audio"
[[ -d "$audio" ]] || audio=""

. "$root/tests/perf/lib.sh"
build_release

start_server shipped
"${stt[@]}" info --server "$server" >"$work/info.txt"
sleep 5 # let the process settle before idle memory is read
idle_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

bench() { "${stt[@]}" bench --server "$server" --server-pid "$server_pid" ${audio:+--audio "$audio"} "$@"; }

capacity() { python3 -c 'import json,sys; print(max(2, json.load(open(sys.argv[1]))["capacity"] or 1))' "$1"; }

if [[ $mode == full ]]; then
  say "direct baseline";   bench --direct --json "$work/direct.json"
  say "single stream";     bench --streams 1 --duration 120 --json "$work/single.json"
  stop_server
  # The machine's capacity: a ramp with admission off (at least 40 finals per step), the server's own estimate read
  # after each step; then the same ramp as shipped (admission on), which is the capacity users get.
  start_server admission-off Stt__Admission__Enabled=false
  say "ramp, admission off"; bench --ramp --duration 40 --min-finals 40 --json "$work/ramp-off.json"
  stop_server
  start_server shipped-ramp
  say "ramp, as shipped";  bench --ramp --duration 40 --min-finals 40 --json "$work/ramp-shipped.json"
  overload=$(( 2 * $(capacity "$work/ramp-shipped.json") ))
  sleep 35 # the latency window (30 s) forgets the ramp's last, overloaded step
  say "overload: $overload streams at once"
  bench --streams "$overload" --together --duration 40 --json "$work/overload.json"
  stop_server
  soak_seconds=${STT_BENCH_SOAK_SECONDS:-960} # 0 skips it
  if (( soak_seconds > 0 )); then
    start_server soak Stt__Admission__Enabled=false Stt__Auth__ConcurrentStreamsPerKey=0 Stt__Auth__RequestsPerMinutePerKey=0
    say "soak";            bench --soak --duration "$soak_seconds" --soak-streams "$(( 2 * $(capacity "$work/ramp-off.json") ))" --json "$work/soak.json"
    stop_server
  fi
  say "micro-benchmarks"
  (cd "$root/tests/perf/Stt.Audio.Benchmarks" && dotnet run -c Release -- --job short --exporters github --artifacts "$work/BenchmarkDotNet.Artifacts" >"$work/micro.log")
  cp "$work"/BenchmarkDotNet.Artifacts/results/*-report-github.md "$work/micro.md"
else
  say "direct baseline";   bench --direct --unary-calls 2 --json "$work/direct.json"
  say "single stream";     bench --streams 1 --duration 10 --json "$work/single.json"
  say "two streams";       bench --streams 2 --duration 10 --json "$work/ramp-shipped.json"
  say "overload: a ceiling of 2, 4 streams at once"
  stop_server
  start_server ceiling Stt__Admission__MaxStreams=2
  bench --streams 4 --together --duration 8 --json "$work/overload.json" # refusals are not errors; errors fail the run
  stop_server
  start_server soak Stt__Admission__Enabled=false Stt__Auth__ConcurrentStreamsPerKey=0 Stt__Auth__RequestsPerMinutePerKey=0
  say "soak (short)";      bench --soak --duration 60 --soak-streams 8 --json "$work/soak.json"
  stop_server
fi

say "writing $report"
mkdir -p "$(dirname "$report")"
python3 "$root/tests/perf/report.py" --work "$work" --mode "$mode" --idle-rss-kb "$idle_rss_kb" \
  --commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" --audio "${audio:-generated speech (espeak-ng)}" >"$report"
echo "$report"
if [[ $mode == full ]] && [[ -f "$work/soak.json" ]]; then
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["ResourcesReturned"] else 1)' "$work/soak.json" \
    || { echo "the soak's memory, threads or handles did not come back within 10% (see the report)" >&2; exit 1; }
fi
