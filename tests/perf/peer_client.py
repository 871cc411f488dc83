#!/usr/bin/env python3
"""The client of tests/perf/peer.sh (Python standard library only).

  peer_client.py run --target NAME,URL,k=v&k=v,OUT.json [--target ...] --audio FILE.wav [--concurrency 8] [--rounds 3]
      Sends the same WAV file as HTTP multipart (field "file" plus the given fields) to each target: one warm-up
      request each (not counted), then CONCURRENCY requests at once (released together), round by round, the targets
      taking turns within each round. Writes each target's timings as JSON.
      Throughput = audio seconds transcribed / wall seconds of the rounds (x real time); latency per request.
  peer_client.py report --ours A.json --peer B.json [--meta k=v ...]
      Prints the Markdown report of peer.sh.
"""
import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
import wave
import http.client


def wav_seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


def multipart(fields, file_name, file_bytes):
    boundary = "----stt-peer-" + uuid.uuid4().hex
    parts = []
    for key, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: audio/wav\r\n\r\n".encode() + file_bytes + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def one_request(url, body, content_type, timeout):
    """Returns (ok, seconds, detail)."""
    u = urllib.parse.urlsplit(url)
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
        conn.request("POST", u.path, body=body, headers={"Content-Type": content_type, "Connection": "close"})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        elapsed = time.perf_counter() - start
        if resp.status != 200:
            return False, elapsed, f"HTTP {resp.status}: {data[:200]!r}"
        try:
            doc = json.loads(data)
        except ValueError:
            return False, elapsed, f"not JSON: {data[:200]!r}"
        if not isinstance(doc, dict) or "error" in doc or "text" not in doc:
            return False, elapsed, f"unexpected body: {data[:200]!r}"
        return True, elapsed, doc["text"]
    except Exception as ex:  # noqa: BLE001 - every failure is counted as an error
        return False, time.perf_counter() - start, f"{type(ex).__name__}: {ex}"


def run(args):
    """Warm-up per target, then round r of every target in turn (ours, peer, ours, peer...): machine noise on a shared
    host spreads over both instead of landing on whichever ran second."""
    audio_seconds = wav_seconds(args.audio)
    with open(args.audio, "rb") as f:
        file_bytes = f.read()
    targets = []
    for spec in args.target:
        name, url, fields, out = spec.split(",", 3)
        pairs = urllib.parse.parse_qsl(fields)
        body, content_type = multipart(pairs, "audio.wav", file_bytes)
        targets.append({"name": name, "url": url, "body": body, "ct": content_type, "out": out,
                        "rounds": [], "latencies": [], "errors": [], "texts": []})

    for t in targets:
        ok, warm, detail = one_request(t["url"], t["body"], t["ct"], args.timeout)
        t["warmup_ok"], t["warmup_seconds"] = ok, warm
        if not ok:
            t["errors"].append(f"warm-up: {detail}")
        print(f"  {t['name']} warm-up: {'ok' if ok else 'FAILED'} in {warm:.2f} s: {' '.join(str(detail).split())[:100]}",
              file=sys.stderr)

    for r in range(args.rounds):
        for t in targets:
            results = [None] * args.concurrency
            barrier = threading.Barrier(args.concurrency + 1)

            def worker(i, t=t, results=results, barrier=barrier):
                barrier.wait()
                results[i] = one_request(t["url"], t["body"], t["ct"], args.timeout)

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.concurrency)]
            for th in threads:
                th.start()
            load = os.getloadavg()[0]
            barrier.wait()
            start = time.perf_counter()
            for th in threads:
                th.join()
            wall = time.perf_counter() - start
            round_ok = 0
            for ok_, secs, det in results:
                if ok_:
                    round_ok += 1
                    t["latencies"].append(secs)
                    t["texts"].append(det)
                else:
                    t["errors"].append(det)
            t["rounds"].append({"wall": wall, "ok": round_ok, "audio_seconds": round_ok * audio_seconds,
                                "loadavg_before": load})
            print(f"  {t['name']} round {r + 1}: {round_ok}/{args.concurrency} ok, {wall:.2f} s wall, "
                  f"{round_ok * audio_seconds / wall:.2f}x real time (load average before: {load:.2f})", file=sys.stderr)

    failed = False
    for t in targets:
        for e in t["errors"]:
            print(f"  {t['name']} error: {e}", file=sys.stderr)
        rounds, latencies = t["rounds"], t["latencies"]
        total_wall = sum(x["wall"] for x in rounds)
        total_audio = sum(x["audio_seconds"] for x in rounds)
        out = {
            "name": t["name"],
            "url": t["url"],
            "audio_seconds_per_request": audio_seconds,
            "concurrency": args.concurrency,
            "rounds": rounds,
            "requests": args.concurrency * args.rounds,
            "errors": len(t["errors"]),
            "error_samples": t["errors"][:5],
            "warmup_ok": t["warmup_ok"],
            "warmup_seconds": t["warmup_seconds"],
            "throughput_x_realtime": total_audio / total_wall if total_wall > 0 else 0.0,
            "round_throughputs": [x["audio_seconds"] / x["wall"] for x in rounds if x["wall"] > 0],
            "wall_seconds": total_wall,
            "latency_p50": percentile(latencies, 50),
            "latency_p95": percentile(latencies, 95),
            "latency_max": max(latencies) if latencies else None,
            "sample_text": " ".join(t["texts"][0].split())[:120] if t["texts"] else None,
        }
        with open(t["out"], "w") as f:
            json.dump(out, f, indent=2)
        failed |= bool(t["errors"])
    return 1 if failed else 0


