#!/usr/bin/env bash
# The client packages tested as a user meets them: built into artifacts (a NuGet feed folder, an npm tarball, a wheel),
# then installed from those artifacts alone into empty folders outside the repository and run against a live server:
#   - Stt.Client: a new console project references the package by version, builds, transcribes a file and streams one;
#   - stt-cli: installed as a .NET tool from the same feed, `stt info` and `stt transcribe` (MP3 and WAV);
#   - stt-client (npm): the tarball installed into an empty project, a script streams a WAV; its types are checked;
#   - stt-client (Python): the wheel installed into a fresh virtual environment (Debian's grpcio visible to it), its
#     command and a script run.
# The consumers run with the repository hidden (a private mount namespace with an empty folder over it), so any
# artifact that reaches back into the repository at run time fails here. Needs the .NET SDK, Node.js with npm, and
# Debian's python3 with python3-grpcio, python3-grpc-tools, python3-setuptools, python3-wheel and python3-venv, and flac.
# Usage: bash tests/packages/run.sh   (prints "N passed, N failed" last; exits non-zero on any failure)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=$(tr -d '[:space:]' <"$root/VERSION")
work=$(mktemp -d /tmp/stt-packages.XXXXXX)
audio="$root/../shared/audio"
say() { printf '\n== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() { # check NAME COMMAND...: runs a check, counts it, shows its output
  local name=$1; shift
  say "$name"
  if "$@"; then passed=$((passed + 1)); echo "PASS $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}

# expect PATTERN COMMAND...: runs the command, shows its output, and fails unless it succeeded and printed PATTERN.
expect() {
  local pattern=$1 out; shift
  out=$("$@") || { echo "$out"; return 1; }
  echo "$out"
  grep -q -- "$pattern" <<<"$out"
}

# Consumers run with the repository out of sight, where the machine allows a private mount namespace (root, unshare).
isolate() { "$@"; }
if unshare -m true 2>/dev/null; then
  isolate() { unshare -m bash -c 'mount -t tmpfs -o size=1m stt-hidden "$0" && exec "$@"' "$root" "$@"; }
  isolate test -e "$root/VERSION" && { echo "the repository is still visible to the consumers" >&2; exit 1; }
else
  say "no private mount namespace here (unshare -m refused): the consumers run in empty folders, the repository not hidden"
fi

# Speech for the consumers, copied beside them as a user's own file would be.
mkdir -p "$work/audio"
if [[ -f "$audio/jfk/jfk.wav" ]]; then cp "$audio/jfk/jfk.wav" "$work/audio/speech.wav"; else espeak-ng -w "$work/audio/speech.wav" "And so my fellow Americans, ask not what your country can do for you."; fi
cp "$root/tests/Stt.Testing/Fixtures/speech-44k-stereo.mp3" "$work/audio/speech.mp3"
flac -s -o "$work/audio/speech.flac" "$work/audio/speech.wav"

# The server runs with a PATH that holds only dotnet: ffmpeg and flac are hidden from it, so MP3 uploads must be
# decoded in process, and a FLAC upload is refused saying ffmpeg is not installed.
say "starting a Release server (synthetic model, no ffmpeg) while the packages build"
dotnet build "$root/src/Stt.Server" -c Release -p:SkipWebBuild=true --nologo -v quiet
mkdir -p "$work/server-bin" && ln -s "$(command -v dotnet)" "$work/server-bin/dotnet"
server="127.0.0.1:$(free_port)"
(
  cd "$root/src/Stt.Server/bin/Release/net10.0"
  exec env PATH="$work/server-bin" MALLOC_ARENA_MAX=2 Stt__Model=synthetic Stt__ModelCache="$work/models" Kestrel__Endpoints__Grpc__Url="http://$server" \
    Kestrel__Endpoints__Web__Url="http://127.0.0.1:$(free_port)" Kestrel__Endpoints__Management__Url="http://127.0.0.1:$(free_port)" \
    Logging__LogLevel__Default=Warning dotnet Stt.Server.dll
) >"$work/server.log" 2>&1 &
server_pid=$!

say "packing the .NET packages into a local feed"
# Rebuilt, not reused: a Release build made earlier (the server's, a benchmark's) has this machine's source paths
# in its PDBs; a package's must be the deterministic /_/ ones.
dotnet build "$root/clients/Stt.Cli" -c Release --no-incremental -p:ContinuousIntegrationBuild=true --nologo -v quiet
for project in src/Stt.Contracts src/Stt.Audio clients/Stt.Client clients/Stt.Cli; do
  dotnet pack "$root/$project" -c Release --no-build -o "$work/feed" -p:ContinuousIntegrationBuild=true --nologo -v quiet
done
ls -l "$work/feed"

say "packing the npm package"
(cd "$root/clients/node" && npm ci --no-audit --no-fund --loglevel=error && npm pack --pack-destination "$work" --loglevel=error)

say "building the Python wheel"
/usr/bin/python3 -m pip wheel --no-build-isolation --no-deps --no-index --quiet -w "$work/wheel" "$root/clients/python"
rm -rf "$root/clients/python/build" "$root/clients/python/"*.egg-info

# NuGet: the local feed before the registry, and a package folder of its own (the machine's shared one only as a
# read-only fallback), so no copy of an earlier build of these packages can stand in for the ones just packed.
mkdir -p "$work/csharp" "$work/tools"
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/nuget-packages" /></config>
  <packageSources><add key="local" value="$work/feed" /></packageSources>
  <fallbackPackageFolders><add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" /></fallbackPackageFolders>
</configuration>
XML

package_metadata() {
  local package="$work/feed/Stt.Client.$version.nupkg" nuspec files dll
  nuspec=$(unzip -p "$package" Stt.Client.nuspec); files=$(unzip -Z1 "$package")
  dll=$(unzip -p "$package" lib/net10.0/Stt.Client.dll | strings)
  grep -qx 'README.md' <<<"$files" && grep -qx 'LICENSE' <<<"$files" && grep -qx 'lib/net10.0/Stt.Client.xml' <<<"$files" \
    && [[ -f "$work/feed/Stt.Client.$version.snupkg" && -f "$work/feed/stt-cli.$version.snupkg" ]] \
    && grep -q '<license type="expression">MIT</license>' <<<"$nuspec" \
    && grep -q '<readme>README.md</readme>' <<<"$nuspec" \
    && grep -q '<repository type="git".*commit="[0-9a-f]\{40\}"' <<<"$nuspec" \
    && grep -q "<dependency id=\"Stt.Contracts\" version=\"$version\"" <<<"$nuspec" \
    && grep -q "<dependency id=\"Stt.Audio\" version=\"$version\"" <<<"$nuspec" \
    && grep -q '^/_/clients/Stt.Client/obj/Release/' <<<"$dll" \
    || { echo "$nuspec"; echo "$files"; grep 'Stt.Client.pdb' <<<"$dll"; return 1; }
}
check "Stt.Client $version: README, license, XML docs, repository commit, package dependencies, symbols, deterministic paths" package_metadata

tool_installs() {
  dotnet tool install stt-cli --version "$version" --tool-path "$work/tools" --configfile "$work/nuget.config" \
    && expect "^$version" isolate "$work/tools/stt" --version
}
check "stt-cli installs from the feed as a .NET tool giving the stt command" tool_installs

say "waiting for the server to answer"
for _ in $(seq 1 180); do
  "$work/tools/stt" info --server "$server" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 1
done

tool_runs() {
  cd "$work" \
    && expect "$version" isolate "$work/tools/stt" info --server "$server" \
    && expect '^\[' isolate "$work/tools/stt" transcribe --server "$server" "$work/audio/speech.mp3" \
    && expect '"segments"' isolate "$work/tools/stt" transcribe --server "$server" --format json "$work/audio/speech.wav"
}
check "stt info and stt transcribe (MP3 on a server without ffmpeg, WAV) against the server" tool_runs

csharp_consumer() {
  cd "$work/csharp" \
    && cp "$work/nuget.config" . \
    && dotnet new console --framework net10.0 --name Consumer --output . >/dev/null \
    && dotnet add package Stt.Client --version "$version" >/dev/null \
    && grep -q "Include=\"Stt.Client\" Version=\"$version\"" Consumer.csproj \
    && cp "$root/tests/packages/csharp/Program.cs" Program.cs \
    && dotnet build -c Release --nologo -v quiet \
    && isolate dotnet bin/Release/net10.0/Consumer.dll "$server" "$work/audio/speech.wav" "$work/audio/speech.mp3"
}
check "a new console project referencing Stt.Client $version builds, transcribes a file and streams two" csharp_consumer

node_consumer() {
  mkdir -p "$work/node" && cd "$work/node" \
    && npm init -y >/dev/null && npm pkg set type=module \
    && npm install --no-audit --no-fund --loglevel=error "$work/stt-client-$version.tgz" typescript@5 \
    && [[ "$(node -e 'import("stt-client").then((m) => console.log(m.version))')" == "$version" ]] \
    && cp "$root/tests/packages/node/stream.mjs" "$root/tests/packages/node/check.ts" . \
    && isolate node stream.mjs "$server" "$work/audio/speech.wav" "$work/audio/speech.mp3" \
    && isolate npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext --skipLibCheck false check.ts
}
check "the npm tarball installs into an empty project, streams a WAV, transcribes an MP3, cancels; its types check" node_consumer

python_consumer() {
  /usr/bin/python3 -m venv --system-site-packages "$work/venv" \
    && "$work/venv/bin/pip" install --no-index --quiet "$work/wheel/stt_client-$version-py3-none-any.whl" \
    && cp "$root/tests/packages/python/stream.py" "$work/" && cd "$work" \
    && expect "^stt-client $version\$" isolate "$work/venv/bin/stt-transcribe" --version \
    && expect '^\[' isolate "$work/venv/bin/stt-transcribe" --server "$server" "$work/audio/speech.wav" \
    && isolate "$work/venv/bin/python" stream.py "$server" "$work/audio/speech.wav" "$work/audio/speech.mp3" \
    && flac_refused
}
# FLAC sent whole to the server, which cannot convert it: proof that ffmpeg is hidden from it, and the error a user sees.
flac_refused() {
  local out status=0
  out=$(isolate "$work/venv/bin/stt-transcribe" --server "$server" --file "$work/audio/speech.flac" 2>&1) || status=$?
  echo "$out"
  [[ $status -eq 3 ]] && grep -q "converted when ffmpeg is installed; it is not" <<<"$out"
}
check "the wheel installs into a fresh virtual environment; stt-transcribe and a script stream and transcribe; FLAC refused without ffmpeg" python_consumer

echo
echo "packages: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
