using Microsoft.Extensions.Options;
using Stt.Core.Detection;
using Stt.Core.Streaming;

namespace Stt.Testing;

/// <summary>Speech detectors for stream transcriber tests.</summary>
internal static class Detectors
{
    /// <summary>The energy detector: the scripted speech of these tests is tones, which Silero rightly ignores.</summary>
    public static SpeechDetectors Energy() => new(Options.Create(new StreamingOptions { Vad = VoiceActivityDetection.Energy }));
}
