using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Stt.Core.Streaming;
using Stt.Testing;

namespace Stt.Audio.Benchmarks;

/// <summary>
/// The audio paths every stream runs through, over ten seconds of speech each. The "x real time" column is
/// audio seconds processed per second on one core (each benchmark is single-threaded).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(RealTimeConfig))]
public class AudioPathBenchmarks
{
    /// <summary>Seconds of audio each benchmark processes.</summary>
    public const double AudioSeconds = 10;

    private float[] _speech16k = [];
    private float[] _speech48k = [];
    private List<ReadOnlyMemory<byte>> _packets48k = [];
    private byte[] _ogg = [];
    private byte[] _webm = [];
    private byte[] _wav = [];

    [GlobalSetup]
    public void Setup()
    {
        var clip = TestSpeech.Jfk.Samples;
        _speech16k = clip[..(int)(AudioSeconds * 16000)];
        _speech48k = Upsampler.From16k(_speech16k, 48000);
        var packets = OpusEncoding.Encode(_speech16k, 48000);
        _packets48k = packets.Select(p => (ReadOnlyMemory<byte>)p).ToList();
        _ogg = OggOpusWriter.Write(packets);
        _webm = WebMWriter.Write(packets);
        _wav = WavWriter.Write(_speech48k, 48000);
    }

    [Benchmark(Description = "Opus decode (48 kHz packets -> 16 kHz)")]
    public int OpusDecode() => new OpusStreamDecoder(48000, AudioBudget.Unlimited.MaxConcealedRun).Decode(AudioPayload.FromOpus(_packets48k)).Length;

    [Benchmark(Description = "Resample 48 kHz -> 16 kHz")]
    public int Resample() => MonoResampler.ToWhisperRate(_speech48k, 48000).Length;

    [Benchmark(Description = "Voice activity, 20 ms frames")]
    public int VoiceActivity()
    {
        var vad = new EnergyVoiceActivityDetector(9, -50);
        var speech = 0;
        for (var i = 0; i + 320 <= _speech16k.Length; i += 320)
        {
            speech += vad.IsSpeech(_speech16k.AsSpan(i, 320)) ? 1 : 0;
        }

        return speech;
    }

    [Benchmark(Description = "Ogg Opus file read + decode")]
    public int OggRead() => OggOpusReader.Read(_ogg, AudioBudget.Unlimited).Samples.Length;

    [Benchmark(Description = "WebM Opus file read + decode")]
    public int WebMRead() => WebMOpusReader.Read(_webm, AudioBudget.Unlimited).Samples.Length;

    [Benchmark(Description = "WAV 48 kHz read + resample")]
    public int WavRead() => WavReader.Read(_wav, AudioBudget.Unlimited).Samples.Length;

    private sealed class RealTimeConfig : ManualConfig
    {
        public RealTimeConfig() => AddColumn(new RealTimeColumn());
    }
}
