using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>
/// A model held in memory for as long as the lease is not disposed: a stream, a file or a pass holds one, and a model
/// with a lease is never unloaded. <see cref="Share"/> gives a pass its own lease, so a model outlives the last pass of
/// a stream that ended.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly Func<ModelLease>? _share;
    private Action? _release;

    internal ModelLease(LoadedModel model, ISpeechRecognizer recognizer, Func<ModelLease>? share = null, Action? release = null)
    {
        Model = model;
        Recognizer = recognizer;
        _share = share;
        _release = release;
    }

    /// <summary>The model.</summary>
    public LoadedModel Model { get; }

    /// <summary>Runs its passes.</summary>
    public ISpeechRecognizer Recognizer { get; }

    /// <summary>A lease on the default model, which is never unloaded.</summary>
    public static ModelLease Resident(LoadedModel model, ISpeechRecognizer recognizer) => new(model, recognizer);

    /// <summary>Another lease on the same model, for as long as a pass runs.</summary>
    public ModelLease Share() => _share?.Invoke() ?? this;

    /// <inheritdoc />
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
