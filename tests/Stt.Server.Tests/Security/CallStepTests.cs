using Grpc.Core;
using Microsoft.Extensions.Options;
using Stt.Server.Security;
using Stt.Testing;

namespace Stt.Server.Tests.Security;

/// <summary>What every step of the call pipeline shares: exempt calls pass untouched, declarations are read from the endpoint.</summary>
[Unit]
public sealed class CallStepTests
{
    private static ExemptCalls Exempt(bool health = true, bool reflection = true) =>
        new(Options.Create(new AuthOptions { AnonymousHealth = health, AnonymousReflection = reflection }));

    [TestCase("/grpc.health.v1.Health/Check", true, TestName = "Contains_HealthWhenAnonymous_True")]
    [TestCase("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", true, TestName = "Contains_ReflectionWhenAnonymous_True")]
    [TestCase("/stt.v1.SpeechToText/Transcribe", false, TestName = "Contains_TheService_False")]
    public void Contains_Method_WhenAnonymous(string method, bool exempt)
    {
        Assert.That(Exempt().Contains(method), Is.EqualTo(exempt));
    }

    [Test]
    public void Contains_HealthWhenKeysRequired_False()
    {
        Assert.That(Exempt(health: false).Contains("/grpc.health.v1.Health/Check"), Is.False);
        Assert.That(Exempt(reflection: false).Contains("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"), Is.False);
    }

    [Test]
    public async Task UnaryServerHandler_ExemptCall_SkipsTheStep()
    {
        var step = new RecordingStep(Exempt());
        var context = new FakeCallContext("/grpc.health.v1.Health/Check");

        var response = await step.UnaryServerHandler("request", context, (_, _) => Task.FromResult("response")).WaitAsync(TestTimeouts.Unit);

        Assert.That(response, Is.EqualTo("response"));
        Assert.That(step.Ran, Is.False);
    }

    [Test]
    public async Task ServerStreamingServerHandler_DeclaredMethod_TheStepSeesRequestAndDeclaration()
    {
        var step = new RecordingStep(Exempt());
        var declaration = new LiveStreamAttribute();
        var context = new FakeCallContext("/stt.v1.SpeechToText/OpenSession", declaration);
        var handled = false;

        await step.ServerStreamingServerHandler<string, string>("request", null!, context, (_, _, _) =>
        {
            handled = true;
            return Task.CompletedTask;
        }).WaitAsync(TestTimeouts.Unit);

        Assert.That(step.Ran, Is.True);
        Assert.That(handled, Is.True);
        Assert.That(step.Request, Is.EqualTo("request"));
        Assert.That(step.Declaration, Is.SameAs(declaration));
    }

    private sealed class RecordingStep(ExemptCalls exempt) : CallStep(exempt)
    {
        public bool Ran { get; private set; }

        public object? Request { get; private set; }

        public LiveStreamAttribute? Declaration { get; private set; }

        protected override Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
        {
            (Ran, Request, Declaration) = (true, request, Declared<LiveStreamAttribute>(context));
            return next();
        }
    }
}
