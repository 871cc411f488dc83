using System.Globalization;
using System.Text;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Inference;

/// <summary>
/// Per-pass cost of the scripted tiny models on this machine, as whisper.cpp times it: encoder and decoder
/// milliseconds for 1, 4, 10 and 28 s of audio, at the full audio context and at one sized to the audio, with and
/// without flash attention, for f16, q8_0 and q5_1. Repeats every configuration (interleaved, so background load
/// spreads over all of them) and reports medians and minima as a Markdown table (docs/benchmarks.md, "Per pass").
/// Run: <c>dotnet test tests/Stt.Core.Tests -c Release -p:SkipWebBuild=true --filter "FullyQualifiedName~ScriptedModelBenchmark"
/// --logger "console;verbosity=detailed"</c>; STT_BENCH_REPEATS (default 7), STT_BENCH_THREADS (default 2) and
/// STT_BENCH_OUT (a file for the table) adjust it.
/// </summary>
[Explicit("a benchmark: about 20 minutes on 2 cores")]
[Category("benchmark")]
[NonParallelizable]
[Integration]
public sealed class ScriptedModelBenchmark
{
    private static readonly int[] Seconds = [1, 4, 10, 28];

    [Test]
    public void WhisperFull_ScriptedTinyModels_PerPassTable()
    {
        var load = LoadAverage();
        var repeats = Setting("STT_BENCH_REPEATS", 7);
        var threads = Setting("STT_BENCH_THREADS", 2);
        var speech = TestSpeech.Jfk.Samples;
        var models = new[] { SyntheticModelSpec.TinyEn, SyntheticModelSpec.TinyEnQ8, SyntheticModelSpec.TinyEnQ5 };
        var engines = models.SelectMany(m => new[] { false, true }.Select(flash => (Model: m, Flash: flash, Whisper: NativeWhisper.Load(TestModels.PathOf(m), flash)))).ToList();
        try
        {
            var configurations = engines
                .SelectMany(e => Seconds.SelectMany(s => new[] { 0, (s * 50) + 64 }.Select(context => (Engine: e, Seconds: s, Context: context))))
                .ToList();
            var audio = Seconds.ToDictionary(s => s, s => Enumerable.Range(0, s * 16000).Select(i => speech[i % speech.Length]).ToArray());
            var passes = configurations.ToDictionary(c => c, _ => new List<NativePass>());
            foreach (var (engine, _, _) in configurations.DistinctBy(c => c.Engine))
            {
                engine.Whisper.Run(audio[1], threads, 0); // warm-up: first-use allocations
            }

            for (var r = 0; r < repeats; r++)
            {
                foreach (var c in configurations)
                {
                    passes[c].Add(c.Engine.Whisper.Run(audio[c.Seconds], threads, c.Context));
                }

                TestContext.Progress.WriteLine($"round {r + 1} of {repeats} done");
            }

            var table = new StringBuilder()
                .AppendLine("| Model | Flash attention | Audio | Audio context | Encoder ms | Decoder ms | Whole pass ms | Tokens decoded | Fallbacks |")
                .AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var c in configurations)
            {
                var p = passes[c];
                table.AppendLine(CultureInfo.InvariantCulture, $"| {c.Engine.Model.Name} | {(c.Engine.Flash ? "on" : "off")} | {c.Seconds} s | {(c.Context == 0 ? 1500 : c.Context)} "
                    + $"| {Figure(p, x => x.EncodeMs)} | {Figure(p, x => x.DecodeMs)} | {Figure(p, x => x.WallMs)} "
                    + $"| {p[0].DecoderRuns} | {p.Max(x => x.Fallbacks)} |");
            }

            var report = $"Median (minimum) of {repeats} passes, {threads} threads; load average {load} at the start, {LoadAverage()} at the end.\n\n{table}";
            TestContext.Out.WriteLine(report);
            if (Environment.GetEnvironmentVariable("STT_BENCH_OUT") is { Length: > 0 } output)
            {
                File.WriteAllText(output, report);
            }

            Assert.That(passes.Values.SelectMany(p => p).Select(p => p.Fallbacks), Has.All.Zero);
        }
        finally
        {
            engines.ForEach(e => e.Whisper.Dispose());
        }
    }

    // The median is what a pass costs on this machine as it is; the minimum, what it costs when nothing else runs.
    private static string Figure(List<NativePass> passes, Func<NativePass, double> value)
    {
        var sorted = passes.Select(value).Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:F0} ({sorted[0]:F0})");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
