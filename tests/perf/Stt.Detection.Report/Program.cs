// Speech detectors side by side on real noise and real speech (issue: speech detection). Usage:
//   dotnet run -c Release --project tests/perf/Stt.Detection.Report -- --noise ../shared/noise --speech ../shared/audio
//     [--generated] [--vad-model FILE] [--threshold 0.5] [--min-speech 100]
// Writes Markdown: per recording, the utterances each detector opens and the share of audio it sends to the model;
// for speech, the share of the reference speech (offline Silero segments, padded) inside utterances.
using System.Globalization;
using Microsoft.Extensions.Options;
using Stt.Audio;
using Stt.Core.Detection;
using Stt.Core.Streaming;
using Stt.Detection.Report;
using Whisper.net;

var arguments = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "true");
string? Arg(string name) => arguments.TryGetValue(name, out var v) ? v : null;
var invariant = CultureInfo.InvariantCulture;

StreamingOptions OptionsFor(VoiceActivityDetection kind) => new()
{
    Vad = kind,
    VadModel = Arg("vad-model"),
    VadThreshold = double.Parse(Arg("threshold") ?? "0.5", invariant),
    MinSpeech = TimeSpan.FromMilliseconds(double.Parse(Arg("min-speech") ?? "100", invariant)),
};

VoiceActivityDetection[] kinds = [VoiceActivityDetection.Energy, VoiceActivityDetection.Silero];
var detectors = kinds.ToDictionary(k => k, k => new SpeechDetectors(Options.Create(OptionsFor(k))));
var silero = detectors[VoiceActivityDetection.Silero];
Console.WriteLine($"Silero model: {silero.ModelPath}; threshold {OptionsFor(0).VadThreshold}, minimum speech {OptionsFor(0).MinSpeech.TotalMilliseconds} ms; other settings as shipped.");
Console.WriteLine();

var sileroTime = TimeSpan.Zero;
var endOfSpeech = new Dictionary<VoiceActivityDetection, (double P50, double Max, int Count)>();
var sileroAudio = 0L;

