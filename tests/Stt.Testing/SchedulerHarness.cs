using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stt.Core.Inference;
using Stt.Core.Models;

namespace Stt.Testing;

/// <summary>A started scheduler over a <see cref="FakeRecognizer"/>.</summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private SchedulerHarness(InferenceScheduler scheduler, FakeRecognizer recognizer)
    {
        Scheduler = scheduler;
        Recognizer = recognizer;
    }

    public InferenceScheduler Scheduler { get; }

    public FakeRecognizer Recognizer { get; }

    public static async Task<SchedulerHarness> StartAsync(FakeRecognizer recognizer, int workers = 1, int capacity = 64)
    {
        var host = new SpeechModelHost();
        host.SetReady(recognizer, new LoadedModel("fake", "fake", SyntheticModelSpec.Small.HyperParameters, true, 0));
        var options = Options.Create(new InferenceOptions { Workers = workers, ThreadsPerWorker = 1, MaxQueuedPasses = capacity });
        var scheduler = new InferenceScheduler(host, options, NullLogger<InferenceScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        return new SchedulerHarness(scheduler, recognizer);
    }

    public async ValueTask DisposeAsync()
    {
        Recognizer.Release();
        await Scheduler.StopAsync(CancellationToken.None);
        Scheduler.Dispose();
    }
}
