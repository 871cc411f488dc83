using Stt.Core.Models;

namespace Stt.Core.Inference;

/// <summary>
/// Holds the loaded model once it is ready. The server starts listening before the model has loaded (so health
/// can say NOT_SERVING); work waits here until <see cref="SetReady"/>.
/// </summary>
public sealed class SpeechModelHost
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ISpeechRecognizer? _recognizer;

    /// <summary>True once the model is loaded and warmed up.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>The model being served, once ready.</summary>
    public LoadedModel? Model { get; private set; }

    /// <summary>The recognizer. Throws until ready.</summary>
    public ISpeechRecognizer Recognizer => _recognizer ?? throw new InvalidOperationException("the model is not loaded yet");

    /// <summary>Completes when the model is ready.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Publishes the loaded, warmed-up model.</summary>
    public void SetReady(ISpeechRecognizer recognizer, LoadedModel model)
    {
        _recognizer = recognizer;
        Model = model;
        _ready.TrySetResult();
    }
}
