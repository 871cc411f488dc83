namespace Stt.Testing;

/// <summary>The MP3 files in tests/Stt.Testing/Fixtures (how they were made: the README there).</summary>
public static class Mp3Fixtures
{
    /// <summary>Length of the speech in both files.</summary>
    public static readonly TimeSpan SpeechDuration = TimeSpan.FromSeconds(4.35);

    /// <summary>MPEG-1 Layer III, 44.1 kHz stereo, with an ID3v2 tag.</summary>
    public static string Stereo44k => Path.Combine(Folder, "speech-44k-stereo.mp3");

    /// <summary>MPEG-2 Layer III, 16 kHz mono, no tag: the file starts with a frame.</summary>
    public static string Mono16k => Path.Combine(Folder, "speech-16k-mono.mp3");

    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Stt.Testing", "Fixtures");
}
