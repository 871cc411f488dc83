using System.Diagnostics;
using Stt.Audio;

namespace Stt.Detection.Report;

/// <summary>The recordings to measure: files from folders, and generated noise.</summary>
internal static class Recordings
{
    private static readonly string[] Extensions = [".wav", ".flac", ".opus", ".ogg", ".webm"];
    private static readonly ExternalAudioConverter Converter = new(new ExternalAudioConverterOptions());

    public static async Task<List<(string Name, float[] Samples)>> ReadAsync(string folder)
    {
        var list = new List<(string, float[])>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => Extensions.Contains(Path.GetExtension(f))).Order())
        {
            var audio = await AudioFileDecoder.DecodeOrConvertAsync(await File.ReadAllBytesAsync(file), AudioBudget.Unlimited, Converter, CancellationToken.None);
            list.Add((Path.GetRelativePath(folder, file), audio.Samples));
        }

        return list;
    }

    /// <summary>White and pink noise at two levels, and babble: six espeak-ng voices talking at once (when espeak-ng is installed).</summary>
    public static List<(string Name, float[] Samples)> Generated()
    {
        var random = new Random(7);
        var seconds = 20 * AudioTime.SampleRate;
        var list = new List<(string, float[])>();
        foreach (var level in new[] { 0.05f, 0.3f })
        {
            list.Add(($"generated: white noise {level}", [.. Enumerable.Range(0, seconds).Select(_ => level * (float)(random.NextDouble() * 2 - 1))]));
            list.Add(($"generated: pink noise {level}", Pink(seconds, level, random)));
        }

        if (Babble() is { } babble)
        {
            list.Add(("generated: babble of 6 espeak-ng voices", babble));
        }

        return list;
    }

    /// <summary>Paul Kellet's filter over white noise, scaled to <paramref name="level"/> peak.</summary>
    private static float[] Pink(int count, float level, Random random)
    {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        var samples = new float[count];
        for (var i = 0; i < count; i++)
        {
            var white = random.NextDouble() * 2 - 1;
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            samples[i] = (float)(b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362);
            b6 = white * 0.115926;
        }

        var peak = samples.Max(Math.Abs);
        return [.. samples.Select(s => s / peak * level)];
    }

    private static float[]? Babble()
    {
        string[] voices = ["en-us", "en-gb", "en-gb-x-rp", "en-us+f3", "en+m3", "en-gb-scotland"];
        string[] lines =
        [
            "The meeting moved to the third floor because the projector in the main room stopped working again this morning.",
            "I think we should order more paper before the end of the month, the printer is nearly empty.",
            "Did you see the match last night? They scored twice in the final ten minutes and won the cup.",
            "Take the second left after the bridge, then keep going until you reach the old railway station.",
            "She said the results would be ready by Thursday, but the lab is still waiting for the samples.",
            "Can you send me the slides from yesterday? I want to check the numbers on the budget page.",
        ];
        var mix = new float[20 * AudioTime.SampleRate];
        for (var v = 0; v < voices.Length; v++)
        {
            var file = Path.GetTempFileName();
            try
            {
                using var process = Process.Start(new ProcessStartInfo("espeak-ng", ["-v", voices[v], "-w", file, lines[v] + " " + lines[(v + 1) % lines.Length]]) { RedirectStandardError = true });
                process!.WaitForExit();
                var voice = AudioFileDecoder.Decode(File.ReadAllBytes(file), AudioBudget.Unlimited).Samples;
                for (var i = 0; i < mix.Length; i++)
                {
                    mix[i] += voice[(i + v * 7919) % voice.Length] / voices.Length * 2;
                }
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidAudioException or IOException)
            {
                return null;
            }
            finally
            {
                File.Delete(file);
            }
        }

        return mix;
    }
}
