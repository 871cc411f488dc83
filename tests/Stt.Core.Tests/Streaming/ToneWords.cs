using System.Text;

namespace Stt.Core.Tests.Streaming;

/// <summary>
/// A tiny scripted language for boundary tests: word N is a 250 ms tone at 300 + 40·N Hz. <see cref="Speak"/>
/// turns a script into audio; <see cref="Hear"/> is a recognizer that names every tone in a window, so what a
/// stream transcriber finalises can be compared word for word with what was said. A tone cut by the window's edge is
/// heard as a fragment ("w7~"), as a real model would mishear half a word.
/// </summary>
internal static class ToneWords
{
    private const int SampleRate = 16000;
    private const int Frame = 160;
    private const int WordSamples = SampleRate / 4;

    /// <summary>Audio for the words, each followed by the given pause (seconds), with 1 s of silence on both sides.</summary>
    public static float[] Speak(IReadOnlyList<(int Word, double PauseAfter)> script)
    {
        var audio = new List<float>(new float[SampleRate]);
        foreach (var (word, pause) in script)
        {
            var frequency = 300 + (40 * word);
            for (var i = 0; i < WordSamples; i++)
            {
                var ramp = Math.Min(1.0, Math.Min(i, WordSamples - i) / 160.0); // 10 ms fades: no clicks
                audio.Add((float)(0.3 * ramp * Math.Sin(2 * Math.PI * frequency * i / SampleRate)));
            }

            audio.AddRange(new float[(int)(pause * SampleRate)]);
        }

        audio.AddRange(new float[SampleRate]);
        return [.. audio];
    }

    /// <summary>The words in a window: "w3 w12 w7~".</summary>
    public static string Hear(float[] samples)
    {
        var text = new StringBuilder();
        var frames = samples.Length / Frame;
        for (var f = 0; f < frames;)
        {
            if (!Voiced(samples, f))
            {
                f++;
                continue;
            }

            var first = f;
            while (f < frames && Voiced(samples, f))
            {
                f++;
            }

            var (start, length) = (first * Frame, (f - first) * Frame);
            // Frequency from the span between the first and last zero crossing: half a period per crossing.
            int crossings = 0, firstCrossing = -1, lastCrossing = -1;
            for (var i = start + 1; i < start + length; i++)
            {
                if ((samples[i - 1] < 0) != (samples[i] < 0))
                {
                    crossings++;
                    firstCrossing = firstCrossing < 0 ? i : firstCrossing;
                    lastCrossing = i;
                }
            }

            var frequency = (crossings - 1) * (double)SampleRate / (2.0 * Math.Max(1, lastCrossing - firstCrossing));
            var word = (int)Math.Round((frequency - 300) / 40);
            var cut = first == 0 || f == frames;
            text.Append(text.Length > 0 ? " " : string.Empty).Append('w').Append(word).Append(cut ? "~" : string.Empty);
        }

        return text.ToString();
    }

    private static bool Voiced(float[] samples, int frame)
    {
        double energy = 0;
        for (var i = frame * Frame; i < (frame + 1) * Frame; i++)
        {
            energy += samples[i] * samples[i];
        }

        return Math.Sqrt(energy / Frame) > 0.01;
    }
}
