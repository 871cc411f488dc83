namespace Stt.Audio;

/// <summary>
/// Audio that would decode past a limit of its <see cref="AudioBudget"/>; nothing past the limit was allocated. The
/// message names what was exceeded, the limit and its setting: "the file decodes to more than 1800 s of audio; the
/// limit is 1800 s (Stt:Api:MaxFileSeconds)".
/// </summary>
public sealed class AudioLimitExceededException : InvalidAudioException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="exceeded">What went past the limit, e.g. "the file decodes to more than 1800 s of audio".</param>
    /// <param name="limit">The limit.</param>
    public AudioLimitExceededException(string exceeded, AudioLimit limit)
        : base($"{exceeded}; the limit is {limit}") => Limit = limit;

    /// <summary>The limit that was exceeded.</summary>
    public AudioLimit Limit { get; }

    /// <summary><paramref name="source"/> ("the file", "the message") decodes to more than <paramref name="limit"/> allows.</summary>
    internal static AudioLimitExceededException TooLong(string source, AudioLimit limit) =>
        new($"{source} decodes to more than {limit.Amount} of audio", limit);
}
