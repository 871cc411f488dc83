using Stt.Audio;
using Stt.Core.Streaming;

namespace Stt.Core.Tests.Streaming;

/// <summary>
/// A speech detector for unit tests of what consumes its decisions: any frame above -30 dBFS is speech. With
/// <see cref="Speech"/> and silence the decisions are exact, so utterance boundaries fall on known samples.
/// </summary>
internal sealed class LoudnessDetector : IVoiceActivityDetector, IDisposable
{
    public bool Disposed { get; private set; }

    /// <summary>Seconds of "speech" (a constant 0.3, about -10 dBFS).</summary>
    public static float[] Speech(double seconds) => Enumerable.Repeat(0.3f, (int)(seconds * AudioTime.SampleRate)).ToArray();

    public bool IsSpeech(ReadOnlySpan<float> frame) => SignalLevel.Dbfs(frame) > -30;

    public void Dispose() => Disposed = true;
}
