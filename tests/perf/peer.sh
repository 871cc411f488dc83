#!/usr/bin/env bash
# Side by side with whisper.cpp's server: the same model file, the same machine, the same client and timing.
#
#   bash tests/perf/peer.sh            prints the Markdown report (also written to $STT_BENCH_DIR/peer.md)
#
# Steps: build whisper.cpp's whisper-server from ../shared/peers/whisper.cpp-233fe1fc9.tar.gz (Release, CPU only,
# -DGGML_OPENMP=OFF, for this CPU; cached in $STT_PEER_BUILD_DIR, default /tmp/stt-peer-whisper.cpp-233fe1fc9, or
# $STT_BENCH_DIR/whisper.cpp-233fe1fc9 when that is set; a second run skips the build; /tmp/wcpp is reused if it
# holds a whisper-server built the same way); build our server (Release); start ours with synthetic-tiny on free
# loopback ports, as shipped; start whisper-server on the model file ours wrote into its model cache
# (ggml-synthetic-tiny-v*.bin), with -t 2 and its defaults otherwise (full audio context, flash attention on,
# best-of 2, one request at a time behind its mutex); run the client; print the report.
# The client (tests/perf/peer_client.py, Python standard library only) sends STT_PEER_CONCURRENCY (8) requests at
# once, STT_PEER_ROUNDS (3) rounds per server, of jfk.wav (11 s) converted to 16 kHz mono 16-bit, after one
# uncounted warm-up per server; the servers take turns round by round, so that noise from other work on a shared
# machine falls on both (in a first run, one server after the other, whisper-server took ~10x longer per request in
# its warm-up and first round, while another test run loaded this 2-core machine, and 18x real time after).
# Exits non-zero on errors only (a server that does not start or build, failed requests), never on the ratio.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=${STT_BENCH_DIR:-$(mktemp -d -t stt-peer-XXXXXX)}
mkdir -p "$work"
tarball="$root/../shared/peers/whisper.cpp-233fe1fc9.tar.gz"
peer_dir=${STT_PEER_BUILD_DIR:-${STT_BENCH_DIR:+$STT_BENCH_DIR/whisper.cpp-233fe1fc9}}
peer_dir=${peer_dir:-/tmp/stt-peer-whisper.cpp-233fe1fc9}
jfk=${STT_PEER_AUDIO:-$root/../shared/audio/jfk/jfk.wav}
concurrency=${STT_PEER_CONCURRENCY:-8}
rounds=${STT_PEER_ROUNDS:-3}
threads=${STT_PEER_THREADS:-2}
command="bash tests/perf/peer.sh"
# shellcheck source=tests/perf/lib.sh
. "$root/tests/perf/lib.sh"

# A whisper-server build fit for the comparison: Release, OpenMP off, no GPU backend.
peer_build_ok() {
  local cache="$1/CMakeCache.txt"
  [[ -x "$1/bin/whisper-server" && -f "$cache" ]] || return 1
  grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$cache" && grep -q '^GGML_OPENMP:BOOL=OFF$' "$cache" || return 1
  ! grep -Eq '^GGML_(CUDA|VULKAN|HIP|METAL|SYCL|OPENCL|MUSA):BOOL=ON$' "$cache"
}

# 1. whisper.cpp's server
peer_build=""
for candidate in "$peer_dir/build" /tmp/wcpp/build; do
  peer_build_ok "$candidate" && { peer_build=$candidate; break; }
done
if [[ -z "$peer_build" ]]; then
  [[ -f "$tarball" ]] || die "no $tarball"
  say "building whisper.cpp's whisper-server in $peer_dir (about 5 minutes on 2 cores)"
  mkdir -p "$peer_dir"
  [[ -f "$peer_dir/whisper.cpp/CMakeLists.txt" ]] || tar -xzf "$tarball" -C "$peer_dir"
  cmake -S "$peer_dir/whisper.cpp" -B "$peer_dir/build" -DCMAKE_BUILD_TYPE=Release -DWHISPER_BUILD_EXAMPLES=ON \
    -DWHISPER_BUILD_TESTS=OFF -DGGML_OPENMP=OFF >"$peer_dir/cmake.log" 2>&1 || { tail -20 "$peer_dir/cmake.log" >&2; die "cmake failed"; }
  cmake --build "$peer_dir/build" -j "$(nproc)" --target whisper-server >"$peer_dir/build.log" 2>&1 \
    || { tail -20 "$peer_dir/build.log" >&2; die "building whisper-server failed"; }
  peer_build="$peer_dir/build"
  peer_build_ok "$peer_build" || die "whisper-server built without the expected flags (see $peer_build/CMakeCache.txt)"
else
  say "reusing whisper-server in $peer_build"
