namespace Stt.Core.Streaming;

/// <summary>What a live stream needs to know of the server's shutdown: when it begins, and how long audio on its way is still taken.</summary>
public interface IStreamDrain
{
    /// <summary>True once shutdown has begun.</summary>
    bool IsDraining { get; }

    /// <summary>Fires when shutdown begins.</summary>
    CancellationToken Draining { get; }

    /// <summary>How much longer live streams take audio sent before the drain began; zero before draining.</summary>
    TimeSpan ReadGraceLeft { get; }
}
