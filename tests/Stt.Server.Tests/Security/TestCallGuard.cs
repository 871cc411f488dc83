using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Diagnostics;
using Stt.Server.Hosting;
using Stt.Server.Security;

namespace Stt.Server.Tests.Security;

/// <summary>
/// The real <see cref="CallGuard"/> and what it asks (keys, per-caller limits, admission control, the drain), built from
/// test options over an idle scheduler, for testing the call steps alone.
/// </summary>
internal sealed class TestCallGuard : IDisposable
{
    private readonly CallerLimits _limits;

    public TestCallGuard(AuthOptions auth)
    {
        var options = Options.Create(auth);
        var admissionOptions = Options.Create(new AdmissionOptions());
        var scheduler = new IdleScheduler();
        Exempt = new ExemptCalls(options);
        _limits = new CallerLimits(options);
        Admission = new AdmissionController(scheduler, admissionOptions, Metrics, new LiveStreamMeter(TimeProvider.System, admissionOptions));
        Drain = new ServerDrain(Options.Create(new ShutdownOptions { DrainTimeout = TimeSpan.FromSeconds(1) }), Admission,
            TimeProvider.System, NullLogger<ServerDrain>.Instance);
        Guard = new CallGuard(new ApiKeyRing(options), _limits, Admission, Drain, Metrics);
    }

    public CallGuard Guard { get; }

    public ExemptCalls Exempt { get; }

    public AdmissionController Admission { get; }

    public ServerDrain Drain { get; }

    public SpeechMetrics Metrics { get; } = new();

    public void Dispose()
    {
        Drain.Dispose();
        _limits.Dispose();
        Metrics.Dispose();
    }
}
