using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Stt.Client;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Clients;

/// <summary>The pacing of live audio, on a clock the test moves.</summary>
[Unit]
public sealed class PacedAudioSenderTests
{
    private static readonly TimeSpan Piece = TimeSpan.FromMilliseconds(100);
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task PaceAsync_RealTime_EachPieceWhenTheAudioBeforeItHasHadItsTime()
    {
        var sender = new PacedAudioSender(Pacing.RealTime, time: _time);
        await using var pieces = sender.PaceAsync([1, 2, 3], _ => Piece).GetAsyncEnumerator();

        Assert.That(await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit), Is.True, "the first piece at once");
        var second = pieces.MoveNextAsync().AsTask();
        _time.Advance(Piece - TimeSpan.FromMilliseconds(1));
        Assert.That(second.IsCompleted, Is.False, "not before the first piece's 100 ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(await second.WaitAsync(TestTimeouts.Unit), Is.True);
        Assert.That(pieces.Current, Is.EqualTo(2));
        Assert.That(sender.Sent, Is.EqualTo(Piece));
        Assert.That(sender.MaxLag, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task PaceAsync_TwiceRealTime_EachPieceAfterHalfItsAudio()
    {
        var sender = new PacedAudioSender(Pacing.RealTime, rate: 2, time: _time);
        await using var pieces = sender.PaceAsync([1, 2], _ => Piece).GetAsyncEnumerator();
        await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit);

        var second = pieces.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.That(second.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(await second.WaitAsync(TestTimeouts.Unit), Is.True);
    }

    [Test]
    public async Task PaceAsync_AsFastAsPossible_EveryPieceWithoutWaiting()
    {
        var sender = new PacedAudioSender(Pacing.AsFastAsPossible, time: _time);

        var pieces = await sender.PaceAsync([1, 2, 3], _ => Piece).ToListAsync().AsTask().WaitAsync(TestTimeouts.Unit);

        Assert.That(pieces, Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(sender.Sent, Is.EqualTo(3 * Piece));
        Assert.That(sender.Elapsed, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task PaceAsync_CallerFellBehind_CatchesUpWithoutWaitingAndReportsTheLag()
    {
        var sender = new PacedAudioSender(Pacing.RealTime, time: _time);
        await using var pieces = sender.PaceAsync([1, 2, 3], _ => Piece).GetAsyncEnumerator();
        await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit);

        _time.Advance(TimeSpan.FromMilliseconds(250));

        Assert.That(await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit), Is.True, "the second piece, due at 100 ms");
        Assert.That(await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit), Is.True, "the third piece, due at 200 ms");
        Assert.That(sender.MaxLag, Is.EqualTo(TimeSpan.FromMilliseconds(150)));
    }

    [Test]
    public async Task PaceAsync_CancelledWhileWaiting_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var sender = new PacedAudioSender(Pacing.RealTime, time: _time);
        await using var pieces = sender.PaceAsync([1, 2], _ => Piece, cancel.Token).GetAsyncEnumerator();
        await pieces.MoveNextAsync().AsTask().WaitAsync(TestTimeouts.Unit);
        var second = pieces.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await second.WaitAsync(TestTimeouts.Unit));
        Assert.That(sender.Sent, Is.EqualTo(Piece));
    }

    [Test]
    public async Task SendAsync_Messages_WrittenInOrderAndCounted()
    {
        var sender = new PacedAudioSender(Pacing.AsFastAsPossible, time: _time);
        var requests = new RecordingWriter();
        var messages = OpusMessages.Chunk([[1], [2], [3], [4], [5]], 2).ToList();

        await sender.SendAsync(requests, messages).WaitAsync(TestTimeouts.Unit);

        Assert.That(requests.Written.Select(r => r.Audio.Opus.Packets.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(sender.Sent, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
    }

    private sealed class RecordingWriter : IAsyncStreamWriter<StreamingTranscribeRequest>
    {
        public List<StreamingTranscribeRequest> Written { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(StreamingTranscribeRequest message)
        {
            Written.Add(message);
            return Task.CompletedTask;
        }
    }
}
