using Stt.Core.Inference;

namespace Stt.Core.Tests.Inference;

[Unit]
public sealed class InferenceQueueTests
{
    private static QueuedPass Pass(PassPriority priority, bool live) =>
        new(new InferenceRequest(new float[16000], new RecognitionOptions("en"), priority, null, live), CancellationToken.None);

    [Test]
    public async Task DequeueAsync_FilePassesQueuedFirst_LiveFinalsGoBeforeThemInArrivalOrder()
    {
        var queue = new InferenceQueue(16);
        var file1 = Pass(PassPriority.Final, live: false);
        var file2 = Pass(PassPriority.Final, live: false);
        var interim = Pass(PassPriority.Interim, live: true);
        var live1 = Pass(PassPriority.Final, live: true);
        var live2 = Pass(PassPriority.Final, live: true);
        foreach (var pass in new[] { file1, interim, file2, live1, live2 })
        {
            queue.Enqueue(pass);
        }

        var order = new List<QueuedPass>();
        for (var i = 0; i < 5; i++)
        {
            order.Add(await queue.DequeueAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.That(order, Is.EqualTo(new[] { live1, live2, file1, file2, interim }));
    }
}
