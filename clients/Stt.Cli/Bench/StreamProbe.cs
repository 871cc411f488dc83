using System.Diagnostics;
using Grpc.Core;
using Stt.Client;
using Stt.V1;

namespace Stt.Cli.Bench;

/// <summary>
/// One live stream of the benchmark: sends clips back to back as 20 ms Opus packets in 100 ms messages at
/// real-time pace (times the rate), and measures, per utterance, the time from the audio the server says
/// started or ended it to its first interim and its first final. Audio offsets are mapped to the wall time
/// the message holding them was sent, so the server's own clock never enters the figures.
/// </summary>
internal sealed class StreamProbe
{
    private const int PacketsPerMessage = 5;
    private readonly List<(double AudioEnd, double SentAt)> _sent = [];
    private readonly Dictionary<uint, double> _speechStartedAt = [];
    private readonly Dictionary<uint, double> _endedAt = [];
    private readonly Dictionary<uint, List<double>> _interimsAt = [];
    private readonly HashSet<uint> _finalSeen = [];
    private readonly Stopwatch _clock = new();

    public List<double> FirstInterimMs { get; } = [];

    public List<double> FinalMs { get; } = [];

    public List<double> InterimGapsMs { get; } = [];

    public double MaxSendLagMs { get; private set; }

    public SessionSummary? Summary { get; private set; }

    public string? Error { get; private set; }

    public bool Rejected { get; private set; }

    /// <summary>When the call failed, ms from its start (how fast a refusal came).</summary>
    public double? FailedAfterMs { get; private set; }

    public async Task RunAsync(SpeechToText.SpeechToTextClient client, IReadOnlyList<BenchClip> clips, int firstClip, TimeSpan duration, double rate, CancellationToken cancellationToken)
    {
        Task? receiving = null;
        try
        {
            using var call = client.StreamingTranscribe(cancellationToken: cancellationToken);
            _clock.Start();
            var sender = new PacedAudioSender(Pacing.RealTime, rate);
            receiving = ReceiveAsync(call.ResponseStream, cancellationToken);
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest
            {
                Config = new StreamingConfig
                {
                    Encoding = AudioEncoding.Opus,
                    SampleRateHertz = OpusPacketizer.SampleRate,
                    Channels = 1,
                    Language = "en",
                    InterimResults = true,
                    Pacing = rate > 1.0 ? AudioPacing.File : AudioPacing.Live, // faster than real time is a recording
                },
            }, cancellationToken);

            await foreach (var chunk in sender.PaceAsync(Messages(clips, firstClip, duration), m => OpusMessages.DurationOf(m.Length), cancellationToken))
            {
                if (receiving.IsCompleted)
                {
                    break; // the server ended the call (refused, or failed): its status is the outcome
                }

                await call.RequestStream.WriteAsync(OpusMessages.Of(chunk), cancellationToken);
                MaxSendLagMs = sender.MaxLag.TotalMilliseconds;
                var audioEnd = sender.Sent + OpusMessages.DurationOf(chunk.Length);
                lock (_sent)
                {
                    _sent.Add((audioEnd.TotalSeconds, _clock.Elapsed.TotalSeconds));
                }
            }

            await call.RequestStream.CompleteAsync();
            await receiving;
        }
        catch (RpcException ex)
        {
            // A write the server's end of the call beat fails on this side (CANCELLED); the call's own status is
            // what the response stream ended with.
            if (ex.StatusCode == StatusCode.Cancelled && receiving is not null)
            {
                await receiving.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                ex = receiving.Exception?.InnerException as RpcException ?? ex;
            }

            FailedAfterMs ??= _clock.Elapsed.TotalMilliseconds;
            Rejected = ex.StatusCode == StatusCode.ResourceExhausted;
            Error = $"{ex.StatusCode}: {ex.Status.Detail}";
        }
    }

    /// <summary>The clips from <paramref name="firstClip"/> on, round and round, whole, until <paramref name="duration"/> is reached, in messages.</summary>
    private static IEnumerable<byte[][]> Messages(IReadOnlyList<BenchClip> clips, int firstClip, TimeSpan duration)
    {
        var audio = TimeSpan.Zero;
        for (var clip = firstClip; audio < duration; clip++)
        {
            foreach (var chunk in clips[clip % clips.Count].Packets.Chunk(PacketsPerMessage))
            {
                yield return chunk;
                audio += OpusMessages.DurationOf(chunk.Length);
            }
        }
    }

    private async Task ReceiveAsync(IAsyncStreamReader<StreamingTranscribeResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            await ReadResponsesAsync(responses, cancellationToken);
        }
        catch (RpcException)
        {
            FailedAfterMs = _clock.Elapsed.TotalMilliseconds;
            throw;
        }
    }

    private async Task ReadResponsesAsync(IAsyncStreamReader<StreamingTranscribeResponse> responses, CancellationToken cancellationToken)
    {
        await foreach (var response in responses.ReadAllAsync(cancellationToken))
        {
            var now = _clock.Elapsed.TotalSeconds;
            switch (response.ResponseCase)
            {
                case StreamingTranscribeResponse.ResponseOneofCase.SpeechEvent:
                    var e = response.SpeechEvent;
                    var at = SentAt(e.Offset.ToTimeSpan().TotalSeconds);
                    (e.Type == SpeechEvent.Types.Type.SpeechStarted ? _speechStartedAt : _endedAt)[e.UtteranceId] = at;
                    break;
                case StreamingTranscribeResponse.ResponseOneofCase.Segment when !response.Segment.IsFinal:
                    var u = response.Segment.UtteranceId;
                    if (!_interimsAt.TryGetValue(u, out var times))
                    {
                        _interimsAt[u] = times = [];
                        if (_speechStartedAt.TryGetValue(u, out var started))
                        {
                            FirstInterimMs.Add((now - started) * 1000);
                        }
                    }
                    else
                    {
                        InterimGapsMs.Add((now - times[^1]) * 1000);
                    }

                    times.Add(now);
                    break;
                case StreamingTranscribeResponse.ResponseOneofCase.Segment:
                    if (_finalSeen.Add(response.Segment.UtteranceId) && _endedAt.TryGetValue(response.Segment.UtteranceId, out var ended))
                    {
                        FinalMs.Add((now - ended) * 1000);
                    }

                    break;
                case StreamingTranscribeResponse.ResponseOneofCase.Summary:
                    Summary = response.Summary;
                    break;
            }
        }
    }

    /// <summary>When the message holding audio offset <paramref name="seconds"/> was sent.</summary>
    private double SentAt(double seconds)
    {
        lock (_sent)
        {
            var index = _sent.FindIndex(s => s.AudioEnd >= seconds - 1e-6);
            return index >= 0 ? _sent[index].SentAt : _clock.Elapsed.TotalSeconds;
        }
    }
}
