using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class RateLimitStepTests
{
    private const string Caller = "0a1b2c3d4e5f";

    private static Task<string> CallAsync(RateLimitStep step, string method, params object[] declarations)
    {
        var context = new FakeCallContext(method, declarations);
        context.Http.SetCaller(Caller);
        return step.UnaryServerHandler("request", context, (_, _) => Task.FromResult("response")).WaitAsync(TestTimeouts.Unit);
    }

    [Test]
    public async Task UnaryServerHandler_OverTheCallsPerMinute_RateLimited()
    {
        using var guard = new TestCallGuard(new AuthOptions { RequestsPerMinutePerKey = 2 });
        var step = new RateLimitStep(guard.Exempt, guard.Guard);

        await CallAsync(step, "/stt.v1.SpeechToText/Transcribe");
        await CallAsync(step, "/stt.v1.SpeechToText/GetServerInfo");
        var refused = await Assert.ThrowsAsync<CallRefusedException>(async () => await CallAsync(step, "/stt.v1.SpeechToText/Transcribe"));

        Assert.That(refused!.Reason, Is.EqualTo(CallRefusal.RateLimited));
        Assert.That(refused.RetryAfter, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task UnaryServerHandler_ExemptFromRateLimit_NotCounted()
    {
        using var guard = new TestCallGuard(new AuthOptions { RequestsPerMinutePerKey = 2 });
        var step = new RateLimitStep(guard.Exempt, guard.Guard);

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await CallAsync(step, "/stt.v1.SpeechToText/PushAudio", new ExemptFromRateLimitAttribute()), Is.EqualTo("response"));
        }

        await CallAsync(step, "/stt.v1.SpeechToText/Transcribe");
        await CallAsync(step, "/stt.v1.SpeechToText/Transcribe");
        await Assert.ThrowsAsync<CallRefusedException>(async () => await CallAsync(step, "/stt.v1.SpeechToText/Transcribe"),
            "the two counted calls used the minute's allowance; the pushes used none of it");
    }

    [Test]
    public async Task UnaryServerHandler_LimitOff_NeverRefuses()
    {
        using var guard = new TestCallGuard(new AuthOptions { RequestsPerMinutePerKey = 0 });
        var step = new RateLimitStep(guard.Exempt, guard.Guard);

        for (var i = 0; i < 100; i++)
        {
            Assert.That(await CallAsync(step, "/stt.v1.SpeechToText/Transcribe"), Is.EqualTo("response"));
        }
    }

    [Test]
    public async Task UnaryServerHandler_NoCaller_ThrowsRatherThanCountNobody()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var step = new RateLimitStep(guard.Exempt, guard.Guard);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await step.UnaryServerHandler<string, string>(
            "request", new FakeCallContext("/stt.v1.SpeechToText/Transcribe"), (_, _) => Task.FromResult("response")).WaitAsync(TestTimeouts.Unit));
    }
}