def percentile(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[int(k)]


def best(d):
    return max(d["round_throughputs"]) if d["round_throughputs"] else None


def fmt(x, spec=".2f", unit=""):
    return "n/a" if x is None else f"{x:{spec}}{unit}"


def report(args):
    ours = json.load(open(args.ours))
    peer = json.load(open(args.peer))
    meta = dict(kv.split("=", 1) for kv in args.meta)
    target = float(meta.get("target", "1.1"))
    ratio = ours["throughput_x_realtime"] / peer["throughput_x_realtime"] if peer["throughput_x_realtime"] else None
    lat_ratio = (ours["latency_p50"] / peer["latency_p50"]) if ours["latency_p50"] and peer["latency_p50"] else None
    lines = []
    w = lines.append
    w(f"Run {meta.get('date', '?')}, commit `{meta.get('commit', '?')}`; machine: {meta.get('machine', '?')}.")
    w("")
    w(f"Command: `{meta.get('command', 'bash tests/perf/peer.sh')}`")
    w("")
    w(f"Workload: {ours['concurrency']} concurrent transcriptions of an {ours['audio_seconds_per_request']:.1f}-s "
      f"16 kHz mono WAV ({meta.get('audio', 'jfk.wav')}), {len(ours['rounds'])} rounds per server, each round's "
      f"requests released together; both servers up (the idle one costs nothing), one uncounted warm-up request "
      f"each, then the rounds taking turns (ours, peer, ours, peer...) so that noise from other work on a shared "
      f"machine falls on both; the same client (`tests/perf/peer_client.py`, HTTP/1.1 multipart, a new connection per "
      f"request). Throughput = audio seconds transcribed / wall seconds of the rounds; latency per request, nearest "
      f"rank.")
    w("")
    w("| server | settings |")
    w("|---|---|")
    w(f"| ours | {meta.get('ours_settings', '')} |")
    w(f"| whisper.cpp's server | {meta.get('peer_settings', '')} |")
    w("")
    w("| server | endpoint | requests | errors | throughput (x real time) | per round | best round | latency p50 | latency p95 | latency max | wall |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, d, ep in (("ours", ours, "`/v1/audio/transcriptions`"), ("whisper.cpp's server", peer, "`/inference`")):
        w(f"| {name} | {ep} | {d['requests']} | {d['errors']} | {fmt(d['throughput_x_realtime'])}x | "
          f"{', '.join(f'{x:.1f}' for x in d['round_throughputs'])} | {fmt(best(d))}x | "
          f"{fmt(d['latency_p50'], '.2f', ' s')} | {fmt(d['latency_p95'], '.2f', ' s')} | "
          f"{fmt(d['latency_max'], '.2f', ' s')} | {fmt(d['wall_seconds'], '.1f', ' s')} |")
    best_ratio = best(ours) / best(peer) if best(ours) and best(peer) else None
    w(f"| **ours / peer** | | | | **{fmt(ratio)}** | | {fmt(best_ratio)} | {fmt(lat_ratio)} | | | |")
    w("")
    loads = [x["loadavg_before"] for d in (ours, peer) for x in d["rounds"]]
    w(f"Load average (1 min) before each round: {min(loads):.2f} to {max(loads):.2f} on {meta.get('cores', '?')} cores "
      f"(above the core count, other work shared the machine and the figures are noisier; the best round is then the "
      f"least disturbed estimate of each server's own speed).")
    w("")
    if ratio is None:
        w(f"Target: ours >= {target}x whisper.cpp's server's throughput: **not measured** (the peer transcribed nothing).")
    else:
        w(f"Target: ours >= {target}x whisper.cpp's server's throughput: **{'met' if ratio >= target else 'missed'}** "
          f"({ratio:.2f}x over all rounds)"
          + ("." if best_ratio is None else
             f"; on the best rounds {'met' if best_ratio >= target else 'missed'} ({best_ratio:.2f}x)."))
    for name, d in (("ours", ours), ("whisper.cpp's server", peer)):
        if d["errors"] or not d["warmup_ok"]:
            w("")
            w(f"Errors from {name}: " + "; ".join(f"`{str(e)[:160]}`" for e in d["error_samples"]))
    print("\n".join(lines))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--target", action="append", required=True, help="NAME,URL,FIELDS(k=v&k=v),OUT.json")
    r.add_argument("--audio", required=True)
    r.add_argument("--concurrency", type=int, default=8)
    r.add_argument("--rounds", type=int, default=3)
    r.add_argument("--timeout", type=float, default=600)
    rep = sub.add_parser("report")
    rep.add_argument("--ours", required=True)
    rep.add_argument("--peer", required=True)
    rep.add_argument("--meta", action="append", default=[])
    args = p.parse_args()
    return run(args) if args.cmd == "run" else report(args)


if __name__ == "__main__":
    sys.exit(main())
