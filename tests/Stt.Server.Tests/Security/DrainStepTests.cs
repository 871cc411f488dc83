using Grpc.Core;
using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class DrainStepTests
{
    [Test]
    public async Task UnaryServerHandler_NotDraining_RunsTheHandler()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var step = new DrainStep(guard.Exempt, guard.Guard);

        var response = await step.UnaryServerHandler("request", new FakeCallContext("/stt.v1.SpeechToText/Transcribe"),
            (_, _) => Task.FromResult("response")).WaitAsync(TestTimeouts.Unit);

        Assert.That(response, Is.EqualTo("response"));
    }

    [Test]
    public async Task UnaryServerHandler_Draining_UnavailableAndTheHandlerNeverRuns()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var refusals = new RefusalStep(guard.Exempt);
        var step = new DrainStep(guard.Exempt, guard.Guard);
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");
        var handled = false;
        await guard.Drain.StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit); // what SIGTERM starts

        var error = await Assert.ThrowsAsync<RpcException>(async () => await refusals.UnaryServerHandler<string, string>("request", context,
            (request, call) => step.UnaryServerHandler<string, string>(request, call, (_, _) =>
            {
                handled = true;
                return Task.FromResult("response");
            })).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Trailers.GetValue("retry-after"), Is.EqualTo("1"));
        Assert.That(handled, Is.False);
    }

    [Test]
    public async Task UnaryServerHandler_DrainingHealthCheck_Passes()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var step = new DrainStep(guard.Exempt, guard.Guard);
        await guard.Drain.StoppingAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit);

        var response = await step.UnaryServerHandler("request", new FakeCallContext("/grpc.health.v1.Health/Check"),
            (_, _) => Task.FromResult("NOT_SERVING")).WaitAsync(TestTimeouts.Unit);

        Assert.That(response, Is.EqualTo("NOT_SERVING"), "health answers through the drain, to say it is draining");
    }
}
