using System.Globalization;
using System.Text;
using Stt.V1;

namespace Stt.Cli;

/// <summary>Segments as lines, SubRip or WebVTT.</summary>
internal static class SegmentText
{
    public static string Line(Segment s) =>
        string.Create(CultureInfo.InvariantCulture, $"[{s.Start.ToTimeSpan().TotalSeconds:F2}-{s.End.ToTimeSpan().TotalSeconds:F2}] {s.Text}");

    public static string Srt(IEnumerable<Segment> segments) => Cues(segments, ",", numbered: true);

    public static string Vtt(IEnumerable<Segment> segments) => "WEBVTT\n\n" + Cues(segments, ".", numbered: false);

    private static string Cues(IEnumerable<Segment> segments, string separator, bool numbered)
    {
        var text = new StringBuilder();
        var index = 1;
        foreach (var s in segments)
        {
            if (numbered)
            {
                text.Append(index++).Append('\n');
            }

            text.Append(Clock(s.Start.ToTimeSpan(), separator)).Append(" --> ").Append(Clock(s.End.ToTimeSpan(), separator)).Append('\n')
                .Append(s.Text).Append("\n\n");
        }

        return text.ToString();
    }

    private static string Clock(TimeSpan t, string separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{separator}{t.Milliseconds:000}");
}
