namespace Stt.Core.Inference;

/// <summary>
/// One transcription pass over a buffer of audio. Implemented by <see cref="WhisperRecognizer"/>; fakes
/// implement it to test scheduling and streaming without a model.
/// </summary>
public interface ISpeechRecognizer
{
    /// <summary>Transcribes 16 kHz mono samples in [-1, 1]. Safe to call from several threads at once.</summary>
    Task<Transcript> RecognizeAsync(float[] samples, RecognitionOptions options, CancellationToken cancellationToken);
}
