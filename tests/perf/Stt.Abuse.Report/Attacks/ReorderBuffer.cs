using Google.Protobuf;
using Grpc.Core;
using Stt.Abuse.Report.Audio;
using Stt.Abuse.Report.Calls;
using Stt.V1;

namespace Stt.Abuse.Report.Attacks;

/// <summary>6. A browser session that pushes large pushes out of order and never the first one: all of them wait for the gap.</summary>
internal static class ReorderBuffer
{
    private const int PushBytes = 1024 * 1024;

    public static Attack Create(AttackSizes sizes)
    {
        var pushes = sizes.ReorderPushes;
        return new Attack($"PushAudio reorder buffer: pushes 1..{pushes} of 1 MiB of PCM each, never push 0", [
            new AttackCase($"gRPC-Web OpenSession (LINEAR16 48000) + {pushes} out-of-order PushAudio calls", context => RunAsync(context, pushes)),
        ]);
    }

    private static async Task RunAsync(AttackContext context, int pushes)
    {
        var config = new StreamingConfig { Encoding = AudioEncoding.Linear16, SampleRateHertz = 48000, Channels = 1, Language = "en" };
        using var session = await BrowserSession.OpenAsync(context, config);
        if (session is null)
        {
            return;
        }

        var audio = new AudioChunk { Linear16 = ByteString.CopyFrom(AttackAudio.QuietPcm(PushBytes / 2, seed: 6)) };
        var refused = 0;
        for (var sequence = 1UL; sequence <= (ulong)pushes; sequence++)
        {
            if (!await session.PushAsync(context, "PushAudio", sequence, audio, end: false, StatusCode.OK, StatusCode.ResourceExhausted, StatusCode.NotFound))
            {
                refused++;
            }
        }

        var exhausted = context.Answers.All.Count(a => a.Call == "PushAudio" && a.Outcome == Answers.Name(StatusCode.ResourceExhausted));
        context.Answers.Check("RESOURCE_EXHAUSTED once the waiting pushes pass the byte bound", exhausted > 0, $"{pushes - refused} pushes taken, {refused} refused");
        await session.EndAsync(context, StatusCode.OK, StatusCode.ResourceExhausted, StatusCode.InvalidArgument);
    }
}
