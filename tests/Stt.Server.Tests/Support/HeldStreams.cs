using Grpc.Core;
using Grpc.Net.Client;
using Stt.V1;

namespace Stt.Server.Tests.Support;

/// <summary>Live streams other clients hold open on a given replica (configured, no audio yet), so it is full.</summary>
public sealed class HeldStreams : IDisposable
{
    private readonly List<(GrpcChannel Channel, AsyncDuplexStreamingCall<StreamingTranscribeRequest, StreamingTranscribeResponse> Call)> _streams = [];

    public async Task OpenAsync(Uri replica)
    {
        var channel = GrpcChannel.ForAddress(replica);
        var call = new SpeechToText.SpeechToTextClient(channel).StreamingTranscribe();
        _streams.Add((channel, call));
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: false) });
    }

    public void Dispose()
    {
        foreach (var (channel, call) in _streams)
        {
            call.Dispose();
            channel.Dispose();
        }
    }
}
