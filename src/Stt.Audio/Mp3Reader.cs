using System.Runtime.InteropServices;
using NLayer;

namespace Stt.Audio;

/// <summary>
/// Reads MP3 files (MPEG-1, 2 and 2.5 audio, Layer III, and Layers I and II) in process with NLayer, so the most common
/// upload needs no ffmpeg: ID3v2 tags and Xing/LAME headers skipped (and the encoder's delay and padding trimmed), mono
/// or stereo at any MPEG rate; returns 16 kHz mono. The frames are counted from their headers, and the count checked
/// against the budget, before any is decoded. A file cut inside its last frame loses that frame, as players do.
/// </summary>
public static class Mp3Reader
{
    /// <summary>True when the bytes start like an MP3 file: an ID3v2 tag or an MPEG audio frame header.</summary>
    public static bool IsMp3(ReadOnlySpan<byte> data) => ConvertedFormats.Detect(data) == "MP3";

    /// <summary>Decodes a whole MP3 file.</summary>
    /// <exception cref="InvalidAudioException">No MPEG audio frame can be found or decoded.</exception>
    /// <exception cref="AudioLimitExceededException">Its frames decode to more than <paramref name="budget"/> allows.</exception>
    public static DecodedAudio Read(ReadOnlyMemory<byte> data, AudioBudget budget)
    {
        using var stream = AsStream(data);
        MpegFile file;
        int channels;
        long frames;
        try
        {
            file = new MpegFile(stream);
            channels = file.Channels;
            file.StereoMode = StereoMode.DownmixToMono;
            frames = file.Length / sizeof(float); // counts the frames from their headers, decoding none
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidAudioException("MP3 file has no readable MPEG audio frame (truncated, or not MP3)", ex);
        }

        using (file)
        {
            if (frames <= 0 || file.SampleRate <= 0)
            {
                throw new InvalidAudioException("MP3 file has no MPEG audio frame (truncated, or not MP3)");
            }

            if (frames > budget.MaxAudio.ToSamples(file.SampleRate))
            {
                throw AudioLimitExceededException.TooLong("the file", budget.MaxAudio);
            }

            var mono = new float[frames];
            int read;
            try
            {
                read = file.ReadSamples(mono, 0, mono.Length);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidAudioException("MP3 file is corrupt: a frame could not be decoded", ex);
            }

            if (read == 0)
            {
                throw new InvalidAudioException("MP3 file has no decodable MPEG audio frame (truncated, or not MP3)");
            }

            var samples = mono.AsSpan(0, read);
            return new DecodedAudio(
                file.SampleRate == AudioTime.SampleRate ? samples.ToArray() : MonoResampler.ToWhisperRate(samples.ToArray(), file.SampleRate),
                $"MP3 {file.SampleRate} Hz {(channels == 1 ? "mono" : "stereo")}");
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
