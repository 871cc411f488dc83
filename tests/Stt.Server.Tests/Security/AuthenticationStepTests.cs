using System.Net;
using Stt.Core.Security;
using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class AuthenticationStepTests
{
    private static readonly string Key = ApiKeys.NewKey();

    private static TestCallGuard WithKey() => new(new AuthOptions { ApiKeys = [ApiKeys.Digest(Key)] });

    [TestCase(null, TestName = "UnaryServerHandler_NoKey_Unauthenticated")]
    [TestCase("Bearer stt_not-a-configured-key", TestName = "UnaryServerHandler_WrongKey_Unauthenticated")]
    [TestCase("Basic c3R0OnN0dA==", TestName = "UnaryServerHandler_OtherScheme_Unauthenticated")]
    public async Task UnaryServerHandler_NoValidKey_Unauthenticated(string? authorization)
    {
        using var guard = WithKey();
        var step = new AuthenticationStep(guard.Exempt, guard.Guard);
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");
        if (authorization is not null)
        {
            context.RequestHeaders.Add("authorization", authorization);
        }

        var handled = false;

        var refused = await Assert.ThrowsAsync<CallRefusedException>(async () => await step.UnaryServerHandler<string, string>("request", context, (_, _) =>
        {
            handled = true;
            return Task.FromResult("response");
        }).WaitAsync(TestTimeouts.Unit));

        Assert.That(refused!.Reason, Is.EqualTo(CallRefusal.Unauthenticated));
        Assert.That(RefusalStep.ToRpcException(refused).StatusCode, Is.EqualTo(Grpc.Core.StatusCode.Unauthenticated));
        Assert.That(handled, Is.False);
        Assert.That(context.Http.Features.Get<CallerFeature>(), Is.Null);
    }

    [Test]
    public async Task UnaryServerHandler_ConfiguredKey_TheHandlerSeesItsKeyId()
    {
        using var guard = WithKey();
        var step = new AuthenticationStep(guard.Exempt, guard.Guard);
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");
        context.RequestHeaders.Add("authorization", $"Bearer {Key}");

        var caller = await step.UnaryServerHandler("request", context, (_, call) => Task.FromResult(call.GetCaller())).WaitAsync(TestTimeouts.Unit);

        Assert.That(caller, Is.EqualTo(ApiKeys.Digest(Key)[7..19]));
    }

    [Test]
    public async Task UnaryServerHandler_KeysOff_TheCallerIsTheClientsAddress()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var step = new AuthenticationStep(guard.Exempt, guard.Guard);
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");
        context.Http.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.7");

        var caller = await step.UnaryServerHandler("request", context, (_, call) => Task.FromResult(call.GetCaller())).WaitAsync(TestTimeouts.Unit);

        Assert.That(caller, Is.EqualTo("192.0.2.7"));
    }

    [Test]
    public async Task UnaryServerHandler_ExemptHealthCheckWithoutKey_Passes()
    {
        using var guard = WithKey();
        var step = new AuthenticationStep(guard.Exempt, guard.Guard);

        var response = await step.UnaryServerHandler("request", new FakeCallContext("/grpc.health.v1.Health/Check"),
            (_, _) => Task.FromResult("SERVING")).WaitAsync(TestTimeouts.Unit);

        Assert.That(response, Is.EqualTo("SERVING"));
    }
}
