using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>One allowed model and its state in memory; guarded by <see cref="SpeechModels"/>' lock.</summary>
internal sealed class ModelSlot(AllowedModel entry)
{
    public AllowedModel Entry { get; } = entry;

    /// <summary>The model when it is in memory.</summary>
    public (LoadedModel Model, WhisperRecognizer Recognizer)? Loaded { get; set; }

    /// <summary>The load in progress, which every waiting request awaits.</summary>
    public Task? Loading { get; set; }

    /// <summary>Leases held now, waiting requests included.</summary>
    public int Users { get; set; }

    /// <summary>When the last lease was released (<see cref="TimeProvider"/> timestamp).</summary>
    public long IdleSince { get; set; }

    /// <summary>The budget this model holds: its file's size from the moment its load makes room until it is unloaded.</summary>
    public long ReservedBytes { get; set; }

    /// <summary>In memory and nobody holds it: it may be unloaded.</summary>
    public bool IsIdle => Loaded is not null && Users == 0;

    /// <summary>Gives up its memory and its room in the budget; returns the recognizer to dispose outside the lock.</summary>
    public WhisperRecognizer? Unload()
    {
        var recognizer = Loaded?.Recognizer;
        Loaded = null;
        ReservedBytes = 0;
        return recognizer;
    }
}
