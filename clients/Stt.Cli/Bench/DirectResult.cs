namespace Stt.Cli.Bench;

/// <summary>The baseline: the same audio through Whisper.net in this process, against the server's unary and streaming calls.</summary>
internal sealed record DirectResult(
    string Model,
    int Threads,
    double AudioSeconds,
    double DirectSeconds,
    double UnarySeconds,
    double StreamingInferenceSeconds,
    int ConcurrentUnaryCalls,
    double ConcurrentUnaryAudioSeconds,
    double ConcurrentUnaryWallSeconds)
{
    /// <summary>Unary Transcribe wall time over direct Whisper.net wall time for the same files.</summary>
    public double OverheadRatio => UnarySeconds / DirectSeconds;

    /// <summary>Inference time a real-time stream spends (interims included) over one direct pass of the same audio.</summary>
    public double ComputeAmplification => StreamingInferenceSeconds / DirectSeconds;

    /// <summary>Audio seconds the concurrent unary calls transcribed per wall second.</summary>
    public double ConcurrentUnaryRealTime => ConcurrentUnaryAudioSeconds / ConcurrentUnaryWallSeconds;
}
