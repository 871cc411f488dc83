using System.Diagnostics;

namespace Stt.Core.Diagnostics;

/// <summary>The <c>Stt</c> activity source: a span per inference pass (calls get theirs from ASP.NET Core).</summary>
public static class SpeechActivities
{
    /// <summary>The source's name, for tracers and listeners.</summary>
    public const string SourceName = "Stt";

    /// <summary>The source.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
