using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class RefusalStepTests
{
    [Test]
    public void ToRpcException_Draining_UnavailableWithAShortPushback()
    {
        var error = RefusalStep.ToRpcException(new CallRefusedException(CallRefusal.Draining, "shutting down", TimeSpan.FromSeconds(1)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(error.Status.Detail, Is.EqualTo("shutting down"));
        Assert.That(error.Trailers.GetValue("retry-after"), Is.EqualTo("1"));
        Assert.That(error.Trailers.GetValue("grpc-retry-pushback-ms"), Is.EqualTo("500"), "another replica may take it: soon");
    }

    [Test]
    public void ToRpcException_OverCapacitySoon_PushbackAsAsked()
    {
        var error = RefusalStep.ToRpcException(new CallRefusedException(CallRefusal.OverCapacity, "full", TimeSpan.FromMilliseconds(200)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Trailers.GetValue("grpc-retry-pushback-ms"), Is.EqualTo("200"));
    }

    [TestCase(nameof(CallRefusal.RateLimited), TestName = "ToRpcException_RateLimited_ResourceExhaustedNoRetry")]
    [TestCase(nameof(CallRefusal.StreamLimit), TestName = "ToRpcException_StreamLimit_ResourceExhaustedNoRetry")]
    public void ToRpcException_CallersOwnLimit_ResourceExhaustedNoRetry(string reason)
    {
        var error = RefusalStep.ToRpcException(new CallRefusedException(Enum.Parse<CallRefusal>(reason), "limit", TimeSpan.FromSeconds(5)));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Trailers.GetValue("retry-after"), Is.EqualTo("5"));
        Assert.That(error.Trailers.GetValue("grpc-retry-pushback-ms"), Is.EqualTo("-1"), "a replay would only defeat the limit");
    }

    [Test]
    public void ToRpcException_Unauthenticated_NoRetryHint()
    {
        var error = RefusalStep.ToRpcException(new CallRefusedException(CallRefusal.Unauthenticated, "a key is required", null));

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Trailers, Is.Empty);
    }

    [Test]
    public async Task UnaryServerHandler_ARefusalInside_BecomesItsStatus()
    {
        var step = new RefusalStep(new ExemptCalls(Options.Create(new AuthOptions())));

        var error = await Assert.ThrowsAsync<RpcException>(() => step.UnaryServerHandler<string, string>(
            "request", new FakeCallContext("/stt.v1.SpeechToText/Transcribe"),
            (_, _) => throw new CallRefusedException(CallRefusal.Draining, "shutting down", null)).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }
}
