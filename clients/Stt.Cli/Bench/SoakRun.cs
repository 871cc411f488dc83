using Stt.V1;

namespace Stt.Cli.Bench;

/// <summary>
/// Leak hunting: after a warm-up, thousands of short streams one after another (in four lanes, each sent at 50x
/// real time), then many streams at once at real time, then a quiet pause; the server's memory, threads and
/// handles must come back to where they were, and no stream may be left open.
/// </summary>
internal static class SoakRun
{
    private const int WarmUpStreams = 20;
    private const int Lanes = 4; // sequential streams run in a few lanes so thousands fit in minutes
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public static async Task<SoakResult> RunAsync(
        SpeechToText.SpeechToTextClient client, IReadOnlyList<BenchClip> clips, TimeSpan duration, int concurrent,
        ServerProcessStats server, Action<string> say, CancellationToken cancellationToken)
    {
        var shortest = clips.MinBy(c => c.Duration)!;
        var shortLength = TimeSpan.FromSeconds(Math.Min(3, shortest.Duration.TotalSeconds));
        var (errors, rejected) = (0, 0);
        void Count(StreamProbe probe)
        {
            errors += probe.Error is not null && !probe.Rejected ? 1 : 0;
            rejected += probe.Rejected ? 1 : 0;
        }

        // Warm-up runs every path once (one at a time, then all at once) so that code loaded and compiled on
        // first use is in the baseline rather than counted as growth.
        say($"warm-up: {WarmUpStreams} short streams, then {concurrent} at once for 10 s");
        for (var i = 0; i < WarmUpStreams; i++)
        {
            var probe = new StreamProbe();
            await probe.RunAsync(client, [shortest], 0, shortLength, 50, cancellationToken);
            Count(probe);
        }

        var warmUp = Enumerable.Range(0, concurrent).Select(_ => new StreamProbe()).ToList();
        await Task.WhenAll(warmUp.Select((probe, i) => probe.RunAsync(client, clips, i, TimeSpan.FromSeconds(10), 1.0, cancellationToken)));
        warmUp.ForEach(Count);

        await Task.Delay(Settle, cancellationToken);
        var baseline = server.Snapshot();
        var peak = baseline;
        say($"baseline: {baseline.RssMb:F0} MB, {baseline.Threads} threads, {baseline.Handles} handles");

        var sequential = 0;
        var until = DateTime.UtcNow + (duration / 2);
        var gate = new Lock();
        say($"sequential: short streams one after another, in {Lanes} lanes, for {(duration / 2).TotalMinutes:F1} min");
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(async lane =>
        {
            while (DateTime.UtcNow < until)
            {
                var probe = new StreamProbe();
                await probe.RunAsync(client, clips, lane, shortLength, 50, cancellationToken);
                lock (gate)
                {
                    Count(probe);
                    if (++sequential % 100 == 0)
                    {
                        peak = Max(peak, server.Snapshot());
                    }
                }
            }
        }));

        say($"concurrent: {concurrent} real-time streams at once for {(duration / 2).TotalMinutes:F1} min");
        var probes = Enumerable.Range(0, concurrent).Select(_ => new StreamProbe()).ToList();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Max(peak, server.Snapshot());
                await Task.Delay(1000, CancellationToken.None);
            }
        }, CancellationToken.None);
        await Task.WhenAll(probes.Select((probe, i) => probe.RunAsync(client, clips, i, duration / 2, 1.0, cancellationToken)));
        await sampling.CancelAsync();
        await sampler;
        probes.ForEach(Count);

        say($"settling for {Settle.TotalSeconds:F0} s");
        await Task.Delay(Settle, cancellationToken);
        var info = await client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken);
        return new SoakResult(sequential, concurrent, duration.TotalMinutes, errors, rejected, baseline, peak, server.Snapshot(), info.Load.ActiveStreams);
    }

    private static ProcessSnapshot Max(ProcessSnapshot a, ProcessSnapshot b) =>
        new(Math.Max(a.RssMb, b.RssMb), Math.Max(a.Threads, b.Threads), Math.Max(a.Handles, b.Handles));
}
