namespace Stt.Abuse.Report;

/// <summary>What one attack case runs with: the server's doors, the sizes, where its answers go, and its bound.</summary>
internal sealed class AttackContext(Target target, AttackSizes sizes, TimeSpan idleTimeout, FfmpegCalls ffmpeg, CancellationToken cancellationToken)
{
    public Target Target { get; } = target;

    public AttackSizes Sizes { get; } = sizes;

    /// <summary>The server's idle timeout (Stt:Streams:IdleTimeout) as it reports it.</summary>
    public TimeSpan IdleTimeout { get; } = idleTimeout;

    /// <summary>The server's ffmpeg starts, when abuse.sh counts them.</summary>
    public FfmpegCalls Ffmpeg { get; } = ffmpeg;

    public Answers Answers { get; } = new();

    /// <summary>Cancelled when the case's bound passes: a wait still pending then is a hang.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the attack is waiting for now; named in the report if the bound passes.</summary>
    public string Step { get; set; } = "starting";

    /// <summary>How long to wait for a session or stream to end by itself after the attack stopped sending: the idle timeout and a generous margin.</summary>
    public TimeSpan EndBound => IdleTimeout + TimeSpan.FromSeconds(30);
}
