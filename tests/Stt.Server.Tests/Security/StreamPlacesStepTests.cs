using Stt.Server.Security;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Security;

[Unit]
public sealed class StreamPlacesStepTests
{
    private const string Caller = "0a1b2c3d4e5f";

    private static readonly LiveStreamAttribute OpensSessions = new() { ContinuedBy = OpenSessionRequest.ResumeSessionIdFieldNumber };

    private static FakeCallContext Call(string method, params object[] declarations)
    {
        var context = new FakeCallContext(method, declarations);
        context.Http.SetCaller(Caller);
        return context;
    }

    private static Task OpenSessionAsync(StreamPlacesStep step, FakeCallContext context, OpenSessionRequest request, Func<Task> handler) =>
        step.ServerStreamingServerHandler<OpenSessionRequest, StreamingTranscribeResponse>(request, null!, context, (_, _, _) => handler())
            .WaitAsync(TestTimeouts.Unit);

    [Test]
    public async Task DuplexStreamingServerHandler_LiveStream_HoldsPlacesWhileTheHandlerRuns()
    {
        using var guard = new TestCallGuard(new AuthOptions { ConcurrentStreamsPerKey = 1 });
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        var context = Call("/stt.v1.SpeechToText/StreamingTranscribe", new LiveStreamAttribute());
        var heldDuring = -1;
        var offered = false;

        await step.DuplexStreamingServerHandler<StreamingTranscribeRequest, StreamingTranscribeResponse>(null!, null!, context, (_, _, _) =>
        {
            heldDuring = guard.Admission.ActiveStreams;
            offered = context.Http.Features.Get<StreamPlacesFeature>() is not null;
            return Task.CompletedTask;
        }).WaitAsync(TestTimeouts.Unit);

        Assert.That(heldDuring, Is.EqualTo(1));
        Assert.That(offered, Is.True, "offered to the handler");
        Assert.That(guard.Admission.ActiveStreams, Is.Zero, "released when the handler ended");
        Assert.DoesNotThrow(() => guard.Guard.TakePlaces(Caller).Dispose(), "the caller's one stream slot is free again");
    }

    [Test]
    public async Task ServerStreamingServerHandler_HandlerThrows_PlacesReleased()
    {
        using var guard = new TestCallGuard(new AuthOptions { ConcurrentStreamsPerKey = 1 });
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        var context = Call("/stt.v1.SpeechToText/OpenSession", OpensSessions);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await OpenSessionAsync(step, context, new OpenSessionRequest(),
            () => throw new InvalidDataException("the handler failed")));

        Assert.That(guard.Admission.ActiveStreams, Is.Zero);
        Assert.DoesNotThrow(() => guard.Guard.TakePlaces(Caller).Dispose(), "the caller's one stream slot is free again");
    }

    [Test]
    public async Task ServerStreamingServerHandler_CallerHoldsItsStreams_StreamLimitAndTheHandlerNeverRuns()
    {
        using var guard = new TestCallGuard(new AuthOptions { ConcurrentStreamsPerKey = 1 });
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        using var held = guard.Guard.TakePlaces(Caller);
        var handled = false;

        var refused = await Assert.ThrowsAsync<CallRefusedException>(async () => await OpenSessionAsync(step,
            Call("/stt.v1.SpeechToText/OpenSession", OpensSessions), new OpenSessionRequest(), () =>
            {
                handled = true;
                return Task.CompletedTask;
            }));

        Assert.That(refused!.Reason, Is.EqualTo(CallRefusal.StreamLimit));
        Assert.That(handled, Is.False);
        Assert.That(guard.Admission.ActiveStreams, Is.EqualTo(1), "only the stream already held");
    }

    [Test]
    public async Task ServerStreamingServerHandler_ContinuingRequest_TakesNoPlaces()
    {
        using var guard = new TestCallGuard(new AuthOptions { ConcurrentStreamsPerKey = 1 });
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        using var held = guard.Guard.TakePlaces(Caller); // the session being resumed holds the caller's one slot
        var context = Call("/stt.v1.SpeechToText/OpenSession", OpensSessions);
        var heldDuring = -1;

        await OpenSessionAsync(step, context, new OpenSessionRequest { ResumeSessionId = "AbCd" }, () =>
        {
            heldDuring = guard.Admission.ActiveStreams;
            return Task.CompletedTask;
        });

        Assert.That(heldDuring, Is.EqualTo(1), "only the session being resumed");
        Assert.That(context.TakeStreamPlaces(), Is.Null);
    }

    [Test]
    public async Task ServerStreamingServerHandler_PlacesTakenOver_StepLeavesThemHeld()
    {
        using var guard = new TestCallGuard(new AuthOptions { ConcurrentStreamsPerKey = 1 });
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        var context = Call("/stt.v1.SpeechToText/OpenSession", OpensSessions);
        IDisposable? taken = null;

        await OpenSessionAsync(step, context, new OpenSessionRequest(), () =>
        {
            taken = context.TakeStreamPlaces(); // as a browser session does, to hold them past the call
            return Task.CompletedTask;
        });

        Assert.That(taken, Is.Not.Null);
        Assert.That(guard.Admission.ActiveStreams, Is.EqualTo(1), "held by the taker after the call ended");
        taken!.Dispose();
        Assert.That(guard.Admission.ActiveStreams, Is.Zero);
    }

    [Test]
    public async Task UnaryServerHandler_NotALiveStream_TakesNoPlaces()
    {
        using var guard = new TestCallGuard(new AuthOptions());
        var step = new StreamPlacesStep(guard.Exempt, guard.Guard);
        var context = Call("/stt.v1.SpeechToText/Transcribe");

        var heldDuring = -1;

        await step.UnaryServerHandler("request", context, (_, _) =>
        {
            heldDuring = guard.Admission.ActiveStreams;
            return Task.FromResult("response");
        }).WaitAsync(TestTimeouts.Unit);

        Assert.That(heldDuring, Is.Zero);
        Assert.That(context.TakeStreamPlaces(), Is.Null);
    }
}
