# Shared by the scripts in tests/perf: source it after setting `root` (the repository) and `work` (a scratch folder).
#
#   start_server NAME [ENV=VALUE...]   the Release server on free loopback ports, as users run it (MALLOC_ARENA_MAX as
#                                      the README recommends), plus the given settings; sets server (host:port of gRPC),
#                                      server_pid, web_url and management_url; waits until /readyz answers
#   stop_server                        saves its /metrics as $work/metrics-NAME.txt and stops it (also on exit)
#   wait_ready PID URL LOG             polls until URL answers 200, the process exits, or 180 s pass (any server)

say() { printf '\n== %s\n' "$*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build_release() {
  say "building Release"
  dotnet build "$root/src/Stt.Server" -c Release -p:SkipWebBuild=true --nologo -v quiet >&2
  dotnet build "$root/clients/Stt.Cli" -c Release --nologo -v quiet >&2
  stt=(dotnet "$root/clients/Stt.Cli/bin/Release/net10.0/stt.dll")
}

server_pid=""; server_name=""
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  python3 -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
    "$management_url/metrics" >"$work/metrics-$server_name.txt" 2>/dev/null || true
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT

start_server() {
  local name=$1; shift
  server_name=$name
  server="127.0.0.1:$(free_port)"; web_url="http://127.0.0.1:$(free_port)"; management_url="http://127.0.0.1:$(free_port)"
  say "starting the server (${STT_BENCH_MODEL:-synthetic-tiny}, $name) on $server; log: $work/server-$name.log"
  (
    cd "$root/src/Stt.Server/bin/Release/net10.0"
    exec env MALLOC_ARENA_MAX=2 Stt__Model="${STT_BENCH_MODEL:-synthetic-tiny}" \
      Kestrel__Endpoints__Grpc__Url="http://$server" Kestrel__Endpoints__Web__Url="$web_url" \
      Kestrel__Endpoints__Management__Url="$management_url" \
      Logging__LogLevel__Default=Warning "$@" \
      dotnet Stt.Server.dll
  ) >"$work/server-$name.log" 2>&1 &
  server_pid=$!
  wait_ready "$server_pid" "$management_url/readyz" "$work/server-$name.log"
}

wait_ready() {
  for _ in $(seq 1 180); do
    python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$2" >/dev/null 2>&1 && return 0
    kill -0 "$1" 2>/dev/null || { tail -30 "$3" >&2; die "the server exited before it was ready (log: $3)"; }
    sleep 1
  done
  tail -30 "$3" >&2; die "the server was not ready within 180 s (log: $3)"
}
