#!/usr/bin/env python3
"""Renders the JSON results of tests/perf/run.sh as Markdown (docs/benchmarks.md). Standard library only."""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess

TARGETS_NOTE = """\
The synthetic model (synthetic-tiny) has tiny.en's dimensions. Its encoder has random weights and costs what a
real encoder costs; its decoder is scripted: three words per second of audio with a timestamp every second,
confidently (no temperature fallback), so a pass decodes about as many tokens as a real model on speech. What it
does not reproduce: a real model's fallbacks when it is unsure, its repetition loops, and its errors (the text is
a fixed word sequence, so no accuracy is measured). Reports before the scripted decoder used random decoder
weights (now `synthetic-tiny-random`): a few tokens per pass, each pass decoded six times by the fallback."""


def load(work, name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def ms(value):
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0f}"


def pct(p):
    return "-" if not p or p["Count"] == 0 else f"{ms(p['P50'])} / {ms(p['P95'])} / {ms(p['P99'])} / {ms(p['Max'])}"


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    try:
        dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        dotnet = "?"
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; .NET SDK {dotnet}"


def opus_real_time(micro):
    if not micro:
        return None
    for line in micro.splitlines():
        if "Opus decode" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            header = next(l for l in micro.splitlines() if l.startswith("| Method"))
            names = [c.strip() for c in header.strip().strip("|").split("|")]
            value = cells[names.index("x real time")].replace(",", "")
            return float(value) if value.replace(".", "", 1).isdigit() else None
    return None


def estimate_at(ramp, capacity):
    """The server's own capacity estimate after the ramp step at the measured capacity (or the last step)."""
    loads = ramp.get("loads") or []
    at = next((l for l in loads if l["Streams"] == capacity), loads[-1] if loads else None)
    return at and at.get("EstimatedCapacity")


def served_within(loads, bound_ms):
    """The most streams of a ramp served within the bound: p95 final, no errors, none refused, the client on time."""
    served = [l["Streams"] for l in loads if l["Errors"] == 0 and l["Rejected"] == 0 and not l["Invalid"]
              and l["FinalLatencyMs"]["Count"] > 0 and l["FinalLatencyMs"]["P95"] <= bound_ms]
    return max(served) if served else 0


def pass_counters(work):
    """Capped passes and context fallbacks over every server of the run, from the /metrics each left behind."""
    totals = {"stt_passes_capped_total": 0.0, "stt_context_fallbacks_total": 0.0}
    for name in os.listdir(work):
        if name.startswith("metrics-") and name.endswith(".txt"):
            with open(os.path.join(work, name), encoding="utf-8") as f:
                for line in f:
                    metric = line.split("{", 1)[0].split(" ", 1)[0]
                    if metric in totals:
                        totals[metric] += float(line.rsplit(" ", 1)[1])
    return f"{totals['stt_passes_capped_total']:.0f} capped / {totals['stt_context_fallbacks_total']:.0f} context fallbacks"


