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
# (admission control); ramp again with the temperature fallback off (closer to a real model's cost); then the soak
# with admission and per-caller limits off (thousands of short streams, then dozens at once, memory and handles
# checked); the audio micro-benchmarks; render the JSON results as Markdown (tests/perf/report.py).
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
model=${STT_BENCH_MODEL:-synthetic-tiny}
audio="$root/../shared/audio"
[[ -d "$audio" ]] || audio=""

say() { printf '\n== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

say "building Release"
dotnet build "$root/src/Stt.Server" -c Release -p:SkipWebBuild=true --nologo -v quiet
dotnet build "$root/clients/Stt.Cli" -c Release --nologo -v quiet
stt=(dotnet "$root/clients/Stt.Cli/bin/Release/net10.0/stt.dll")

server_pid=""
stop_server() { [[ -n "$server_pid" ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }; server_pid=""; }
trap stop_server EXIT

# start_server NAME [ENV=VALUE...]: the Release server on free loopback ports, as users run it (MALLOC_ARENA_MAX
# as the README recommends), plus the given settings; waits until it answers.
start_server() {
  local name=$1; shift
  local grpc_port web_port
  grpc_port=$(free_port); web_port=$(free_port)
  server="127.0.0.1:$grpc_port"
  say "starting the server ($model, $name) on $server"
  (
    cd "$root/src/Stt.Server/bin/Release/net10.0"
    exec env MALLOC_ARENA_MAX=2 Stt__Model="$model" \
      Kestrel__Endpoints__Grpc__Url="http://$server" \
      Kestrel__Endpoints__Web__Url="http://127.0.0.1:$web_port" \
      Kestrel__Endpoints__Management__Url="http://127.0.0.1:$(free_port)" \
      Logging__LogLevel__Default=Warning "$@" \
      dotnet Stt.Server.dll
  ) >"$work/server-$name.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    "${stt[@]}" info --server "$server" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server-$name.log" >&2; exit 1; }
    sleep 1
  done
  echo "the server did not answer within 120 s" >&2; exit 1
}

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
  # What a real model costs is closer to no temperature fallback: random weights make every pass fall back five times.
  start_server no-fallback Stt__Admission__Enabled=false Stt__Inference__TemperatureIncrement=0
  say "ramp, fallback off"; bench --ramp --ramp-from 4 --duration 40 --min-finals 40 --json "$work/ramp-no-fallback.json"
  stop_server
  soak_seconds=${STT_BENCH_SOAK_SECONDS:-960} # 0 skips it
  if (( soak_seconds > 0 )); then
    start_server soak Stt__Admission__Enabled=false Stt__Auth__ConcurrentStreamsPerKey=0 Stt__Auth__RequestsPerMinutePerKey=0
    say "soak";            bench --soak --duration "$soak_seconds" --soak-streams 24 --json "$work/soak.json"
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
