using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stt.Core.Inference;

/// <summary>
/// Gives memory back after a burst. Each pass allocates whisper.cpp's working buffers with malloc and each live
/// stream its audio windows on the managed heap; after the streams end, glibc keeps the freed native pages in
/// its arenas and the GC keeps its segments, so the process stays at its peak. Once the scheduler has been idle
/// for <see cref="InferenceOptions.TrimAfterIdle"/>, this compacts the managed heap (large objects included) and
/// asks glibc to return free pages (<c>malloc_trim</c>). Once per idle period; never while passes run.
/// </summary>
public sealed partial class IdleMemoryTrimmer(IInferenceLoad load, IOptions<InferenceOptions> options, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleAfter = options.Value.TrimAfterIdle;
        if (idleAfter <= TimeSpan.Zero)
        {
            return;
        }

        var completed = 0L;
        load.PassCompleted += _ => Interlocked.Increment(ref completed);
        var trimmedAt = 0L;
        var idleSince = DateTime.UtcNow;
        using var timer = new PeriodicTimer(Poll);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (load.RunningPasses > 0 || load.QueuedPasses > 0)
                {
                    idleSince = DateTime.UtcNow;
                    continue;
                }

                var passes = Interlocked.Read(ref completed);
                if (passes != trimmedAt && DateTime.UtcNow - idleSince >= idleAfter)
                {
                    trimmedAt = passes;
                    Trim();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutdown
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();

        LogTrimmed(before / 1048576, Environment.WorkingSet / 1048576);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Idle: memory trimmed from {BeforeMb} MB to {AfterMb} MB")]
    private partial void LogTrimmed(long beforeMb, long afterMb);
}
