using Stt.Client;
using Stt.Client.Streaming;

namespace Stt.Server.Tests.Clients;

[Unit]
public sealed class OpusFrameEncoderTests
{
    [TestCase(1)]
    [TestCase(319)]
    [TestCase(320)]
    [TestCase(4801)]
    public void Add_ChunksOfAnySize_OnePacketPerTwentyMilliseconds(int chunk)
    {
        var samples = new float[(OpusPacketizer.FrameSamples * 7) + 5];
        var encoder = new OpusFrameEncoder(24000);
        var packets = new List<byte[]>();

        for (var at = 0; at < samples.Length; at += chunk)
        {
            packets.AddRange(encoder.Add(samples.AsSpan(at, Math.Min(chunk, samples.Length - at))));
        }

        Assert.That(packets, Has.Count.EqualTo(7), "the 5 samples left over wait for more");
        Assert.That(encoder.Flush(), Has.Count.EqualTo(1), "and are padded into one last packet");
        Assert.That(encoder.Flush(), Is.Empty);
    }
}
