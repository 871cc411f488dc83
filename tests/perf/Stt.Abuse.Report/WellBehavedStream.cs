using Stt.Cli.Bench;
using Stt.Client;
using Stt.Testing;
using Stt.V1;

namespace Stt.Abuse.Report;

/// <summary>
/// The one well-behaved live stream beside the attacks: jfk speech, looped, as 20 ms Opus packets at real time over
/// StreamingTranscribe, measured by <c>stt bench</c>'s own probe (final latency: from when the message holding the end
/// of the utterance's audio was sent to when its first final arrived). Finals are numbered in arrival order, so a window
/// of the run (alone, one attack, all attacks) is a range of them.
/// </summary>
internal sealed class WellBehavedStream
{
    private readonly StreamProbe _probe = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private bool _stopped;

    /// <summary>Where the audio comes from ("jfk.wav (real speech)", or a stand-in when ../shared/audio is absent).</summary>
    public string Source { get; } = TestSpeech.Jfk.Source;

    /// <summary>True while the stream is open (the server has not ended it and it was not stopped).</summary>
    public bool IsOpen => !_run.IsCompleted;

    /// <summary>Finals measured so far.</summary>
    public int FinalCount => _probe.FinalMs.Count;

    /// <summary>How the stream ended when the server ended it (the status and its message); null while it runs or after a plain stop.</summary>
    public string? Error => _stopped && _probe.Error?.StartsWith("Cancelled", StringComparison.Ordinal) == true ? null : _probe.Error;

    /// <summary>Opens the stream and starts sending; it runs until <see cref="StopAsync"/> (up to three hours).</summary>
    public void Start(SpeechToText.SpeechToTextClient client)
    {
        var samples = TestSpeech.Jfk.Samples;
        BenchClip[] clips = [new BenchClip("jfk", samples, OpusPacketizer.Encode(samples))];
        _run = Task.Run(() => _probe.RunAsync(client, clips, 0, TimeSpan.FromHours(3), 1.0, _stop.Token));
    }

    /// <summary>Final latencies of finals <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), ms; read after <see cref="StopAsync"/>.</summary>
    public IReadOnlyList<double> Finals(int from, int to)
    {
        var all = _probe.FinalMs.ToArray();
        return all[Math.Min(from, all.Length)..Math.Min(to, all.Length)];
    }

    /// <summary>Cancels the stream (the server frees its place at once) and waits for it to end.</summary>
    public async Task StopAsync()
    {
        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or Grpc.Core.RpcException)
        {
            // cancelled on purpose; a stream that does not end within 15 s is dropped with the process
        }
    }
}