if (Arg("noise") is { } noiseFolder)
{
    var noise = await Recordings.ReadAsync(noiseFolder);
    if (Arg("generated") is not null)
    {
        noise.AddRange(Recordings.Generated());
    }

    Console.WriteLine("### Non-speech: what reaches the model");
    Console.WriteLine();
    Console.WriteLine("| recording | seconds | energy: utterances | energy: audio to model | silero: utterances | silero: audio to model |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var opened = kinds.ToDictionary(k => k, _ => 0);
    var toModel = kinds.ToDictionary(k => k, _ => 0L);
    var total = 0L;
    foreach (var (name, samples) in noise)
    {
        var cells = new List<string>();
        foreach (var kind in kinds)
        {
            var (spans, time) = Run(kind, samples);
            var sent = spans.Sum(s => s.End - s.Start);
            opened[kind] += spans.Count > 0 ? 1 : 0;
            toModel[kind] += sent;
            cells.Add($"{spans.Count} | {Percent(sent, samples.Length)}");
        }

        total += samples.Length;
        Console.WriteLine($"| {name} | {Seconds(samples.Length)} | {string.Join(" | ", cells)} |");
    }

    Console.WriteLine($"| **all {noise.Count}** | {Seconds(total)} | **{opened[kinds[0]]} open one** | **{Percent(toModel[kinds[0]], total)}** | **{opened[kinds[1]]} open one** | **{Percent(toModel[kinds[1]], total)}** |");
    Console.WriteLine();
}

if (Arg("speech") is { } speechFolder)
{
    var speech = await Recordings.ReadAsync(speechFolder);
    using var factory = WhisperVadFactory.FromPath(silero.ModelPath);
    using var reference = factory.CreateBuilder().WithThreads(1).Build();
    Console.WriteLine("### Speech: reference speech (offline Silero segments, 30 ms padding) inside utterances");
    Console.WriteLine();
    Console.WriteLine("| recording | seconds | speech (reference) | energy: covered | energy: segments cut | silero: covered | silero: segments cut |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    var covered = kinds.ToDictionary(k => k, _ => 0L);
    var cut = kinds.ToDictionary(k => k, _ => 0);
    var endDelays = kinds.ToDictionary(k => k, _ => new List<double>());
    var speechTotal = 0L;
    foreach (var (name, samples) in speech)
    {
        var segments = reference.DetectSpeech(samples).Select(s => (Start: AudioTime.ToSamples(s.Start), End: Math.Min(samples.Length, AudioTime.ToSamples(s.End)))).ToList();
        var length = segments.Sum(s => s.End - s.Start);
        speechTotal += length;
        var cells = new List<string>();
        foreach (var kind in kinds)
        {
            var (spans, _) = Run(kind, samples);
            var inside = segments.Sum(s => Utterances.Covered(s, spans));
            var cuts = segments.Count(s => Utterances.Covered(s, spans) < s.End - s.Start);
            covered[kind] += inside;
            cut[kind] += cuts;
            cells.Add($"{Percent(inside, length)} | {cuts} of {segments.Count}");
            if (Arg("spans") is not null)
            {
                Console.Error.WriteLine($"{name} {kind}: {string.Join(", ", spans.Select(s => $"{s.Start / 16000.0:0.00}-{s.End / 16000.0:0.00}"))}");
            }
        }

        Console.WriteLine($"| {name} | {Seconds(samples.Length)} | {Seconds(length)} | {string.Join(" | ", cells)} |");
    }

    // Endpointing delay: every recording one after another with 1.5 s of silence between, so every utterance ends
    // inside the stream; from the end of its last reference speech to the moment its end is announced.
    var gap = new float[24000];
    var joined = new List<float>();
    var joinedSpeech = new List<(long Start, long End)>();
    foreach (var (_, samples) in speech)
    {
        joinedSpeech.AddRange(reference.DetectSpeech(samples).Select(s => ((long)joined.Count + AudioTime.ToSamples(s.Start), (long)joined.Count + Math.Min(samples.Length, AudioTime.ToSamples(s.End)))));
        joined.AddRange(samples);
        joined.AddRange(gap);
    }

    foreach (var kind in kinds)
    {
        var detector = detectors[kind].Create();
        var (spans, announcedAt, _) = Utterances.FindWithAnnouncements([.. joined], detector, OptionsFor(kind));
        (detector as IDisposable)?.Dispose();
        for (var u = 0; u < spans.Count; u++)
        {
            var speechEnd = joinedSpeech.Where(r => r.End <= spans[u].End + 1600 && r.End > spans[u].Start).Select(r => r.End).DefaultIfEmpty(-1).Max();
            if (speechEnd >= 0)
            {
                endDelays[kind].Add((announcedAt[u] - speechEnd) / 16.0);
            }
        }
    }

    foreach (var kind in kinds)
    {
        var delays = endDelays[kind].Order().ToList();
        if (delays.Count > 0)
        {
            Console.Error.WriteLine($"{kind}: end of speech to end of utterance announced, ms: p50 {delays[delays.Count / 2]:0}, max {delays[^1]:0} over {delays.Count} utterances");
            endOfSpeech[kind] = (delays[delays.Count / 2], delays[^1], delays.Count);
        }
    }

    Console.WriteLine($"| **all {speech.Count}** | | {Seconds(speechTotal)} | **{Percent(covered[kinds[0]], speechTotal)}** | **{cut[kinds[0]]}** | **{Percent(covered[kinds[1]], speechTotal)}** | **{cut[kinds[1]]}** |");

    // Marginal speech: the same recordings 20 dB quieter, and behind noise (the street traffic recording when there, else pink noise).
    var background = Arg("noise") is { } folder && File.Exists(Path.Combine(folder, "street_traffic.wav"))
        ? AudioFileDecoder.Decode(await File.ReadAllBytesAsync(Path.Combine(folder, "street_traffic.wav")), AudioBudget.Unlimited).Samples
        : Recordings.Generated()[1].Samples;
    foreach (var (variant, change) in new (string, Func<float[], float[]>)[]
    {
        ("20 dB quieter", x => [.. x.Select(v => v * 0.1f)]),
        ("behind street noise (same peak level)", x => Mix(x, background)),
        ("after 3 s of street noise", x => [.. background.Take(3 * AudioTime.SampleRate), .. Mix(x, background)]),
    })
    {
        var variantCovered = kinds.ToDictionary(k => k, _ => 0L);
        var variantCut = kinds.ToDictionary(k => k, _ => 0);
        var variantTotal = 0L;
        foreach (var (_, samples) in speech)
        {
            var changed = change(samples);
            var shift = changed.Length - samples.Length;
            var segments = reference.DetectSpeech(samples).Select(s => (Start: shift + AudioTime.ToSamples(s.Start), End: shift + Math.Min(samples.Length, AudioTime.ToSamples(s.End)))).ToList();
            variantTotal += segments.Sum(s => s.End - s.Start);
            foreach (var kind in kinds)
            {
                var (spans, _) = Run(kind, changed);
                variantCovered[kind] += segments.Sum(s => Utterances.Covered(s, spans));
                variantCut[kind] += segments.Count(s => Utterances.Covered(s, spans) < s.End - s.Start);
            }
        }

        Console.WriteLine($"| all {speech.Count}, {variant} | | {Seconds(variantTotal)} | {Percent(variantCovered[kinds[0]], variantTotal)} | {variantCut[kinds[0]]} | {Percent(variantCovered[kinds[1]], variantTotal)} | {variantCut[kinds[1]]} |");
    }

    Console.WriteLine();
}

static float[] Mix(float[] speech, float[] noise)
{
    var peak = Math.Max(1e-6f, speech.Max(Math.Abs)) / Math.Max(1e-6f, noise.Max(Math.Abs));
    return [.. speech.Select((v, i) => (v + noise[i % noise.Length] * peak) / 2)];
}

foreach (var (kind, delay) in endOfSpeech)
{
    Console.WriteLine($"Endpointing, {kind}: from the end of the reference speech to the end of its utterance being announced, p50 {delay.P50:0} ms, max {delay.Max:0} ms over {delay.Count} utterances (EndOfUtteranceSilence is {new StreamingOptions().EndOfUtteranceSilence.TotalMilliseconds:0} ms).");
}

if (sileroAudio > 0)
{
    var perSecond = sileroTime.TotalMilliseconds / AudioTime.FromSamples(sileroAudio).TotalSeconds;
    Console.WriteLine($"Silero cost (one thread, 32 ms windows scored as they complete): {perSecond.ToString("0.0", invariant)} ms per second of audio " +
        $"({(perSecond / 10).ToString("0.00", invariant)}% of a core per live stream), over {AudioTime.FromSamples(sileroAudio).TotalSeconds.ToString("0", invariant)} s of audio.");
}

// Memory per live stream: the resident memory fifty more detectors (contexts) take.
GC.Collect();
var before = Environment.WorkingSet;
var held = Enumerable.Range(0, 50).Select(_ => silero.Create()).ToList();
GC.Collect();
Console.WriteLine($"Silero memory: {((Environment.WorkingSet - before) / 50.0 / 1024).ToString("0", invariant)} KiB of resident memory per live stream (50 contexts held at once).");
held.ForEach(d => (d as IDisposable)?.Dispose());

foreach (var d in detectors.Values)
{
    d.Dispose();
}

(List<(long Start, long End)> Spans, TimeSpan Time) Run(VoiceActivityDetection kind, float[] samples)
{
    var detector = detectors[kind].Create();
    try
    {
        var result = Utterances.Find(samples, detector, OptionsFor(kind));
        if (kind == VoiceActivityDetection.Silero)
        {
            sileroTime += result.DetectorTime;
            sileroAudio += samples.Length;
        }

        return result;
    }
    finally
    {
        (detector as IDisposable)?.Dispose();
    }
}

string Seconds(long samples) => AudioTime.FromSamples(samples).TotalSeconds.ToString("0.0", invariant);

string Percent(long part, long whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", invariant) + "%";