def ramp_table(out, title, intro, ramp):
    loads = ramp.get("loads") or []
    if not loads:
        return
    out.append(f"## {title}\n")
    out.append(intro + f" Capacity: **{ramp.get('capacity')}** (p95 final <= {ramp.get('latencyBoundMs', 1000):.0f} ms, no errors, none refused).\n")
    out.append("| Streams | Finals | Final latency ms (p50/p95/p99/max) | First interim ms | Interim gap p50 ms | Server CPU s / audio s | Peak RSS MB | Errors | Refused | Server's capacity estimate | Valid |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for l in loads:
        cpu = l.get("ServerCpuPerAudioSecond")
        out.append(f"| {l['Streams']} | {l['FinalLatencyMs']['Count']} | {pct(l['FinalLatencyMs'])} | {pct(l['FirstInterimMs'])} | {ms(l['InterimGapMs']['P50'])} | "
                   f"{'-' if cpu is None else f'{cpu:.3f}'} | {ms(l.get('PeakRssMb'))} | {l['Errors']} | {l['Rejected']} | {l.get('EstimatedCapacity') or '-'} | "
                   f"{'no (client lagged %.0f ms)' % l['MaxSendLagMs'] if l['Invalid'] else 'yes'} |")
    out.append("")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--mode", default="full")
    parser.add_argument("--idle-rss-kb", type=float, required=True)
    parser.add_argument("--commit", default="unknown")
    parser.add_argument("--audio", default="")
    args = parser.parse_args()

    direct = (load(args.work, "direct.json") or {}).get("direct")
    single = ((load(args.work, "single.json") or {}).get("loads") or [None])[0]
    ramp_off = load(args.work, "ramp-off.json") or {}
    ramp = load(args.work, "ramp-shipped.json") or {}
    loads = ramp.get("loads") or []
    overload = ((load(args.work, "overload.json") or {}).get("loads") or [None])[0]
    soak_doc = load(args.work, "soak.json")
    micro = None
    if os.path.exists(os.path.join(args.work, "micro.md")):
        with open(os.path.join(args.work, "micro.md"), encoding="utf-8") as f:
            micro = f.read()
    info = ""
    if os.path.exists(os.path.join(args.work, "info.txt")):
        with open(os.path.join(args.work, "info.txt"), encoding="utf-8") as f:
            info = re.sub(r"\x1b\[[0-9;]*m", "", f.read()).strip()

    idle_mb = args.idle_rss_kb / 1024
    valid = [l for l in loads if not l["Invalid"] and l.get("PeakRssMb")]
    per_stream = None
    if len(valid) >= 2:
        first, last = valid[0], valid[-1]
        per_stream = (last["PeakRssMb"] - first["PeakRssMb"]) / (last["Streams"] - first["Streams"])
    opus = opus_real_time(micro)
    full = args.mode == "full"
    measured_off = served_within(ramp_off.get("loads") or [], 2000)
    estimate = estimate_at(ramp_off, measured_off)
    estimate_error = abs(estimate - measured_off) / measured_off if estimate and measured_off else None

    within_2s = served_within(loads, 2000)
    at_2s = next((l for l in loads if l["Streams"] == within_2s), None)
    metrics = pass_counters(args.work)
    rows = [
        ("Single stream: p50 final latency (ms)", "<= 1000", single and single["FinalLatencyMs"]["P50"], lambda v: v <= 1000, "{:.0f}"),
        ("Single stream: p50 first interim after speech starts (ms)", "<= 1500", single and single["FirstInterimMs"]["P50"], lambda v: v <= 1500, "{:.0f}"),
        ("As shipped: real-time streams at p95 final <= 2.0 s, no errors, none refused", ">= 4", within_2s if full else None, lambda v: v >= 4, "{}"),
        ("As shipped: of those, streams at p95 final <= 1.0 s", "reported", served_within(loads, 1000) if full else None, None, "{}"),
        ("At the 2.0-s load: first interim p95 (ms)", "reported", at_2s and at_2s["FirstInterimMs"]["P95"] if full else None, None, "{:.0f}"),
        ("Capacity estimate (the server's) against the admission-off ramp's (p95 final <= 2.0 s)", "within 25%", estimate_error if full else None, lambda v: v <= 0.25,
         f"{{:.0%}} off (estimate {estimate}, ramp {measured_off})"),
        ("8 concurrent unary Transcribe of jfk.wav-length clips, aggregate x real time", "reported; >= 1.1x whisper.cpp's server is judged side by side (tests/perf/peer.sh, below)", direct and direct["ConcurrentUnaryRealTime"] if full else None, None, "{:.1f}"),
        ("Passes cut by the token cap / reduced-context interims run again at full context (all runs)", "counted", metrics, None, "{}"),
        ("Unary overhead ratio (server / direct Whisper.net)", "<= 1.05", direct and direct["OverheadRatio"], lambda v: v <= 1.05, "{:.2f}"),
        ("Streaming compute amplification", "<= 2.5", direct and direct["ComputeAmplification"], lambda v: v <= 2.5, "{:.2f}"),
        ("Server RSS idle, model loaded (MB)", "<= 300", idle_mb, lambda v: v <= 300, "{:.0f}"),
        ("Server RSS per additional live stream (MB)", "<= 3", per_stream, lambda v: v <= 3, "{:.1f}"),
        ("Opus decode, x real time per core", ">= 300", opus, lambda v: v >= 300, "{:.0f}"),
    ]

    out = []
    title = "Benchmarks" if args.mode == "full" else "Benchmarks (smoke run: short, not for comparison)"
    out.append(f"# {title}\n")
    out.append(f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    out.append(f"- Commit: `{args.commit}`")
    out.append(f"- Machine: {machine()}")
    out.append(f"- Audio: {args.audio}")
    out.append("- Reproduce: `bash tests/perf/run.sh` (builds Release, starts the server with `Stt__Model=synthetic-tiny`, "
               "runs the commands below against it, and rewrites this file)\n")
    out.append("Commands it runs (server on a free loopback port, `--server-pid` for its CPU and memory):\n")
    out.append("```sh")
    out.append("stt bench --direct --json direct.json                 # baseline, overhead, amplification, 8 unary calls")
    out.append("stt bench --streams 1 --duration 120 --json single.json")
    out.append("stt bench --ramp --duration 40 --min-finals 40 --json ramp-off.json      # admission off: 1, 2, 4, 6, 8, ... until p95 passes 2x the bound")
    out.append("stt bench --ramp --duration 40 --min-finals 40 --json ramp-shipped.json  # as shipped")
    out.append("stt bench --streams 2xCAPACITY --together --duration 40 --json overload.json")
    out.append("stt bench --soak --duration 960 --soak-streams 2xCAPACITY --json soak.json   # server restarted with admission and limits off")
    out.append("dotnet run -c Release --project tests/perf/Stt.Audio.Benchmarks -- --job short --exporters github")
    out.append("```\n")
    if info:
        out.append("Server:\n\n```\n" + info + "\n```\n")

    out.append("## Targets\n")
    out.append("| Measure | Target | Measured | Met |")
    out.append("|---|---|---|---|")
    for name, target, value, ok, fmt in rows:
        if value is None:
            out.append(f"| {name} | {target} | not measured in this run | - |")
        else:
            out.append(f"| {name} | {target} | {fmt.format(value)} | {'-' if ok is None else 'met' if ok(value) else '**missed**'} |")
    out.append("")

    if single:
        out.append("## Single stream\n")
        out.append(f"{single['AudioSeconds']:.0f} s of speech at real time. Latencies in ms, p50 / p95 / p99 / max.\n")
        out.append("| Final latency | First interim | Interim gap p50 | Model s per audio s | Server CPU s per audio s |")
        out.append("|---|---|---|---|---|")
        cpu = single.get("ServerCpuPerAudioSecond")
        out.append(f"| {pct(single['FinalLatencyMs'])} | {pct(single['FirstInterimMs'])} | {ms(single['InterimGapMs']['P50'])} | "
                   f"{single['RealTimeFactor']:.2f} | {'-' if cpu is None else f'{cpu:.3f}'} |\n")

    intro = ("Each stream sends 20 ms Opus packets of real speech at real time; each step runs until it can give at least 40 "
             "finals. Final latency: last audio of an utterance to its final. Interim gap: time between interims of one "
             "utterance (interims are thinned when every worker is busy).")
    ramp_table(out, "Concurrent streams, admission off (the machine's capacity)", intro, ramp_off)
    ramp_table(out, "Concurrent streams as shipped (admission on)", intro + " Streams the server refuses are counted, not served.", ramp)
    if overload:
        o = overload
        out.append("## Overload: admission control\n")
        what = "twice the capacity found by the ramp" if args.mode == "full" else "a server with a fixed ceiling of 2 streams"
        out.append(f"{o['Streams']} streams opened at the same moment against {what}, shipped settings otherwise: "
                   "admitted streams keep their latency, the rest are refused at once with RESOURCE_EXHAUSTED.\n")
        out.append("| Streams asked | Admitted | Refused | Time to refusal ms (p50/p95/p99/max) | Admitted: final latency ms (p50/p95/p99/max) | Other errors |")
        out.append("|---|---|---|---|---|---|")
        out.append(f"| {o['Streams']} | {o['Streams'] - o['Rejected']} | {o['Rejected']} | {pct(o.get('RejectionMs'))} | {pct(o['FinalLatencyMs'])} | {o['Errors']} |\n")

    if soak_doc:
        k = soak_doc["soak"]
        out.append("## Soak\n")
        out.append(f"{k['Minutes']:.0f} min against a server with admission control and per-caller limits off: {k['SequentialStreams']} short streams "
                   f"one after another (four lanes, 50x real time), then {k['ConcurrentStreams']} real-time streams at once, then 10 s of quiet. "
                   "Baseline: after a warm-up that runs both phases briefly.\n")
        out.append("| | RSS MB | Threads | Open handles |")
        out.append("|---|---|---|---|")
        for name, key in (("baseline", "Baseline"), ("peak", "Peak"), ("after", "After")):
            v = k[key]
            out.append(f"| {name} | {v['RssMb']:.0f} | {v['Threads']} | {v['Handles']} |")
        out.append("")
        out.append(f"Errors: {k['Errors']}; refused: {k['Rejected']}; streams left open: {k['StreamsLeftOpen']}; "
                   f"result: {'clean' if soak_doc['Clean'] else '**failed**'} (nothing left open, no errors); "
                   f"resources {'met' if soak_doc['ResourcesReturned'] else '**missed**'} (target: RSS, threads and handles back within 10%).\n")

    if direct:
        out.append("## Baseline: Whisper.net in-process\n")
        out.append(f"Model `{direct['Model']}`, {direct['Threads']} thread(s) per pass, {direct['AudioSeconds']:.1f} s of audio.\n")
        out.append("| Measure | Value |")
        out.append("|---|---|")
        out.append(f"| Direct Whisper.net, one pass per clip | {direct['DirectSeconds']:.2f} s |")
        out.append(f"| Unary Transcribe of the same clips | {direct['UnarySeconds']:.2f} s |")
        out.append(f"| Overhead ratio | {direct['OverheadRatio']:.2f} |")
        out.append(f"| Model time of one real-time stream of the clips (interims included) | {direct['StreamingInferenceSeconds']:.2f} s |")
        out.append(f"| Compute amplification | {direct['ComputeAmplification']:.2f} |")
        out.append(f"| {direct['ConcurrentUnaryCalls']} concurrent unary calls | {direct['ConcurrentUnaryAudioSeconds']:.0f} s of audio in "
                   f"{direct['ConcurrentUnaryWallSeconds']:.2f} s: {direct['ConcurrentUnaryRealTime']:.1f}x real time |\n")

    if micro:
        out.append("## Audio paths (BenchmarkDotNet)\n")
        out.append(micro.strip() + "\n")

    out.append("## What the synthetic model does not reproduce\n")
    out.append(TARGETS_NOTE + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
