using Grpc.Core;
using Stt.V1;

namespace Stt.Abuse.Report.Calls;

/// <summary>One StreamingTranscribe call from the attacker: config, the given messages as fast as they go, half-close, every response read.</summary>
internal static class LiveStream
{
    /// <summary>OPUS at 48 kHz, mono, English, live pacing (the default).</summary>
    public static StreamingConfig Opus48k() => new() { Encoding = AudioEncoding.Opus, SampleRateHertz = 48000, Channels = 1, Language = "en" };

    /// <summary>Runs the call and records how it ended.</summary>
    public static async Task RunAsync(AttackContext context, StreamingConfig config, IReadOnlyList<StreamingTranscribeRequest> audio, params StatusCode[] expected)
    {
        const string Call = "StreamingTranscribe";
        var cancellationToken = context.CancellationToken;
        context.Step = Call;
        using var call = context.Target.Grpc.StreamingTranscribe(cancellationToken: cancellationToken);
        var reading = ReadAllAsync(call.ResponseStream, cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = config }, cancellationToken);
            foreach (var message in audio)
            {
                await call.RequestStream.WriteAsync(message, cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // The server ended the call before all was written: its status is what the responses end with.
        }

        context.Step = $"{Call}: waiting for its end";
        try
        {
            var (responses, summary) = await reading;
            context.Answers.Grpc(Call, new Status(StatusCode.OK, $"{responses} responses" + (summary is null ? string.Empty : $"; the summary counts {summary.AudioSeconds:F0} s of audio, {summary.PacketsConcealed} packets concealed")), expected);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            context.Answers.Grpc(Call, ex.Status, expected);
        }
    }

    private static async Task<(int Responses, SessionSummary? Summary)> ReadAllAsync(IAsyncStreamReader<StreamingTranscribeResponse> responses, CancellationToken cancellationToken)
    {
        var count = 0;
        SessionSummary? summary = null;
        while (await responses.MoveNext(cancellationToken))
        {
            count++;
            summary = responses.Current.Summary ?? summary;
        }

        return (count, summary);
    }
}
