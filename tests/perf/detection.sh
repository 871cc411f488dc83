#!/usr/bin/env bash
# Speech detectors side by side: prints Markdown for docs/speech-detection.md.
#
#   bash tests/perf/detection.sh     (about 8 minutes on 2 cores)
#
# 1. In process (tests/perf/Stt.Detection.Report): every recording of ../shared/noise plus generated noise, and
#    all the speech of ../shared/audio (also 20 dB quieter and behind street noise), through each detector and
#    the streaming endpointer: utterances opened, audio sent to the model, speech covered, detector cost.
# 2. End to end: the Release server with synthetic-tiny, admission off, once per detector: `stt bench` with one
#    real-time stream (final latency, first interim, server CPU per audio second) and with six at once, and every
#    noise recording through `stt transcribe` (utterances and seconds sent to the model, from the summary).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
noise="$root/../shared/noise"
audio="$root/../shared/audio"
[[ -d "$noise" && -d "$audio" ]] || { echo "needs ../shared/noise and ../shared/audio beside the repository" >&2; exit 2; }
work=$(mktemp -d -t stt-detection-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dotnet build "$root/src/Stt.Server" -c Release -p:SkipWebBuild=true --nologo -v quiet >&2
dotnet build "$root/clients/Stt.Cli" -c Release --nologo -v quiet >&2
dotnet build "$root/tests/perf/Stt.Detection.Report" -c Release --nologo -v quiet >&2
stt=(dotnet "$root/clients/Stt.Cli/bin/Release/net10.0/stt.dll")

echo "## In process: \`dotnet run -c Release --project tests/perf/Stt.Detection.Report -- --noise ../shared/noise --speech ../shared/audio --generated\`"
echo
dotnet run -c Release --no-build --project "$root/tests/perf/Stt.Detection.Report" -- --noise "$noise" --speech "$audio" --generated

server_pid=""
stop_server() { [[ -n "$server_pid" ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }; server_pid=""; }
trap stop_server EXIT

echo
echo "## End to end: the Release server (synthetic-tiny, admission off), \`stt bench\` and \`stt transcribe\`"
echo
echo "| detector | 1 stream: final p50 / p95 ms | 1 stream: first interim p50 ms | 1 stream: server CPU s per audio s | 6 streams: final p50 / p95 ms | noise files opening an utterance | noise audio sent to the model |"
echo "|---|---|---|---|---|---|---|"
for vad in energy silero; do
  port=$(free_port); web=$(free_port); server="127.0.0.1:$port"
  (
    cd "$root/src/Stt.Server/bin/Release/net10.0"
    exec env MALLOC_ARENA_MAX=2 Stt__Model=synthetic-tiny Stt__Streaming__Vad=$vad Stt__Admission__Enabled=false \
      Kestrel__Endpoints__Grpc__Url="http://$server" Kestrel__Endpoints__Web__Url="http://127.0.0.1:$web" \
      Kestrel__Endpoints__Management__Url="http://127.0.0.1:$(free_port)" \
      Logging__LogLevel__Default=Warning dotnet Stt.Server.dll
  ) >"$work/server-$vad.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do "${stt[@]}" info --server "$server" >/dev/null 2>&1 && break; sleep 1; done
  "${stt[@]}" bench --server "$server" --server-pid "$server_pid" --audio "$audio" --streams 1 --duration 60 --json "$work/$vad-1.json" >&2
  "${stt[@]}" bench --server "$server" --server-pid "$server_pid" --audio "$audio" --streams 6 --duration 40 --json "$work/$vad-6.json" >&2
  for file in "$noise"/*.wav; do
    "${stt[@]}" transcribe --server "$server" --format json "$file" >"$work/$vad-$(basename "$file").json" 2>>"$work/transcribe-$vad.log" || true
  done
  python3 - "$work" "$vad" "$noise" <<'PY'
import glob, json, os, sys
work, vad, noise = sys.argv[1:]
one = json.load(open(f"{work}/{vad}-1.json"))["loads"][0]
six = json.load(open(f"{work}/{vad}-6.json"))["loads"][0]
opened = sent = total = 0
for f in sorted(glob.glob(f"{noise}/*.wav")):
    path = f"{work}/{vad}-{os.path.basename(f)}.json"
    text = open(path).read().strip()
    summary = json.loads(text).get("summary", {}) if text else {}
    opened += 1 if summary.get("utterances", 0) else 0
    sent += summary.get("transcribedSeconds", 0)
    total += summary.get("audioSeconds", 0)
cpu = one.get("ServerCpuPerAudioSecond")
fl1, fl6, fi = one["FinalLatencyMs"], six["FinalLatencyMs"], one["FirstInterimMs"]
print(f"| {vad} | {fl1['P50']:.0f} / {fl1['P95']:.0f} ({fl1['Count']} finals) | {fi['P50']:.0f} | {'-' if cpu is None else f'{cpu:.3f}'} | "
      f"{fl6['P50']:.0f} / {fl6['P95']:.0f} ({fl6['Count']} finals, {six['Errors']} errors) | {opened} of {len(glob.glob(noise + '/*.wav'))} | "
      f"{sent:.1f} of {total:.1f} s ({100 * sent / max(total, 1e-9):.1f}%) |")
PY
  stop_server
done
