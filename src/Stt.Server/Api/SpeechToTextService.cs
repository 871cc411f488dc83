using Grpc.Core;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>stt.v1.SpeechToText: each call hands over to the piece that implements it.</summary>
internal sealed class SpeechToTextService(StreamingCall streaming, FileCall files, ServerInfoCall info, BrowserSessionCall browser) : SpeechToText.SpeechToTextBase
{
    public override Task StreamingTranscribe(
        IAsyncStreamReader<StreamingTranscribeRequest> requestStream,
        IServerStreamWriter<StreamingTranscribeResponse> responseStream,
        ServerCallContext context) => streaming.RunAsync(requestStream, responseStream, context);

    public override Task<TranscribeResponse> Transcribe(TranscribeRequest request, ServerCallContext context) =>
        files.TranscribeAsync(request, context);

    public override Task<ServerInfo> GetServerInfo(GetServerInfoRequest request, ServerCallContext context) =>
        Task.FromResult(info.Describe());

    public override Task OpenSession(OpenSessionRequest request, IServerStreamWriter<StreamingTranscribeResponse> responseStream, ServerCallContext context) =>
        browser.OpenAsync(request, responseStream, context);

    public override Task<PushAudioResponse> PushAudio(PushAudioRequest request, ServerCallContext context) =>
        browser.PushAsync(request, context);
}
