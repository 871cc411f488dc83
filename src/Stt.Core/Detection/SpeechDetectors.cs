using Microsoft.Extensions.Options;
using Stt.Core.Streaming;

namespace Stt.Core.Detection;

/// <summary>
/// Makes each stream's speech detector, of the kind <see cref="StreamingOptions.Vad"/> names. The Silero model is
/// loaded once (<see cref="Load"/> at startup, so a bad file stops the server before it serves) and its contexts are
/// shared through a <see cref="SileroContextPool"/>.
/// </summary>
public sealed class SpeechDetectors(IOptions<StreamingOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private SileroContextPool? _silero;

    /// <summary>The detector in use.</summary>
    public VoiceActivityDetection Kind => options.Value.Vad;

    /// <summary>The Silero model file in use: <see cref="StreamingOptions.VadModel"/>, or the bundled one.</summary>
    public string ModelPath => string.IsNullOrWhiteSpace(options.Value.VadModel) ? SileroModelFile.BundledPath : options.Value.VadModel;

    /// <summary>Silero contexts live streams hold now; 0 with the energy detector.</summary>
    public int SileroContextsRented => _silero?.Rented ?? 0;

    /// <summary>Silero contexts kept for the next streams now; 0 with the energy detector.</summary>
    public int SileroContextsIdle => _silero?.Idle ?? 0;

    /// <summary>Loads the Silero model if it is the detector in use.</summary>
    /// <exception cref="Models.ModelFileException">The model file is unusable.</exception>
    public void Load() => _ = Pool();

    /// <summary>A new detector for one stream; dispose it (through the stream's transcriber) to return what it holds.</summary>
    public IVoiceActivityDetector Create() => Create(options.Value.VadThreshold);

    /// <summary>As <see cref="Create()"/>, with Silero's speech threshold (0 to 1) for this stream; the energy detector ignores it.</summary>
    public IVoiceActivityDetector Create(double sileroThreshold) => Kind == VoiceActivityDetection.Energy
        ? new EnergyVoiceActivityDetector(options.Value.VadThresholdDb, options.Value.VadMinSpeechDbfs)
        : new SileroVoiceActivityDetector(Pool()!, (float)sileroThreshold);

    /// <inheritdoc />
    public void Dispose() => _silero?.Dispose();

    private SileroContextPool? Pool()
    {
        if (Kind != VoiceActivityDetection.Silero)
        {
            return null;
        }

        lock (_gate)
        {
            return _silero ??= SileroContextPool.Load(ModelPath, options.Value.MaxIdleVadContexts);
        }
    }
}
