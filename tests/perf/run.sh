#!/usr/bin/env bash
# Benchmarks the service on this machine and writes the report.
#
#   bash tests/perf/run.sh            full run (about 15 minutes on 2 cores): writes docs/benchmarks.md
#   bash tests/perf/run.sh --smoke    short run of every scenario (about 2 minutes): writes $STT_BENCH_DIR/benchmarks.md
#
# Steps: build Release; start the server with the synthetic-tiny model (tiny.en dimensions, random weights) on
# free loopback ports; run the direct Whisper.net baseline, a single real-time stream, and a ramp of concurrent
# streams up to capacity; run the audio micro-benchmarks; render the JSON results as Markdown (tests/perf/report.py).
# Audio: ../shared/audio when present, else speech generated with espeak-ng.
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

grpc_port=$(free_port)
web_port=$(free_port)
server="127.0.0.1:$grpc_port"
say "starting the server ($model) on $server"
(
  cd "$root/src/Stt.Server/bin/Release/net10.0"
  exec env Stt__Model="$model" \
    Kestrel__Endpoints__Grpc__Url="http://$server" \
    Kestrel__Endpoints__Web__Url="http://127.0.0.1:$web_port" \
    Logging__LogLevel__Default=Warning \
    dotnet Stt.Server.dll
) >"$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  "${stt[@]}" info --server "$server" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done
"${stt[@]}" info --server "$server" >"$work/info.txt"
sleep 5 # let the process settle before idle memory is read
idle_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")

bench() { "${stt[@]}" bench --server "$server" --server-pid "$server_pid" ${audio:+--audio "$audio"} "$@"; }

if [[ $mode == full ]]; then
  say "direct baseline";   bench --direct --json "$work/direct.json"
  say "single stream";     bench --streams 1 --duration 120 --json "$work/single.json"
  say "ramp";              bench --ramp --duration 40 --json "$work/ramp.json"
  say "micro-benchmarks"
  (cd "$work" && dotnet run -c Release --project "$root/tests/perf/Stt.Audio.Benchmarks" -- --job short --exporters github >"$work/micro.log")
  cp "$work"/BenchmarkDotNet.Artifacts/results/*-report-github.md "$work/micro.md"
else
  say "direct baseline";   bench --direct --unary-calls 2 --json "$work/direct.json"
  say "single stream";     bench --streams 1 --duration 10 --json "$work/single.json"
  say "two streams";       bench --streams 2 --duration 10 --json "$work/ramp.json"
fi

say "writing $report"
mkdir -p "$(dirname "$report")"
python3 "$root/tests/perf/report.py" --work "$work" --mode "$mode" --idle-rss-kb "$idle_rss_kb" \
  --commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" --audio "${audio:-generated speech (espeak-ng)}" >"$report"
echo "$report"
