using Grpc.Core;
using Stt.Server.Security;
using Stt.Server.Sessions;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>
/// stt.v1.SpeechToText: each call hands over to the piece that implements it. The declarations on the methods tell
/// the call pipeline which open live streams and which are part of a call already counted.
/// </summary>
internal sealed class SpeechToTextService(StreamingCall streaming, FileCall files, ServerInfoCall info, BrowserSessionCall browser) : SpeechToText.SpeechToTextBase
{
    [LiveStream]
    public override Task StreamingTranscribe(
        IAsyncStreamReader<StreamingTranscribeRequest> requestStream,
        IServerStreamWriter<StreamingTranscribeResponse> responseStream,
        ServerCallContext context) => streaming.RunAsync(requestStream, responseStream, context);

    public override Task<TranscribeResponse> Transcribe(TranscribeRequest request, ServerCallContext context) =>
        files.TranscribeAsync(request, context);

    public override Task<ServerInfo> GetServerInfo(GetServerInfoRequest request, ServerCallContext context) =>
        Task.FromResult(info.Describe());

    /// <remarks>A resume continues a session that holds its places already.</remarks>
    [LiveStream(ContinuedBy = OpenSessionRequest.ResumeSessionIdFieldNumber)]
    public override Task OpenSession(OpenSessionRequest request, IServerStreamWriter<StreamingTranscribeResponse> responseStream, ServerCallContext context) =>
        browser.OpenAsync(request, responseStream, context);

    /// <remarks>Pushes are part of their session, counted when it opened.</remarks>
    [ExemptFromRateLimit]
    public override Task<PushAudioResponse> PushAudio(PushAudioRequest request, ServerCallContext context) =>
        browser.PushAsync(request, context);
}
