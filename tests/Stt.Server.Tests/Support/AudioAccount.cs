using Stt.Client;

namespace Stt.Server.Tests.Support;

/// <summary>
/// Audio of a live stream that no server transcribed (lost) and that two servers transcribed (duplicated), counted from
/// the server streams it took. Each stream covers its audio from where it started up to where it confirmed the audio
/// (its last final; all it received when it sent a summary); the next one must start exactly there. Where a server
/// sent its own summary, its count of the audio it received is checked against where the next stream started too.
/// </summary>
public sealed record AudioAccount(TimeSpan Lost, TimeSpan Duplicated, TimeSpan SentAgain, IReadOnlyList<StreamAttempt> Attempts)
{
    public static AudioAccount Of(IReadOnlyList<StreamAttempt> attempts, TimeSpan duration)
    {
        var lost = attempts.Count > 0 ? attempts[0].From : duration;
        var duplicated = TimeSpan.Zero;
        var sentAgain = TimeSpan.Zero;
        for (var i = 0; i < attempts.Count; i++)
        {
            var attempt = attempts[i];
            lost += attempt.Skipped;
            // A server counts the audio it decoded: the resampler holds back its last 2.5 ms (its filter's delay, on
            // any stream), so its count is taken to the packet: 20 ms.
            var transcribedTo = attempt.Summary is { } summary ? attempt.From + TimeSpan.FromMilliseconds(Math.Round(summary.AudioSeconds * 50) * 20) : attempt.Confirmed;
            if (i + 1 < attempts.Count)
            {
                var next = attempts[i + 1].From;
                lost += Positive(next - attempt.Confirmed);
                duplicated += Positive(attempt.Confirmed - next);
                duplicated += Positive(transcribedTo - next);
                sentAgain += Positive(attempt.From + attempt.Sent - next);
            }
            else
            {
                lost += Positive(duration - transcribedTo);
            }
        }

        return new AudioAccount(lost, duplicated, sentAgain, attempts);
    }

    public override string ToString() =>
        $"lost {Lost.TotalSeconds:F3} s, transcribed twice {Duplicated.TotalSeconds:F3} s, sent again {SentAgain.TotalSeconds:F2} s; streams: "
        + string.Join("; ", Attempts.Select(a =>
            $"#{a.Number} {a.From.TotalSeconds:F2}-{a.Confirmed.TotalSeconds:F2} s (sent {a.Sent.TotalSeconds:F2} s, {a.Finals} finals, {a.Status}{(a.Summary is { } s ? $", server counted {s.AudioSeconds:F2} s" : string.Empty)})"));

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;
}
