using Stt.Testing;

namespace Stt.Abuse.Report.Audio;

/// <summary>
/// A WebM file whose last block uses Xiph lacing with a run of 0xFF lacing bytes: each adds 255 to the first frame's
/// size, so past 8.4 million of them the sum no longer fits in 32 bits. A MediaRecorder-like file (EBML header, Opus
/// track, a cluster of real packets) comes first, so only the lacing is wrong.
/// </summary>
internal static class LacedWebM
{
    public static byte[] Build(int lacingBytes)
    {
        var head = WebMWriter.Write(AttackAudio.SpeechPackets.ToList());
        byte[] cluster = [0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE7, 0x81, 0x01]; // unknown size, timecode 1
        var payload = AttackAudio.SpeechPacket;
        // track 1, timecode 0, flags: keyframe + Xiph lacing; 2 frames; the run; a last lacing byte; the data
        var bodyLength = 4 + 1 + lacingBytes + 1 + payload.Length;
        var file = new byte[head.Length + cluster.Length + 1 + 8 + bodyLength];
        var at = 0;
        head.CopyTo(file, at);
        at += head.Length;
        cluster.CopyTo(file, at);
        at += cluster.Length;
        file[at++] = 0xA3; // SimpleBlock
        file[at++] = 0x01; // 8-byte size
        for (var i = 6; i >= 0; i--)
        {
            file[at++] = (byte)((long)bodyLength >> (8 * i));
        }

        file[at++] = 0x81;
        file[at++] = 0x00;
        file[at++] = 0x00;
        file[at++] = 0x82;
        file[at++] = 0x01;
        file.AsSpan(at, lacingBytes).Fill(0xFF);
        at += lacingBytes;
        file[at++] = 0x10;
        payload.CopyTo(file, at);
        return file;
    }
}
