using Stt.V1;

namespace Stt.Cli.Bench;

/// <summary>N streams at once for a duration, with the local server's CPU and memory watched.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(
        SpeechToText.SpeechToTextClient client, IReadOnlyList<BenchClip> clips, int streams, TimeSpan duration, double rate,
        ServerProcessStats? server, CancellationToken cancellationToken, bool together = false)
    {
        var probes = Enumerable.Range(0, streams).Select(_ => new StreamProbe()).ToList();
        var cpuBefore = server?.CpuSeconds();
        var idleRss = server?.RssMb();
        double peakRss = idleRss ?? 0;
        using var sampling = new CancellationTokenSource();
        var sampler = server is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, server.RssMb());
                await Task.Delay(200, CancellationToken.None);
            }
        }, CancellationToken.None);

        // Streams start a little apart, as real users do (or all at once, to test admission), each on a different clip.
        await Task.WhenAll(probes.Select(async (probe, i) =>
        {
            await Task.Delay(together ? TimeSpan.Zero : TimeSpan.FromMilliseconds(i * 997 % 2000), cancellationToken);
            await probe.RunAsync(client, clips, i, duration, rate, cancellationToken);
        }));
        await sampling.CancelAsync();
        await sampler;

        var info = await client.GetServerInfoAsync(new GetServerInfoRequest(), cancellationToken: cancellationToken);
        var audio = probes.Sum(p => p.Summary?.AudioSeconds ?? 0);
        var inference = probes.Sum(p => p.Summary?.InferenceSeconds ?? 0);
        return new LoadResult(
            streams,
            Percentiles.Of(probes.SelectMany(p => p.FinalMs)),
            Percentiles.Of(probes.SelectMany(p => p.FirstInterimMs)),
            Percentiles.Of(probes.SelectMany(p => p.InterimGapsMs)),
            audio > 0 ? inference / audio : double.NaN,
            probes.Count(p => p.Error is not null && !p.Rejected),
            probes.Count(p => p.Rejected),
            probes.Max(p => p.MaxSendLagMs),
            server is null || audio == 0 ? null : (server.CpuSeconds() - cpuBefore!.Value) / audio,
            idleRss,
            server is null ? null : peakRss,
            audio,
            inference,
            Percentiles.Of(probes.Where(p => p.Rejected && p.FailedAfterMs is not null).Select(p => p.FailedAfterMs!.Value)),
            [.. probes.Where(p => p.Error is not null).Select(p => p.Error!).Distinct().Take(5)],
            info.Load.EstimatedStreamCapacity > 0 ? (int)info.Load.EstimatedStreamCapacity : null);
    }
}
