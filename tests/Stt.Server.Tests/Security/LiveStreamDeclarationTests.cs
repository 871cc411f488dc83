using System.Reflection;
using Google.Protobuf;
using Grpc.Core;
using Stt.Server.Api;
using Stt.Server.Security;
using Stt.V1;

namespace Stt.Server.Tests.Security;

/// <summary>
/// Every streaming method of the service is either a live stream (stream limits, admission control) or listed here as
/// not one, with why: a new streaming method cannot go without limits unnoticed.
/// </summary>
[Unit]
public sealed class LiveStreamDeclarationTests
{
    /// <summary>Streaming methods that open no live stream, each with why it needs no stream limit. None so far.</summary>
    private static readonly Dictionary<string, string> NotLive = new(StringComparer.Ordinal);

    /// <summary>The service's implementations of the contract's methods.</summary>
    private static List<MethodInfo> Implemented() =>
    [
        .. typeof(SpeechToTextService).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(SpeechToText.SpeechToTextBase)),
    ];

    /// <summary>True when the request or the response is a stream (client, server or duplex streaming).</summary>
    private static bool Streams(MethodInfo method) =>
        method.GetParameters().Any(p => p.ParameterType.IsGenericType
            && p.ParameterType.GetGenericTypeDefinition() is var open
            && (open == typeof(IAsyncStreamReader<>) || open == typeof(IServerStreamWriter<>)));

    [Test]
    public void SpeechToTextService_EveryStreamingMethod_LiveOrListedAsNotLive()
    {
        var undeclared = Implemented()
            .Where(m => Streams(m) && m.GetCustomAttribute<LiveStreamAttribute>() is null && !NotLive.ContainsKey(m.Name))
            .Select(m => m.Name);

        Assert.That(undeclared, Is.Empty,
            "declare [LiveStream] on a streaming method, or list it in NotLive with the reason it needs no stream limit");
    }

    [Test]
    public void SpeechToTextService_StreamingMethods_FoundByReflection()
    {
        var streaming = Implemented().Where(Streams).Select(m => m.Name);

        Assert.That(streaming, Is.SupersetOf(new[] { nameof(SpeechToText.SpeechToTextBase.StreamingTranscribe), nameof(SpeechToText.SpeechToTextBase.OpenSession) }));
        Assert.That(Implemented().Where(m => !Streams(m)).Select(m => m.Name), Does.Contain(nameof(SpeechToText.SpeechToTextBase.Transcribe)));
    }

    [Test]
    public void NotLive_EachEntry_AStreamingMethodNotDeclaredLive()
    {
        var methods = Implemented().ToDictionary(m => m.Name);

        foreach (var (name, reason) in NotLive)
        {
            Assert.That(methods.TryGetValue(name, out var method) && Streams(method), Is.True, $"{name}: not a streaming method of the service");
            Assert.That(method!.GetCustomAttribute<LiveStreamAttribute>(), Is.Null, $"{name}: both live and listed as not live");
            Assert.That(reason, Is.Not.Empty, $"{name}: say why it needs no stream limit");
        }
    }

    [Test]
    public void LiveStream_ContinuedBy_AStringFieldOfTheRequest()
    {
        var continued = Implemented().Where(m => m.GetCustomAttribute<LiveStreamAttribute>() is { ContinuedBy: not 0 }).ToList();

        Assert.That(continued, Is.Not.Empty);
        foreach (var method in continued)
        {
            var requestType = method.GetParameters()[0].ParameterType;
            Assert.That(typeof(IMessage).IsAssignableFrom(requestType), Is.True, $"{method.Name}: a streamed request cannot continue a stream");
            var request = (IMessage)Activator.CreateInstance(requestType)!;
            Assert.DoesNotThrow(() => method.GetCustomAttribute<LiveStreamAttribute>()!.Continues(request), method.Name);
        }
    }
}
