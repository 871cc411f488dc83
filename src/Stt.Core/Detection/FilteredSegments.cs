using Stt.Core.Inference;

namespace Stt.Core.Detection;

/// <summary>What <see cref="SegmentFilter.Apply"/> kept, and how many segments each defence dropped.</summary>
public sealed record FilteredSegments(IReadOnlyList<TranscriptSegment> Kept, int DroppedNoSpeech, int DroppedAnnotation);
