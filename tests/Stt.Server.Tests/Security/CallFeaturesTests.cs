using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>The typed state a call carries, and the declarations that tell the pipeline what a method does.</summary>
[Unit]
public sealed class CallFeaturesTests
{
    [Test]
    public void GetCaller_NoCallerSet_ThrowsRatherThanServeNobody()
    {
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");

        Assert.Throws<InvalidOperationException>(() => context.GetCaller());
    }

    [Test]
    public void GetCaller_SetOnTheHttpContext_TheSameForTheCall()
    {
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");

        context.Http.SetCaller("0a1b2c3d4e5f");

        Assert.That(context.GetCaller(), Is.EqualTo("0a1b2c3d4e5f"));
    }

    [Test]
    public void GetOutcome_NoneLeft_None()
    {
        var context = new FakeCallContext("/stt.v1.SpeechToText/Transcribe");

        Assert.That(context.Http.GetOutcome(), Is.SameAs(CallOutcome.None));
        context.SetOutcome(new CallOutcome(2.5, 3));
        Assert.That(context.Http.GetOutcome(), Is.EqualTo(new CallOutcome(2.5, 3)));
    }

    [Test]
    public void TakeStreamPlaces_TakenOver_ReleaseLeavesThemHeld()
    {
        var context = new FakeCallContext("/stt.v1.SpeechToText/OpenSession");
        var places = new Places();
        var feature = new StreamPlacesFeature(places);
        context.Http.Features.Set(feature);

        var taken = context.TakeStreamPlaces();
        feature.Release();

        Assert.That(taken, Is.SameAs(places));
        Assert.That(places.Released, Is.False, "the taker releases them");
        Assert.That(context.TakeStreamPlaces(), Is.Null, "taken once");
    }

    [Test]
    public void Release_NotTakenOver_ReleasesOnce()
    {
        var places = new Places();
        var feature = new StreamPlacesFeature(places);

        feature.Release();
        feature.Release();

        Assert.That(places.Releases, Is.EqualTo(1));
    }

    [Test]
    public void TakeStreamPlaces_NoneTaken_Null()
    {
        Assert.That(new FakeCallContext("/stt.v1.SpeechToText/Transcribe").TakeStreamPlaces(), Is.Null);
    }

    [TestCase("", false, TestName = "Continues_NewSession_False")]
    [TestCase("AbCd", true, TestName = "Continues_Resume_True")]
    public void Continues_OpenSessionRequest(string resumeId, bool continues)
    {
        var live = new LiveStreamAttribute { ContinuedBy = OpenSessionRequest.ResumeSessionIdFieldNumber };

        Assert.That(live.Continues(new OpenSessionRequest { ResumeSessionId = resumeId }), Is.EqualTo(continues));
    }

    [Test]
    public void Continues_NothingDeclaredOrNoRequest_False()
    {
        var resume = new OpenSessionRequest { ResumeSessionId = "AbCd" };

        Assert.That(new LiveStreamAttribute().Continues(resume), Is.False, "without ContinuedBy every call opens a stream");
        Assert.That(new LiveStreamAttribute { ContinuedBy = OpenSessionRequest.ResumeSessionIdFieldNumber }.Continues(null), Is.False, "a streamed request");
    }

    [Test]
    public void Continues_NoSuchField_ThrowsRatherThanOpenAgain()
    {
        var live = new LiveStreamAttribute { ContinuedBy = 999 };

        var error = Assert.Throws<InvalidOperationException>(() => live.Continues(new OpenSessionRequest { ResumeSessionId = "AbCd" }));

        Assert.That(error!.Message, Does.Contain("stt.v1.OpenSessionRequest").And.Contain("999"));
    }

    [Test]
    public void Continues_FieldNotAString_Throws()
    {
        var live = new LiveStreamAttribute { ContinuedBy = PushAudioRequest.SequenceFieldNumber };

        Assert.Throws<InvalidOperationException>(() => live.Continues(new PushAudioRequest { Sequence = 1 }));
    }

    private sealed class Places : IDisposable
    {
        public int Releases { get; private set; }

        public bool Released => Releases > 0;

        public void Dispose() => Releases++;
    }
}
