namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// A transcription session's effective configuration: 16-bit mono PCM at <paramref name="Rate"/> Hz (24000 as OpenAI's
/// <c>audio/pcm</c>, or any rate our LINEAR16 takes), the model name asked for, language (null: the server's default)
/// and prompt, and server VAD (null: the client commits each turn).
/// </summary>
internal sealed record RealtimeSessionConfig(int Rate, string Model, string? Language, string Prompt, TurnDetection? Turns)
{
    /// <summary>OpenAI's PCM rate, Hz.</summary>
    public const int OpenAiPcmRate = 24000;

    /// <summary>The session object of <c>session.created</c> / <c>session.updated</c> (the GA shape).</summary>
    public object ToSession(string id) => new
    {
        type = "transcription",
        @object = "realtime.transcription_session",
        id,
        audio = new
        {
            input = new
            {
                format = new { type = "audio/pcm", rate = Rate },
                transcription = new { model = Model, language = Language, prompt = Prompt },
                noise_reduction = (object?)null,
                turn_detection = TurnDetectionObject(),
            },
        },
        include = (object?)null,
    };

    /// <summary>The session object of <c>transcription_session.updated</c> (the beta shape).</summary>
    public object ToBetaSession(string id) => new
    {
        id,
        @object = "realtime.transcription_session",
        input_audio_format = "pcm16",
        input_audio_transcription = new { model = Model, language = Language, prompt = Prompt },
        turn_detection = TurnDetectionObject(),
        input_audio_noise_reduction = (object?)null,
        include = (object?)null,
    };

    private object? TurnDetectionObject() => Turns is { } turns
        ? new
        {
            type = "server_vad",
            threshold = turns.Threshold,
            prefix_padding_ms = (int)turns.PrefixPadding.TotalMilliseconds,
            silence_duration_ms = (int)turns.Silence.TotalMilliseconds,
        }
        : null;
}
