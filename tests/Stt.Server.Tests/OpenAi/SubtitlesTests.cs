using Stt.Core.Streaming;
using Stt.Server.OpenAi;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class SubtitlesTests
{
    private static readonly SegmentEvent[] Segments =
    [
        Segment(1, "Ask not", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2.25)),
        Segment(2, "what your country can do", TimeSpan.FromSeconds(3600 + 61.5), TimeSpan.FromSeconds(3600 + 63)),
    ];

    [Test]
    public void Srt_TwoSegments_NumberedCuesWithCommaMilliseconds()
    {
        Assert.That(Subtitles.Srt(Segments), Is.EqualTo(
            "1\n00:00:00,500 --> 00:00:02,250\nAsk not\n\n2\n01:01:01,500 --> 01:01:03,000\nwhat your country can do\n\n"));
    }

    [Test]
    public void Vtt_TwoSegments_HeaderThenCuesWithDotMilliseconds()
    {
        Assert.That(Subtitles.Vtt(Segments), Is.EqualTo(
            "WEBVTT\n\n00:00:00.500 --> 00:00:02.250\nAsk not\n\n01:01:01.500 --> 01:01:03.000\nwhat your country can do\n\n"));
    }

    private static SegmentEvent Segment(uint id, string text, TimeSpan start, TimeSpan end) =>
        new(id, id, text, start, end, true, 1f, text, [], "en", 0f, 1f);
}
