using System.Text.Json;
using Stt.Server.OpenAi;
using Stt.Server.OpenAi.Realtime;

namespace Stt.Server.Tests.OpenAi;

[Unit]
public sealed class SessionUpdateTests
{
    private static readonly TurnDetection Defaults = new(0.5, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(600));
    private static readonly RealtimeSessionConfig Start = new(24000, "whisper-1", null, string.Empty, Defaults);

    [Test]
    public void Apply_GaShape_SetsFormatTranscriptionAndTurnDetection()
    {
        var config = Apply("""
            {"type": "transcription", "audio": {"input": {
              "format": {"type": "audio/pcm", "rate": 16000},
              "transcription": {"model": "gpt-4o-transcribe", "language": "de", "prompt": "Namen"},
              "turn_detection": {"type": "server_vad", "threshold": 0.7, "silence_duration_ms": 400},
              "noise_reduction": {"type": "near_field"}}}}
            """);

        Assert.That(config, Is.EqualTo(new RealtimeSessionConfig(16000, "gpt-4o-transcribe", "de", "Namen", new TurnDetection(0.7, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(400)))));
    }

    [Test]
    public void Apply_TurnDetectionNull_TurnsServerVadOff()
    {
        Assert.That(Apply("""{"type": "transcription", "audio": {"input": {"turn_detection": null}}}""").Turns, Is.Null);
    }

    [Test]
    public void Apply_FieldsAbsent_KeepTheirValues()
    {
        var before = Start with { Language = "fr", Prompt = "x" };

        Assert.That(SessionUpdate.Apply(before, Parse("""{"type": "transcription", "audio": {"input": {}}}"""), Defaults, beta: false), Is.EqualTo(before));
    }

    [Test]
    public void Apply_BetaShape_Pcm16AndTranscription()
    {
        var config = SessionUpdate.Apply(Start with { Rate = 16000 }, Parse("""
            {"input_audio_format": "pcm16", "input_audio_transcription": {"model": "whisper-1", "language": "en"}, "turn_detection": {"type": "server_vad", "prefix_padding_ms": 100}}
            """), Defaults, beta: true);

        Assert.That((config.Rate, config.Language, config.Turns!.PrefixPadding), Is.EqualTo((24000, "en", TimeSpan.FromMilliseconds(100))));
    }

    [TestCase("""{"type": "realtime"}""", "session.type")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"format": {"type": "audio/pcmu"}}}}""", "session.audio.input.format.type")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"format": {"type": "audio/pcm", "rate": 96000}}}}""", "session.audio.input.format.rate")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"turn_detection": {"type": "server_vad", "threshold": 1.5}}}}""", "session.audio.input.turn_detection.threshold")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"transcription": {"language": 7}}}}""", "session.audio.input.transcription.language")]
    [TestCase("""{"input_audio_format": "g711_ulaw"}""", "session.input_audio_format")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"transcription": {"language": "\ud800"}}}}""", "session.audio.input.transcription.language")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"format": {"type": "audio/pcm", "rate": "\udc00"}}}}""", "session.audio.input.format.rate")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"format": {"type": "audio/pcm", "rate": "24000"}}}}""", "session.audio.input.format.rate")]
    [TestCase("""{"type": "transcription", "audio": {"input": {"format": "audio/pcm"}}}""", "session.audio.input.format")]
    [TestCase("""{"type": "transcription", "audio": 5}""", "session.audio")]
    public void Apply_Unsupported_ErrorNamingTheField(string session, string param)
    {
        var error = Assert.Throws<OpenAiException>(() => SessionUpdate.Apply(Start, Parse(session), Defaults, beta: !session.Contains("\"type\"", StringComparison.Ordinal)));

        Assert.That((error!.Error.Status, error.Error.Param), Is.EqualTo((400, param)));
    }

    private static RealtimeSessionConfig Apply(string session) => SessionUpdate.Apply(Start, Parse(session), Defaults, beta: false);

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
