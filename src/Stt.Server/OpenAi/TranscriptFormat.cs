namespace Stt.Server.OpenAi;

/// <summary>The <c>response_format</c> values of OpenAI's audio API.</summary>
internal enum TranscriptFormat
{
    /// <summary><c>{"text": ...}</c></summary>
    Json,

    /// <summary>The text alone.</summary>
    Text,

    /// <summary>SubRip subtitles.</summary>
    Srt,

    /// <summary>WebVTT subtitles.</summary>
    Vtt,

    /// <summary>Text, language, duration, segments and (when asked) words.</summary>
    VerboseJson,
}
