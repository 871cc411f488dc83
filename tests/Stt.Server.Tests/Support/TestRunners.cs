using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Streaming;

namespace Stt.Server.Tests.Support;

/// <summary>Live-stream runners for unit tests of a door: on the test's clock, on a server that is not shutting down.</summary>
internal static class TestRunners
{
    public static LiveStreamRunner For(StreamLifetimeOptions? lifetimes = null, TimeProvider? clock = null) =>
        new(new NotDraining(), Options.Create(lifetimes ?? new StreamLifetimeOptions()), clock ?? TimeProvider.System, new SpeechMetrics());

    /// <summary>A server that never begins to shut down.</summary>
    private sealed class NotDraining : IStreamDrain
    {
        public bool IsDraining => false;

        public CancellationToken Draining => CancellationToken.None;

        public TimeSpan ReadGraceLeft => TimeSpan.Zero;
    }
}
