using System.Diagnostics;
using NUnit.Framework;
using Stt.Audio;

namespace Stt.Testing;

/// <summary>
/// Speech for tests: the real recording in ../shared/audio/jfk when present; otherwise speech made with
/// espeak-ng; otherwise speech-like tone bursts. Every fallback is announced in the test output.
/// </summary>
public static class TestSpeech
{
    private const string FallbackText = "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.";
    private static readonly Lazy<SpeechClip> JfkClip = new(LoadJfk);

    /// <summary>About 11 s of one speaker, real if available.</summary>
    public static SpeechClip Jfk => JfkClip.Value;

    private static SpeechClip LoadJfk()
    {
        if (RepositoryPaths.SharedAudio is { } shared && File.Exists(Path.Combine(shared, "jfk", "jfk.wav")))
        {
            var audio = WavReader.Read(File.ReadAllBytes(Path.Combine(shared, "jfk", "jfk.wav")), AudioBudget.Unlimited);
            var text = File.ReadAllText(Path.Combine(shared, "jfk", "jfk.txt")).Trim();
            return new SpeechClip(audio.Samples, "jfk.wav (real speech)", text);
        }

        TestContext.Progress.WriteLine("NOTE: ../shared/audio is absent; using generated speech instead of jfk.wav.");
        return Espeak(FallbackText) ?? Tones();
    }

    /// <summary>Speech synthesised by espeak-ng, or null when it is not installed.</summary>
    public static SpeechClip? Espeak(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            using var process = Process.Start(new ProcessStartInfo("espeak-ng", ["-s", "150", "-w", path, text]) { RedirectStandardError = true });
            if (process is null || !process.WaitForExit(30_000) || process.ExitCode != 0 || !File.Exists(path))
            {
                return null;
            }

            // Pad with silence on both sides, as a recording would have.
            var speech = WavReader.Read(File.ReadAllBytes(path), AudioBudget.Unlimited).Samples;
            return new SpeechClip([.. new float[8000], .. speech, .. new float[8000]], "espeak-ng", text);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestContext.Progress.WriteLine("NOTE: espeak-ng is not installed; using speech-like tone bursts.");
            return null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Speech-like audio without a synthesiser: voiced bursts of 0.3-0.9 s separated by short gaps and one long pause.</summary>
    public static SpeechClip Tones(double seconds = 11, int seed = 7)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * 16000)];
        var position = 8000;
        while (position < samples.Length - 8000)
        {
            var burst = random.Next(4800, 14400);
            var pitch = 110 + random.Next(0, 90);
            for (var i = 0; i < burst && position + i < samples.Length - 8000; i++)
            {
                var t = i / 16000.0;
                var envelope = Math.Sin(Math.PI * i / burst);
                var voiced = Math.Sin(2 * Math.PI * pitch * t) + (0.5 * Math.Sin(2 * Math.PI * 2 * pitch * t)) + (0.25 * Math.Sin(2 * Math.PI * 3 * pitch * t));
                samples[position + i] = (float)(0.2 * envelope * voiced);
            }

            position += burst + random.Next(800, 3200);
        }

        return new SpeechClip(samples, "generated tones", null);
    }

    /// <summary>Low-level noise, for "silence" that a detector must not mistake for speech.</summary>
    public static float[] Silence(double seconds, float level = 0.0005f, int seed = 3)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * 16000)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2) - 1) * level;
        }

        return samples;
    }
}
