#!/usr/bin/env bash
# Speed levers one at a time, against the shipped settings: prints a Markdown table (docs/benchmarks.md, "Levers").
#
#   bash tests/perf/levers.sh [STREAMS]    (about 2 minutes a lever on 2 cores; STREAMS defaults to 4)
#   STT_LEVERS='q5_1|former' bash tests/perf/levers.sh    only the levers whose name matches (an extended regex)
#
# Each lever restarts the Release server (synthetic-tiny unless the lever names another model, admission off so
# every stream is served) with one setting changed, then runs `stt bench` with one real-time stream (30 s) and
# with STREAMS at once (40 s). Finals are at the full encoder context in every row but the last, which shows the
# former default (every pass sized to its audio) for comparison only: it is not accurate on vanilla models.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
streams=${1:-4}
work=$(mktemp -d -t stt-levers-XXXXXX)
audio="$root/../shared/audio"
[[ -d "$audio" ]] || audio=""
. "$root/tests/perf/lib.sh"
build_release >&2

levers=(
  "shipped|"
  "flash attention off|Stt__Inference__FlashAttention=false"
  "1 worker x 2 threads|Stt__Inference__Workers=1 Stt__Inference__ThreadsPerWorker=2"
  "2 workers x 1 thread (fixed)|Stt__Inference__Workers=2 Stt__Inference__ThreadsPerWorker=1"
  "interims at full context|Stt__Streaming__InterimContext=Full"
  "speculative final off|Stt__Streaming__SpeculativeFinalAfter=00:00:00"
  "interims every 2 s|Stt__Streaming__InterimInterval=00:00:02"
  "model q8_0|STT_BENCH_MODEL=synthetic-tiny-q8_0"
  "model q5_1|STT_BENCH_MODEL=synthetic-tiny-q5_1"
  "former default: every pass at a reduced context|Stt__Inference__ReduceAudioContext=true"
)

echo "| Lever | 1 stream: final p50 / p95 ms | 1 stream: first interim p50 / p95 ms | $streams streams: final p50 / p95 ms | $streams streams: first interim p50 / p95 ms | $streams streams: errors | Server CPU s per audio s ($streams streams) |"
echo "|---|---|---|---|---|---|---|"
for lever in "${levers[@]}"; do
  name=${lever%%|*}; settings=(${lever#*|})
  [[ -z "${STT_LEVERS:-}" || "$name" =~ ${STT_LEVERS} ]] || continue
  model_settings=(); server_settings=()
  for setting in "${settings[@]}"; do
    [[ $setting == STT_BENCH_MODEL=* ]] && model_settings+=("$setting") || server_settings+=("$setting")
  done
  slug=$(echo "$name" | tr -c 'a-z0-9' '-')
  (( ${#model_settings[@]} )) && export "${model_settings[@]}"
  start_server "$slug" Stt__Admission__Enabled=false "${server_settings[@]}"
  unset STT_BENCH_MODEL
  for n in 1 "$streams"; do
    "${stt[@]}" bench --server "$server" --server-pid "$server_pid" ${audio:+--audio "$audio"} --streams "$n" \
      --duration $(( n == 1 ? 30 : 40 )) --json "$work/$slug-$n.json" >&2
  done
  stop_server
  python3 - "$work/$slug-1.json" "$work/$slug-$streams.json" "$name" <<'PY'
import json, sys
one, many = (json.load(open(p))["loads"][0] for p in sys.argv[1:3])
f = lambda p: f"{p['P50']:.0f} / {p['P95']:.0f}" if p["Count"] else "-"
cpu = many.get("ServerCpuPerAudioSecond")
print(f"| {sys.argv[3]} | {f(one['FinalLatencyMs'])} | {f(one['FirstInterimMs'])} | {f(many['FinalLatencyMs'])} | {f(many['FirstInterimMs'])} | {many['Errors']} | {'-' if cpu is None else f'{cpu:.3f}'} |")
PY
done
