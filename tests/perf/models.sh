#!/usr/bin/env bash
# Several models on one server, measured: prints a Markdown section (docs/benchmarks.md, "Several models").
#
#   bash tests/perf/models.sh [STREAMS]     (about 4 minutes on 2 cores; STREAMS live streams, default 2)
#
# One Release server: model A (synthetic-tiny, the default) and model B (synthetic-tiny-q8_0, allowed, loaded on its
# first request). Measures: RSS with A alone; B's first request (load + transcription of jfk.wav) against its second
# (loaded), and the load time the server reports; RSS with both resident; STREAMS real-time streams on A alone, then
# the same while files are transcribed on B back to back (A's final latency against A alone).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
streams=${1:-2}
work=$(mktemp -d -t stt-models-XXXXXX)
audio="$root/../shared/audio"
[[ -d "$audio" ]] || audio=""
model_b=synthetic-tiny-q8_0
. "$root/tests/perf/lib.sh"
build_release
jfk="$work/jfk.wav"
if [[ -n "$audio" && -f "$audio/jfk/jfk.wav" ]]; then cp "$audio/jfk/jfk.wav" "$jfk"; else espeak-ng -w "$jfk" "And so my fellow Americans, ask not what your country can do for you."; fi

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }
seconds_of() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }
transcribe_b() { "${stt[@]}" transcribe --server "$server" --model "$model_b" "$jfk"; }
bench() { "${stt[@]}" bench --server "$server" --server-pid "$server_pid" ${audio:+--audio "$audio"} --streams "$streams" --duration 60 --json "$1" >&2; }

start_server models Stt__Admission__Enabled=false Stt__Models__Allowed__0="$model_b"
sleep 5 # let the process settle before its memory is read
rss_one=$(rss_mb)
say "B's first request (loads it), then its second"
first=$(seconds_of transcribe_b)
second=$(seconds_of transcribe_b)
load=$(python3 -c 'import re,sys,urllib.request; t=urllib.request.urlopen(sys.argv[1]).read().decode(); m=re.search(r"stt_model_load_duration_seconds_sum\{[^}]*model=\"[^\"]+\"[^}]*\} ([0-9.eE+-]+)", t); print(f"{float(m.group(1)):.2f}" if m else "-")' "$management_url/metrics")
sleep 6 # past the idle trim (Stt:Inference:TrimAfterIdle), as for the first reading
rss_two=$(rss_mb)

say "$streams streams on A alone"
bench "$work/alone.json"
say "$streams streams on A while files run on B"
( while [[ ! -f "$work/stop" ]]; do transcribe_b >/dev/null || true; echo x >>"$work/files"; done ) &
files_pid=$!
bench "$work/beside.json"
touch "$work/stop"; wait "$files_pid" || true
files_done=$(wc -l <"$work/files")
stop_server

python3 - "$work/alone.json" "$work/beside.json" <<PY
import json, sys
alone, beside = (json.load(open(p))["loads"][0] for p in sys.argv[1:3])
f = lambda l, k: f"{l[k]['P50']:.0f} / {l[k]['P95']:.0f}" if l[k]["Count"] else "-"
print("| Measure | Value |")
print("|---|---|")
print("| RSS, A resident (MB) | $rss_one |")
print("| RSS, A and B resident (MB) | $rss_two |")
print("| B's first request: load + jfk.wav (11 s), client wall time (s) | $first |")
print("| B's second request, loaded (s) | $second |")
print("| B's load as the server measures it (resolve, load, warm-up; s) | $load |")
print(f"| $streams streams on A alone: final p50 / p95 ms | {f(alone, 'FinalLatencyMs')} ({alone['FinalLatencyMs']['Count']} finals, {alone['Errors']} errors) |")
print(f"| $streams streams on A, files on B back to back ($files_done files): final p50 / p95 ms | {f(beside, 'FinalLatencyMs')} ({beside['FinalLatencyMs']['Count']} finals, {beside['Errors']} errors) |")
print(f"| First interim p50 / p95 ms, alone / beside | {f(alone, 'FirstInterimMs')} / {f(beside, 'FirstInterimMs')} |")
PY
