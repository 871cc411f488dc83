using Google.Protobuf;
using Grpc.Core;
using Stt.Abuse.Report.Audio;
using Stt.Abuse.Report.Calls;
using Stt.V1;

namespace Stt.Abuse.Report.Attacks;

/// <summary>2. One live-stream message of many copies of one small valid Opus packet: hours of audio in a few megabytes.</summary>
internal static class TinyPacketBomb
{
    public static Attack Create(AttackSizes sizes)
    {
        var count = sizes.TinyPackets;
        var packet = AttackAudio.SilencePacket;
        StreamingTranscribeRequest? message = null;
        return new Attack($"Tiny-valid-packet bomb: {count:N0} copies of one {packet.Length}-byte Opus packet ({count * 0.02 / 3600:F1} h of audio) in one message", [
            new AttackCase("gRPC StreamingTranscribe (OPUS 48000, live pacing), one message", context =>
                LiveStream.RunAsync(context, LiveStream.Opus48k(), [message!], StatusCode.ResourceExhausted, StatusCode.InvalidArgument, StatusCode.OutOfRange))
            {
                PrepareAsync = _ =>
                {
                    message = new StreamingTranscribeRequest { Audio = AttackAudio.Chunk(Enumerable.Repeat(ByteString.CopyFrom(packet), count)) };
                    return Task.CompletedTask;
                },
            },
        ]);
    }
}
