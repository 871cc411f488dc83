using Google.Protobuf;
using Grpc.Core;
using Stt.Abuse.Report.Audio;
using Stt.Abuse.Report.Calls;
using Stt.Testing;
using Stt.V1;

namespace Stt.Abuse.Report.Attacks;

/// <summary>
/// 1. One real Opus packet and a flood of empty ones (~2 bytes each on the wire, each a lost packet the decoder would
/// conceal as 20 ms of audio): through every door that takes Opus packets, and as an Ogg Opus file.
/// </summary>
internal static class EmptyPacketBomb
{
    private static readonly StatusCode[] Refusals = [StatusCode.InvalidArgument, StatusCode.ResourceExhausted, StatusCode.OutOfRange];

    public static Attack Create(AttackSizes sizes)
    {
        var empty = sizes.EmptyPackets;
        List<ByteString> packets = [];
        byte[] ogg = [];
        Task Build(CancellationToken _)
        {
            packets = packets.Count > 0 ? packets : AttackAudio.RealThenEmpty(empty);
            return Task.CompletedTask;
        }

        return new Attack($"Empty-packet audio bomb: 1 real Opus packet + {empty:N0} empty packets", [
            new AttackCase($"gRPC StreamingTranscribe (OPUS 48000), one message of {empty + 1:N0} packets", context =>
                LiveStream.RunAsync(context, LiveStream.Opus48k(), [new StreamingTranscribeRequest { Audio = AttackAudio.Chunk(packets) }], Refusals))
            {
                PrepareAsync = Build,
            },
            new AttackCase("gRPC-Web OpenSession + one PushAudio of the same packets", context => PushAsync(context, packets)) { PrepareAsync = Build },
            new AttackCase("gRPC Transcribe, format RAW_OPUS", context => TranscribeRawAsync(context, packets)) { PrepareAsync = Build },
            new AttackCase($"Ogg Opus file of the same packets ({empty / 250:N0} pages), multipart upload",
                context => Uploads.TranscribeAsync(context, ogg, "bomb.opus", 400, 413))
            {
                PrepareAsync = _ =>
                {
                    var pages = new List<byte[]>(empty + 1) { AttackAudio.SpeechPacket };
                    pages.AddRange(Enumerable.Repeat(Array.Empty<byte>(), empty));
                    ogg = OggOpusWriter.Write(pages, packetsPerPage: 250);
                    return Task.CompletedTask;
                },
            },
        ]);
    }

    private static async Task PushAsync(AttackContext context, IReadOnlyList<ByteString> packets)
    {
        using var session = await BrowserSession.OpenAsync(context, LiveStream.Opus48k());
        if (session is null)
        {
            return;
        }

        if (await session.PushAsync(context, "PushAudio", 0, AttackAudio.Chunk(packets), end: false, Refusals))
        {
            await session.PushAsync(context, "PushAudio (end of audio)", 1, null, end: true, [StatusCode.OK, .. Refusals, StatusCode.NotFound]);
        }

        await session.EndAsync(context, [StatusCode.OK, .. Refusals]);
    }

    private static async Task TranscribeRawAsync(AttackContext context, IReadOnlyList<ByteString> packets)
    {
        context.Step = "Transcribe";
        var request = new TranscribeRequest { Format = FileFormat.RawOpus, SampleRateHertz = 48000, Language = "en" };
        request.OpusPackets.AddRange(packets);
        try
        {
            var response = await context.Target.Grpc.TranscribeAsync(request, cancellationToken: context.CancellationToken);
            context.Answers.Grpc("Transcribe", new Status(StatusCode.OK, $"{response.Duration.ToTimeSpan().TotalSeconds:F0} s of audio transcribed"), Refusals);
        }
        catch (RpcException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            context.Answers.Grpc("Transcribe", ex.Status, Refusals);
        }
    }
}
