using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class LogStepTests
{
    private readonly SpeechMetrics _metrics = new();
    private LogRecorder _log = null!;
    private LogStep _step = null!;

    [SetUp]
    public void CreateStep()
    {
        _log = new LogRecorder(); // NUnit shares one instance between tests
        _step = new LogStep(new ExemptCalls(Options.Create(new AuthOptions())), _metrics, _log.For<LogStep>());
    }

    [OneTimeTearDown]
    public void DisposeMetrics() => _metrics.Dispose();

    private static FakeCallContext Call(string method = "/stt.v1.SpeechToText/Transcribe")
    {
        var context = new FakeCallContext(method);
        context.Http.SetCaller("0a1b2c3d4e5f");
        return context;
    }

    private LogLine OnlyLine()
    {
        var lines = _log.Lines.Where(l => l.EventId == 500).ToList();
        Assert.That(lines, Has.Count.EqualTo(1), "one line per call");
        return lines[0];
    }

    [Test]
    public async Task UnaryServerHandler_Served_OneLineWithOkAndTheOutcome()
    {
        var context = Call();

        await _step.UnaryServerHandler("request", context, (_, call) =>
        {
            call.SetOutcome(new CallOutcome(2.5, 3));
            return Task.FromResult("response");
        }).WaitAsync(TestTimeouts.Unit);

        var line = OnlyLine();
        Assert.That(line.Values, Does.Contain("Method=Transcribe").And.Contain("Caller=0a1b2c3d4e5f").And.Contain("Status=OK").And.Contain("Segments=3"));
    }

    [Test]
    public async Task UnaryServerHandler_RpcException_LoggedWithItsStatus()
    {
        await Assert.ThrowsAsync<RpcException>(async () => await _step.UnaryServerHandler<string, string>("request", Call(),
            (_, _) => throw new RpcException(new Status(StatusCode.ResourceExhausted, "rate limit"))).WaitAsync(TestTimeouts.Unit));

        Assert.That(OnlyLine().Values, Does.Contain("Status=ResourceExhausted"));
    }

    [Test]
    public async Task UnaryServerHandler_OtherException_LoggedAsUnknownAsTheClientSeesIt()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _step.UnaryServerHandler<string, string>("request", Call(),
            (_, _) => throw new InvalidOperationException("a step failed")).WaitAsync(TestTimeouts.Unit));

        Assert.That(OnlyLine().Values, Does.Contain("Status=Unknown").And.Not.Contain("Status=OK"));
    }

    [Test]
    public async Task DuplexStreamingServerHandler_Served_OneLine()
    {
        await _step.DuplexStreamingServerHandler<string, string>(null!, null!, Call("/stt.v1.SpeechToText/StreamingTranscribe"),
            (_, _, _) => Task.CompletedTask).WaitAsync(TestTimeouts.Unit);

        Assert.That(OnlyLine().Values, Does.Contain("Method=StreamingTranscribe").And.Contain("Status=OK"));
    }

    [Test]
    public async Task UnaryServerHandler_ExemptHealthCheck_NoLine()
    {
        await _step.UnaryServerHandler("request", new FakeCallContext("/grpc.health.v1.Health/Check"), (_, _) => Task.FromResult("SERVING"))
            .WaitAsync(TestTimeouts.Unit);

        Assert.That(_log.Lines, Is.Empty);
    }
}
