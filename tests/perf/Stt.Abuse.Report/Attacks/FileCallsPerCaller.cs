using Google.Protobuf;
using Grpc.Core;
using Stt.Abuse.Report.Audio;
using Stt.V1;

namespace Stt.Abuse.Report.Attacks;

/// <summary>8. Many files at once from one caller: the per-caller file limit must refuse most, so the shared queue stays free for others.</summary>
internal static class FileCallsPerCaller
{
    public static Attack Create(AttackSizes sizes)
    {
        var calls = sizes.FileCalls;
        return new Attack($"File calls per caller: {calls} parallel Transcribe calls of a 2-s WAV from one caller", [
            new AttackCase($"gRPC Transcribe x{calls} at once", context => RunAsync(context, calls)),
        ]);
    }

    private static async Task RunAsync(AttackContext context, int calls)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = "Transcribe";
        var request = new TranscribeRequest { Content = ByteString.CopyFrom(AttackAudio.ShortWav()), Language = "en" };
        var statuses = await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ =>
        {
            try
            {
                await context.Target.Grpc.TranscribeAsync(request, cancellationToken: cancellationToken);
                return Status.DefaultSuccess;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return ex.Status;
            }
        }));
        foreach (var status in statuses)
        {
            context.Answers.Grpc("Transcribe", status, StatusCode.OK, StatusCode.ResourceExhausted);
        }

        var refused = statuses.Count(s => s.StatusCode == StatusCode.ResourceExhausted);
        context.Answers.Check("most refused with RESOURCE_EXHAUSTED (the caller's file limit)", refused * 2 > calls, $"{refused} of {calls} refused");
    }
}