fi
peer_bin="$peer_build/bin/whisper-server"
peer_src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$peer_build/CMakeCache.txt")
peer_version=$(sed -n 's/^set(WHISPER_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\))$/\2/p' "$peer_src/CMakeLists.txt" 2>/dev/null | paste -sd. - || true)
peer_native=$(sed -n 's/^GGML_NATIVE:BOOL=//p' "$peer_build/CMakeCache.txt")

# 2. our server
build_release

# The audio: 16 kHz mono 16-bit WAV (what whisper-server reads without --convert).
audio="$work/audio-16k.wav"
if command -v ffmpeg >/dev/null; then
  ffmpeg -nostdin -loglevel error -y -i "$jfk" -ar 16000 -ac 1 -c:a pcm_s16le "$audio" || die "ffmpeg could not convert $jfk"
else
  cp "$jfk" "$audio"
fi

peer_pid=""
stop_servers() {
  stop_server
  [[ -n "$peer_pid" ]] || return 0
  kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true
  peer_pid=""
}
trap stop_servers EXIT

STT_BENCH_MODEL=synthetic-tiny start_server ours # as shipped

# The model file our server wrote (or found) in its model cache.
cache_dir=${Stt__ModelCache:-${XDG_CACHE_HOME:-$HOME/.cache}/stt/models}
model_file=${STT_PEER_MODEL_FILE:-$(ls "$cache_dir"/ggml-synthetic-tiny-v[0-9]*.bin 2>/dev/null | sort -V | tail -1 || true)}
[[ -f "$model_file" ]] || die "no ggml-synthetic-tiny-v*.bin in $cache_dir"

peer_port=$(free_port)
say "starting whisper-server ($(basename "$model_file"), -t $threads) on 127.0.0.1:$peer_port"
"$peer_bin" -m "$model_file" -t "$threads" --host 127.0.0.1 --port "$peer_port" >"$work/server-peer.log" 2>&1 &
peer_pid=$!
wait_ready "$peer_pid" "http://127.0.0.1:$peer_port/health" "$work/server-peer.log"

say "$concurrency concurrent x $rounds rounds each, the servers taking turns"
failed=0
python3 "$root/tests/perf/peer_client.py" run --audio "$audio" --concurrency "$concurrency" --rounds "$rounds" \
  --target "ours,$web_url/v1/audio/transcriptions,model=whisper-1&response_format=json,$work/ours.json" \
  --target "peer,http://127.0.0.1:$peer_port/inference,response_format=json,$work/peer.json" || failed=1
kill -0 "$server_pid" 2>/dev/null || { echo "our server died during the run" >&2; failed=1; }
kill -0 "$peer_pid" 2>/dev/null || { echo "whisper-server died during the run" >&2; failed=1; }
stop_servers
[[ -f "$work/ours.json" && -f "$work/peer.json" ]] || die "the client wrote no results"
peer_sysinfo=$(grep -m1 -o 'system_info:.*' "$work/server-peer.log" | sed 's/ *$//' || true)

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
flags=$(grep -m1 '^flags' /proc/cpuinfo | grep -o -w -E 'avx2|avx512f|fma|f16c' | sort -u | paste -sd, - || true)
model_sha=$(sha256sum "$model_file" | cut -c1-12)
model_mb=$(( $(stat -c %s "$model_file") / 1000000 ))

python3 "$root/tests/perf/peer_client.py" report --ours "$work/ours.json" --peer "$work/peer.json" \
  --meta "date=$(date -u '+%Y-%m-%d %H:%M UTC')" --meta "commit=$commit" \
  --meta "cores=$(nproc)" --meta "machine=$(nproc) cores, $cpu ($flags)" --meta "command=$command" --meta "audio=$(basename "$jfk")" \
  --meta "ours_settings=this repo at \`$commit\`, Release; Whisper.net 1.9.1, which carries whisper.cpp 1.8.5 built for AVX2 with OpenMP; \`Stt__Model=synthetic-tiny\` (\`$(basename "$model_file")\`, $model_mb MB, sha256 $model_sha...), shipped defaults: workers = cores (2), threads per pass adaptive (2 cores in all, like \`-t 2\`), full audio context, flash attention on, best-of 5, temperature fallback on, the file endpointed into utterances, one pass each" \
  --meta "peer_settings=whisper.cpp ${peer_version:-?} (233fe1fc9) \`whisper-server\` built here for this CPU (GGML_NATIVE=$peer_native) without OpenMP (\`-DGGML_OPENMP=OFF\`), Release, CPU only; \`whisper-server -m $(basename "$model_file") -t $threads\` (the same file), its defaults otherwise: full audio context, flash attention on, best-of 2, temperature fallback on, one request at a time (its mutex), one pass over the whole file${peer_sysinfo:+; \`$peer_sysinfo\`}" \
  | tee "$work/peer.md"
echo "(report: $work/peer.md; logs: $work)" >&2
[[ $failed == 0 ]] || die "some requests failed (see the errors above and $work/server-*.log)"
