using System.Globalization;
using Stt.Testing;

namespace Stt.Audio.Tests.Fuzz;

/// <summary>
/// Every audio reader and the stream decoders, fed thousands of random and mutated inputs: each must return audio
/// or throw <see cref="InvalidAudioException"/>; nothing else, no hang (2 s per input), and no input may make it
/// allocate more than 64 MB. Iterations scale with STT_FUZZ_ITERATIONS; STT_FUZZ_SEED replays a run. A failing
/// input is saved to a file named in the failure.
/// </summary>
[Unit]
public sealed class AudioInputFuzzTests
{
    private const long MaxAllocatedBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan PerInputTimeout = TimeSpan.FromSeconds(2);
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("STT_FUZZ_ITERATIONS"), out var n) ? n : 2000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("STT_FUZZ_SEED"), out var s) ? s : Environment.TickCount;
    private static readonly Lazy<List<byte[]>> Packets = new(() => OpusEncoding.Encode(TestSpeech.Tones(2).Samples));

    private static IReadOnlyList<byte[]> FileSeeds()
    {
        var speech = TestSpeech.Tones(2).Samples;
        var packets = Packets.Value;
        return
        [
            WavWriter.Write(speech, 16000),
            WavWriter.Write(speech, 48000, channels: 2, bits: 24),
            WavWriter.Write(speech, 22050, bits: 32, isFloat: true, extensible: true),
            OggOpusWriter.Write(packets),
            WebMWriter.Write(packets),
        ];
    }

    [Test]
    public void AudioFileDecoder_MutatedFiles_OnlyAudioOrInvalidAudio() =>
        Fuzz("files", FileSeeds(), input => AudioFileDecoder.Decode(input, AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void WavReader_MutatedFiles_OnlyAudioOrInvalidAudio() =>
        Fuzz("wav", FileSeeds().Take(3).ToList(), input => WavReader.Read(input, AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void OggOpusReader_MutatedFiles_OnlyAudioOrInvalidAudio() =>
        Fuzz("ogg", [FileSeeds()[3]], input => OggOpusReader.Read(input, AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void OggOpusReader_MutatedPagesWithValidChecksums_OnlyAudioOrInvalidAudio() =>
        Fuzz("ogg-checksummed", [FileSeeds()[3]], input => OggOpusReader.Read(WithValidChecksums(input), AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void WebMOpusReader_MutatedFiles_OnlyAudioOrInvalidAudio() =>
        Fuzz("webm", [FileSeeds()[4]], input => WebMOpusReader.Read(input, AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void Mp3Reader_MutatedFiles_OnlyAudioOrInvalidAudio() =>
        Fuzz("mp3", [File.ReadAllBytes(Mp3Fixtures.Mono16k), File.ReadAllBytes(Mp3Fixtures.Stereo44k)[..8192]], input => Mp3Reader.Read(input, AudioBudget.Unlimited).Samples.Length);

    [Test]
    public void OpusStreamDecoder_MutatedPackets_OnlyAudioOrInvalidAudio()
    {
        var decoder = new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun); // one decoder for the whole run, as one stream would see them
        Fuzz("opus-packets", Packets.Value, input => decoder.Decode(AudioPayload.FromOpus([input])).Length);
    }

    [Test]
    public void Linear16StreamDecoder_RandomChunks_OnlyAudioOrInvalidAudio()
    {
        var decoder = new Linear16StreamDecoder(44100, 2);
        Fuzz("pcm-chunks", [new byte[320], new byte[3]], input => decoder.Decode(AudioPayload.FromPcm(input)).Length);
    }

    private static void Fuzz(string name, IReadOnlyList<byte[]> seeds, Func<byte[], int> read)
    {
        var mutator = new Mutator(Seed);
        var (accepted, rejected) = (0, 0);
        for (var i = 0; i < Iterations; i++)
        {
            var input = mutator.Next(seeds);
            var outcome = Run(read, input);
            if (outcome.Error is { } error and not InvalidAudioException)
            {
                Assert.Fail($"{name} input {i} (seed {Seed}) threw {error.GetType().Name}: {error.Message}; input saved to {Save(name, i, input)}\n{error.StackTrace}");
            }

            if (outcome.TimedOut)
            {
                Assert.Fail($"{name} input {i} (seed {Seed}) took longer than {PerInputTimeout.TotalSeconds} s; input saved to {Save(name, i, input)}");
            }

            if (outcome.Allocated > MaxAllocatedBytes)
            {
                Assert.Fail($"{name} input {i} (seed {Seed}) of {input.Length} bytes allocated {outcome.Allocated / 1048576} MB; input saved to {Save(name, i, input)}");
            }

            (accepted, rejected) = outcome.Error is null ? (accepted + 1, rejected) : (accepted, rejected + 1);
        }

        TestContext.Out.WriteLine($"{name}: {Iterations} inputs (seed {Seed}): {accepted} decoded, {rejected} rejected with InvalidAudioException");
        Assert.That(accepted + rejected, Is.EqualTo(Iterations));
    }

    /// <summary>
    /// Rewrites the checksum of every page that still has a plausible header, so mutations reach the code behind
    /// the checksum check instead of stopping at it.
    /// </summary>
    private static byte[] WithValidChecksums(byte[] input)
    {
        var bytes = (byte[])input.Clone();
        for (var at = 0; at + 27 <= bytes.Length; at++)
        {
            if (!bytes.AsSpan(at, 4).SequenceEqual("OggS"u8))
            {
                continue;
            }

            var segments = bytes[at + 26];
            if (at + 27 + segments > bytes.Length)
            {
                break;
            }

            var length = 27 + segments;
            for (var i = 0; i < segments; i++)
            {
                length += bytes[at + 27 + i];
            }

            if (at + length > bytes.Length)
            {
                break;
            }

            bytes.AsSpan(at + 22, 4).Clear();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 22, 4), OggPageReader.Crc(bytes.AsSpan(at, length)));
        }

        return bytes;
    }

    private static (Exception? Error, bool TimedOut, long Allocated) Run(Func<byte[], int> read, byte[] input)
    {
        var task = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read(input);
                return ((Exception?)null, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            catch (Exception ex)
            {
                return (ex, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        });
        return task.Wait(PerInputTimeout) ? (task.Result.Item1, false, task.Result.Item2) : (null, true, 0);
    }

    private static string Save(string name, int index, byte[] input)
    {
        var path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"stt-fuzz-{name}-{Seed}-{index}.bin"));
        File.WriteAllBytes(path, input);
        return path;
    }
}
