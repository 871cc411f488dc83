namespace Stt.Core.Streaming;

/// <summary>One 20-ms frame of a stream and what the speech detector said of it.</summary>
internal sealed record DetectedFrame(float[] Samples, bool Speech);
