using System.Text.Json;
using Stt.Audio;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Applies a client's <c>session.update</c> (GA shape: <c>session.audio.input.{format, transcription, turn_detection}</c>)
/// or <c>transcription_session.update</c> (beta shape: <c>input_audio_format</c>, <c>input_audio_transcription</c>,
/// <c>turn_detection</c>) to a configuration. Only the fields present change; <c>turn_detection: null</c> turns server VAD
/// off. Noise reduction, <c>include</c>, and transcription <c>delay</c>, <c>keywords</c> and <c>languages</c> are accepted
/// and ignored. A problem throws <see cref="OpenAiException"/> naming the field; the update is then not applied.
/// </summary>
internal static class SessionUpdate
{
    /// <summary>The configuration after <paramref name="session"/> (the event's <c>session</c> object).</summary>
    public static RealtimeSessionConfig Apply(RealtimeSessionConfig current, JsonElement session, TurnDetection defaults, bool beta)
    {
        if (session.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("session must be an object", "session");
        }

        if (String(session, "type", "session.type") is { } type && type != "transcription")
        {
            throw Invalid($"session.type '{ClientEcho.Text(type)}' is not served: this server transcribes only; use \"transcription\"", "session.type");
        }

        var config = current;
        var isGa = !beta && session.TryGetProperty("audio", out _);
        if (isGa)
        {
            var audio = session.GetProperty("audio");
            if (audio.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw Invalid("session.audio must be an object", "session.audio");
            }

            if (audio.ValueKind == JsonValueKind.Object && audio.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object)
            {
                config = Format(config, input);
                config = Transcription(config, input, "transcription", "session.audio.input.transcription");
                config = Turns(config, input, defaults, "session.audio.input.turn_detection");
            }
        }
        else
        {
            config = BetaFormat(config, session);
            config = Transcription(config, session, "input_audio_transcription", "session.input_audio_transcription");
            config = Turns(config, session, defaults, "session.turn_detection");
        }

        return config;
    }

    private static RealtimeSessionConfig Format(RealtimeSessionConfig config, JsonElement input)
    {
        if (!input.TryGetProperty("format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return config;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("session.audio.input.format must be an object", "session.audio.input.format");
        }

        var type = String(format, "type", "session.audio.input.format.type") ?? "audio/pcm";
        if (type != "audio/pcm")
        {
            throw Invalid($"audio format '{ClientEcho.Text(type)}' is not supported; use audio/pcm (16-bit little-endian mono; rate 24000, or {StreamAudioFormat.MinPcmRate} to {StreamAudioFormat.MaxPcmRate} Hz)",
                "session.audio.input.format.type");
        }

        var rate = RealtimeSessionConfig.OpenAiPcmRate;
        if (format.TryGetProperty("rate", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out rate) || rate is < StreamAudioFormat.MinPcmRate or > StreamAudioFormat.MaxPcmRate)
            {
                throw Invalid($"audio rate {ClientEcho.Text(value.GetRawText())} is not supported; use {StreamAudioFormat.MinPcmRate} to {StreamAudioFormat.MaxPcmRate} Hz (OpenAI clients send 24000)",
                    "session.audio.input.format.rate");
            }
        }

        return config with { Rate = rate };
    }

    private static RealtimeSessionConfig BetaFormat(RealtimeSessionConfig config, JsonElement session) =>
        String(session, "input_audio_format", "session.input_audio_format") switch
        {
            null => config,
            "pcm16" => config with { Rate = RealtimeSessionConfig.OpenAiPcmRate },
            var other => throw Invalid($"input_audio_format '{ClientEcho.Text(other)}' is not supported; use pcm16 (16-bit little-endian mono at 24 kHz)", "session.input_audio_format"),
        };

    private static RealtimeSessionConfig Transcription(RealtimeSessionConfig config, JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var transcription) || transcription.ValueKind != JsonValueKind.Object)
        {
            return config; // absent, or null: transcription is what this server does, so it stays on
        }

        if (String(transcription, "model", path + ".model") is { } model)
        {
            config = config with { Model = model };
        }

        if (transcription.TryGetProperty("language", out var language))
        {
            config = config with { Language = language.ValueKind == JsonValueKind.Null ? null : String(transcription, "language", path + ".language") };
        }

        if (transcription.TryGetProperty("prompt", out var prompt))
        {
            config = config with { Prompt = prompt.ValueKind == JsonValueKind.Null ? string.Empty : String(transcription, "prompt", path + ".prompt") ?? string.Empty };
        }

        return config;
    }

    private static RealtimeSessionConfig Turns(RealtimeSessionConfig config, JsonElement parent, TurnDetection defaults, string path)
    {
        if (!parent.TryGetProperty("turn_detection", out var turns))
        {
            return config;
        }

        if (turns.ValueKind == JsonValueKind.Null)
        {
            return config with { Turns = null };
        }

        if (turns.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("turn_detection must be an object or null", path);
        }

        // semantic_vad is served by the same speech detector as server_vad (its eagerness is not modelled).
        if (String(turns, "type", path + ".type") is { } type && type is not ("server_vad" or "semantic_vad"))
        {
            throw Invalid($"turn_detection.type '{ClientEcho.Text(type)}' is not supported; use server_vad, or null to commit turns yourself", path + ".type");
        }

        var current = config.Turns ?? defaults;
        var threshold = Number(turns, "threshold", path + ".threshold") ?? current.Threshold;
        if (threshold is <= 0 or >= 1)
        {
            throw Invalid($"threshold {threshold} must be between 0 and 1 (exclusive)", path + ".threshold");
        }

        var prefix = Number(turns, "prefix_padding_ms", path + ".prefix_padding_ms") is { } p ? TimeSpan.FromMilliseconds(p) : current.PrefixPadding;
        var silence = Number(turns, "silence_duration_ms", path + ".silence_duration_ms") is { } s ? TimeSpan.FromMilliseconds(s) : current.Silence;
        if (prefix < TimeSpan.Zero || prefix > TimeSpan.FromSeconds(5))
        {
            throw Invalid($"prefix_padding_ms {prefix.TotalMilliseconds} must be from 0 to 5000", path + ".prefix_padding_ms");
        }

        if (silence < TimeSpan.FromMilliseconds(20) || silence > TimeSpan.FromSeconds(10))
        {
            throw Invalid($"silence_duration_ms {silence.TotalMilliseconds} must be from 20 to 10000", path + ".silence_duration_ms");
        }

        return config with { Turns = new TurnDetection(threshold, prefix, silence) };
    }

    private static string? String(JsonElement parent, string name, string path) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? ClientJson.Text(value, path)
        : throw Invalid($"{path} must be a string", path);

    private static double? Number(JsonElement parent, string name, string path) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw Invalid($"{path} must be a number", path);

    private static OpenAiException Invalid(string message, string param) => new(OpenAiError.BadRequest(message, param, "invalid_value"));
}
