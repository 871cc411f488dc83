using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>A final pass started at a pause, over the audio from <paramref name="Start"/> to <paramref name="End"/>.</summary>
/// <param name="Start">Start of its audio, in samples.</param>
/// <param name="End">End of its audio, in samples.</param>
/// <param name="LastSpeechEnd">The endpointer's last speech when it started: if that moves, speech resumed.</param>
/// <param name="Pass">The pass.</param>
/// <param name="Cancellation">Aborts the pass.</param>
internal sealed record SpeculativeFinal(long Start, long End, long LastSpeechEnd, Task<Transcript?> Pass, CancellationTokenSource Cancellation);
