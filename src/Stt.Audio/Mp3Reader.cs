using System.Runtime.InteropServices;
using NLayer;

namespace Stt.Audio;

/// <summary>
/// Reads MP3 files (MPEG-1, 2 and 2.5 audio, Layer III, and Layers I and II) in process with NLayer, so the most common
/// upload needs no ffmpeg: ID3v2 tags and Xing/LAME headers skipped (and the encoder's delay and padding trimmed), mono
/// or stereo at any MPEG rate; returns 16 kHz mono. The frames are counted from their headers (or the count a Xing header
/// gives), and the count checked against the budget, before any is decoded; decoding stops at the budget whatever the
/// count said. A file cut inside its last frame loses that frame, as players do.
/// </summary>
public static class Mp3Reader
{
    /// <summary>Most audio, in seconds, allocated at once before the frames have shown it is there.</summary>
    private const int FirstGuessCap = 60;

    /// <summary>True when the bytes start like an MP3 file: an ID3v2 tag or an MPEG audio frame header.</summary>
    public static bool IsMp3(ReadOnlySpan<byte> data) => ConvertedFormats.Detect(data) == "MP3";

    /// <summary>Decodes a whole MP3 file.</summary>
    /// <exception cref="InvalidAudioException">No MPEG audio frame can be found or decoded.</exception>
    /// <exception cref="AudioLimitExceededException">Its frames decode to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Read(ReadOnlyMemory<byte> data, AudioBudget budget)
    {
        data = WithoutOverlongTags(data);
        using var stream = AsStream(data);
        MpegFile file;
        int channels;
        long claimed;
        try
        {
            file = new MpegFile(stream);
            channels = file.Channels;
            file.StereoMode = StereoMode.DownmixToMono;
            claimed = file.Length / sizeof(float); // mono samples, from the frames' headers (or a Xing header): none decoded
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidAudioException("MP3 file has no readable MPEG audio frame (truncated, or not MP3)", ex);
        }

        using (file)
        {
            if (claimed <= 0 || file.SampleRate <= 0)
            {
                throw new InvalidAudioException("MP3 file has no MPEG audio frame (truncated, or not MP3)");
            }

            var limit = budget.MaxAudio.ToSamples(file.SampleRate);
            if (claimed > limit)
            {
                throw AudioLimitExceededException.TooLong("the file", budget.MaxAudio);
            }

            var mono = Decode(file, claimed, limit, budget);
            return new DecodedAudio(
                file.SampleRate == AudioTime.SampleRate ? mono : MonoResampler.ToWhisperRate(mono, file.SampleRate),
                $"MP3 {file.SampleRate} Hz {(channels == 1 ? "mono" : "stereo")}");
        }
    }

    /// <summary>
    /// Decodes every frame, never past <paramref name="limit"/> samples. The count the file gave is only a first guess at
    /// the size: a Xing header may claim any number of frames, and the frames themselves decide.
    /// </summary>
    private static float[] Decode(MpegFile file, long claimed, long limit, AudioBudget budget)
    {
        var capacity = Math.Min(limit + 1, Array.MaxLength); // one sample past the limit tells a file at it from one over it
        var samples = new float[Math.Min(Math.Min(claimed + 1, capacity), FirstGuessCap * (long)file.SampleRate)];
        var filled = 0;
        while (true)
        {
            if (filled == samples.Length)
            {
                if (filled >= capacity)
                {
                    throw AudioLimitExceededException.TooLong("the file", budget.MaxAudio);
                }

                Array.Resize(ref samples, (int)Math.Min(capacity, Math.Max(4096, 2L * samples.Length)));
            }

            int read;
            try
            {
                read = file.ReadSamples(samples, filled, samples.Length - filled);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidAudioException("MP3 file is corrupt: a frame could not be decoded", ex);
            }

            if (read <= 0)
            {
                break;
            }

            filled += read;
        }

        return filled > 0
            ? samples[..filled]
            : throw new InvalidAudioException("MP3 file has no decodable MPEG audio frame (truncated, or not MP3)");
    }

    /// <summary>
    /// The file with every ID3v2 tag that declares more bytes than follow it made unrecognisable: NLayer buffers a tag's
    /// declared size (up to 256 MB) before reading it, so ten bytes could cost that much. A file that starts with such a
    /// tag is refused as truncated.
    /// </summary>
    private static ReadOnlyMemory<byte> WithoutOverlongTags(ReadOnlyMemory<byte> data)
    {
        byte[]? copy = null;
        var span = data.Span;
        for (var at = span.IndexOf("ID3"u8); at >= 0; at = NextTag(span, at + 1))
        {
            if (at + 10 > span.Length || (span[at + 6] | span[at + 7] | span[at + 8] | span[at + 9]) >= 0x80)
            {
                continue; // not a tag header: NLayer skips it too
            }

            var declared = (span[at + 6] << 21) | (span[at + 7] << 14) | (span[at + 8] << 7) | span[at + 9];
            if (at + 10L + declared <= span.Length)
            {
                continue;
            }

            if (at == 0)
            {
                throw new InvalidAudioException(
                    $"MP3 file is truncated: its ID3 tag declares {declared} bytes but only {span.Length - 10} are present");
            }

            copy ??= data.ToArray();
            copy[at] = 0; // no longer "ID3"
        }

        return copy ?? data;

        static int NextTag(ReadOnlySpan<byte> span, int from) =>
            from >= span.Length || span[from..].IndexOf("ID3"u8) is var next && next < 0 ? -1 : from + next;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
