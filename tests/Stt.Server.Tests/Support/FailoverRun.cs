using Stt.Client;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>
/// One live stream through <see cref="SpeechClient"/>, recorded: the finals the caller saw, the summary, and the
/// server streams it took (<see cref="StreamAttempt"/>), from which the audio lost and transcribed twice is counted.
/// </summary>
public sealed class FailoverRun
{
    private readonly TaskCompletionSource<Segment> _firstFinal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Segment> _finals = [];
    private readonly List<StreamAttempt> _attempts = [];

    private FailoverRun()
    {
    }

    /// <summary>Completes when the stream has ended (with the caller's error, if it failed).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public Task<Segment> FirstFinal => _firstFinal.Task;

    public IReadOnlyList<Segment> Finals
    {
        get
        {
            lock (_finals)
            {
                return [.. _finals];
            }
        }
    }

    public IReadOnlyList<StreamAttempt> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return [.. _attempts];
            }
        }
    }

    public SessionSummary? Summary { get; private set; }

    public static FailoverRun Start(SpeechClient client, float[] samples, SpeechStreamOptions options)
    {
        var run = new FailoverRun();
        options.AttemptEnded = attempt =>
        {
            lock (run._attempts)
            {
                run._attempts.Add(attempt);
            }
        };
        run.Completion = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in client.StreamAsync(samples, options))
                {
                    if (response.Segment is { IsFinal: true } final)
                    {
                        lock (run._finals)
                        {
                            run._finals.Add(final);
                        }

                        run._firstFinal.TrySetResult(final);
                    }

                    run.Summary = response.Summary ?? run.Summary;
                }
            }
            catch (Exception ex)
            {
                run._firstFinal.TrySetException(ex);
                throw;
            }
            finally
            {
                run._firstFinal.TrySetException(new InvalidOperationException("the stream ended without a final"));
            }
        });
        return run;
    }

    /// <summary>How the audio of a <paramref name="duration"/> recording was shared among the server streams.</summary>
    public AudioAccount Account(TimeSpan duration) => AudioAccount.Of(Attempts, duration);

    /// <summary>
    /// The caller saw one stream: finals numbered 1, 2, 3, ... in time order, never overlapping, inside the recording,
    /// and a summary of all of it.
    /// </summary>
    public void AssertOneTranscript(TimeSpan duration)
    {
        var finals = Finals;
        Assert.That(finals, Has.Count.GreaterThanOrEqualTo(2), "finals before and after the failover");
        Assert.That(finals.Select(f => f.Id), Is.EqualTo(Enumerable.Range(1, finals.Count).Select(i => (uint)i)), "final ids run on");
        for (var i = 0; i < finals.Count; i++)
        {
            Assert.That(finals[i].Start.ToTimeSpan(), Is.LessThanOrEqualTo(finals[i].End.ToTimeSpan()), $"final {i + 1}");
            Assert.That(finals[i].End.ToTimeSpan(), Is.LessThanOrEqualTo(duration + TimeSpan.FromMilliseconds(20)), $"final {i + 1} inside the recording");
            if (i > 0)
            {
                Assert.That(finals[i].Start.ToTimeSpan(), Is.GreaterThanOrEqualTo(finals[i - 1].End.ToTimeSpan()), $"final {i + 1} does not overlap the one before");
            }
        }

        Assert.That(Summary, Is.Not.Null);
        Assert.That(Summary!.AudioSeconds, Is.EqualTo(duration.TotalSeconds).Within(0.021), "the summary covers the whole recording");
        Assert.That(Summary.FinalSegments, Is.EqualTo(finals.Count));
        Assert.That(Attempts.Sum(a => a.DuplicatesDropped), Is.Zero, "no server stream sent a final for audio an earlier one had finalised");
    }
}
