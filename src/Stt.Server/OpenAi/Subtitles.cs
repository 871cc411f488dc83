using System.Globalization;
using System.Text;
using Stt.Core.Streaming;

namespace Stt.Server.OpenAi;

/// <summary>Final segments as SubRip (<c>srt</c>) or WebVTT (<c>vtt</c>) subtitles, one cue per segment.</summary>
internal static class Subtitles
{
    public static string Srt(IReadOnlyList<SegmentEvent> segments)
    {
        var text = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Time(segments[i].Start, ',')} --> {Time(segments[i].End, ',')}\n{segments[i].Text}\n\n");
        }

        return text.ToString();
    }

    public static string Vtt(IReadOnlyList<SegmentEvent> segments)
    {
        var text = new StringBuilder("WEBVTT\n\n");
        foreach (var segment in segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Time(segment.Start, '.')} --> {Time(segment.End, '.')}\n{segment.Text}\n\n");
        }

        return text.ToString();
    }

    /// <summary>hh:mm:ss,mmm (SubRip) or hh:mm:ss.mmm (WebVTT); hours go past 24 rather than wrap.</summary>
    private static string Time(TimeSpan time, char separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{separator}{time.Milliseconds:000}");
}
