namespace Stt.Audio;

/// <summary>
/// How much audio untrusted input may decode to, checked before the audio is allocated, so a few kilobytes cannot
/// become gigabytes: a file (or one message of a live stream) may yield at most <see cref="MaxAudio"/>, and at most
/// <see cref="MaxConcealedRun"/> of audio in a row may be made up for lost, empty or undecodable Opus packets.
/// </summary>
/// <param name="MaxAudio">The most decoded audio one file, or one message of a live stream, may yield.</param>
/// <param name="MaxConcealedRun">
/// The longest run of consecutive concealed (lost, empty or undecodable) Opus packets, as audio time; a decodable packet
/// ends a run.
/// </param>
public sealed record AudioBudget(AudioLimit MaxAudio, AudioLimit MaxConcealedRun)
{
    /// <summary>
    /// For audio the caller trusts, such as a client's own files: as much audio as one array of 16 kHz samples holds
    /// (about 37 h), concealment never refused. Never for what a server receives.
    /// </summary>
    public static AudioBudget Unlimited { get; } = new(
        new AudioLimit(AudioTime.FromSamples(Array.MaxLength), "the largest array of samples"),
        new AudioLimit(TimeSpan.MaxValue, "no limit"));
}
