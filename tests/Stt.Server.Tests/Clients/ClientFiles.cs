using Stt.Testing;

namespace Stt.Server.Tests.Clients;

/// <summary>Audio files the client tests hand to the clients.</summary>
internal static class ClientFiles
{
    private static readonly Lazy<string> JfkWav = new(() => Write("jfk.wav", WavWriter.Write(TestSpeech.Jfk.Samples, 16000)));

    /// <summary>jfk (or its stand-in) as 16 kHz 16-bit WAV.</summary>
    public static string Wav => JfkWav.Value;

    /// <summary>A LibriSpeech FLAC from ../shared/audio, or jfk encoded by the flac command; null when neither is possible.</summary>
    public static async Task<string?> FlacAsync()
    {
        var shared = RepositoryPaths.SharedAudio is { } audio
            ? Path.Combine(audio, "librispeech", "LibriSpeech", "test-clean", "1089", "134686", "1089-134686-0000.flac")
            : null;
        if (shared is not null && File.Exists(shared))
        {
            return shared;
        }

        if (!Support.Processes.Exists("flac"))
        {
            return null;
        }

        var path = Path.ChangeExtension(Wav, ".flac");
        var result = await Support.Processes.RunAsync("flac", ["-s", "-f", "-o", path, Wav]);
        return result.ExitCode == 0 ? path : null;
    }

    private static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-client-{Environment.ProcessId}-{name}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
