using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stt.Client;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.V1;

namespace Stt.Cli.Bench;

/// <summary>
/// `stt bench --direct`: the clips through Whisper.net in-process (no network, no streaming; the server's model
/// and threads per pass), then through the server's unary call and one real-time stream, and N concurrent unary
/// calls of the longest clip.
/// </summary>
internal static class DirectBaseline
{
    public static async Task<DirectResult> RunAsync(
        SpeechToText.SpeechToTextClient client, IReadOnlyList<BenchClip> clips, string? cache, int concurrentCalls, Action<string> say, CancellationToken cancellationToken)
    {
        var info = await client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken);
        var resolver = new ModelResolver(
            Options.Create(new ModelOptions { Model = info.Model.Name, ModelCache = cache }), new HttpClient(), NullLogger<ModelResolver>.Instance);
        var (path, _) = await resolver.ResolveAsync(cancellationToken);
        // A lone pass on the server gets every core when its threads are automatic: the baseline gets the same.
        var threads = Math.Max(info.Model.ThreadsPerWorker, info.Model.MaxThreadsPerPass);
        using var recognizer = WhisperRecognizer.Load(path, new InferenceOptions { ThreadsPerWorker = threads });
        var english = new RecognitionOptions("en");
        await recognizer.RecognizeAsync(new float[16000], english, cancellationToken); // warm-up, as the server does

        say($"direct: {clips.Count} clips through Whisper.net in-process ({info.Model.Name}, {threads} thread(s))");
        double direct = 0, unary = 0;
        foreach (var clip in clips)
        {
            var stopwatch = Stopwatch.StartNew();
            await recognizer.RecognizeAsync(clip.Samples, english, cancellationToken);
            direct += stopwatch.Elapsed.TotalSeconds;
        }

        say("unary: the same clips through Transcribe");
        var files = clips.Select(c => ByteString.CopyFrom(PcmWav.Encode(c.Samples))).ToList();
        foreach (var file in files)
        {
            var stopwatch = Stopwatch.StartNew();
            await client.TranscribeAsync(new TranscribeRequest { Content = file, Language = "en" }, cancellationToken: cancellationToken);
            unary += stopwatch.Elapsed.TotalSeconds;
        }

        var audio = clips.Sum(c => c.Duration.TotalSeconds);
        say($"streaming: one real-time stream of the same {audio:F0} s");
        var stream = await LoadRun.RunAsync(client, clips, 1, TimeSpan.FromSeconds(audio), 1.0, null, cancellationToken);

        var longest = clips.MaxBy(c => c.Duration)!;
        say($"concurrent unary: {concurrentCalls} Transcribe calls of {longest.Name} ({longest.Duration.TotalSeconds:F1} s) at once");
        var content = ByteString.CopyFrom(PcmWav.Encode(longest.Samples));
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrentCalls).Select(_ =>
            client.TranscribeAsync(new TranscribeRequest { Content = content, Language = "en" }, cancellationToken: cancellationToken).ResponseAsync));

        return new DirectResult(info.Model.Name, threads, audio, direct, unary, stream.InferenceSeconds,
            concurrentCalls, concurrentCalls * longest.Duration.TotalSeconds, wall.Elapsed.TotalSeconds);
    }
}
