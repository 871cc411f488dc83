using System.Runtime.CompilerServices;

namespace Stt.Client.Streaming;

/// <summary>What feeds a <see cref="ResumableStream"/>: groups of 20 ms Opus packets, each handed over when its audio is due.</summary>
internal static class PacketSources
{
    /// <summary>
    /// A file's packets paced as a microphone would produce them: a message's worth when its time comes (as fast as
    /// possible with <see cref="Pacing.AsFastAsPossible"/>).
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyCollection<byte[]>> Paced(
        List<byte[]> packets, SpeechStreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sender = new PacedAudioSender(options.Pacing, options.Rate);
        var messages = packets.Chunk(Math.Max(1, options.PacketsPerMessage));
        await foreach (var chunk in sender.PaceAsync(messages, message => Packets.ToTime(message.Length), cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>A live source's samples encoded as they come (the source sets the pace), the last packet padded when it ends.</summary>
    public static async IAsyncEnumerable<IReadOnlyCollection<byte[]>> Encoded(
        IAsyncEnumerable<float[]> samples, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var encoder = new OpusFrameEncoder(bitrate: 24000);
        await foreach (var chunk in samples.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (encoder.Add(chunk) is { Count: > 0 } packets)
            {
                yield return packets;
            }
        }

        if (encoder.Flush() is { Count: > 0 } last)
        {
            yield return last;
        }
    }
}
