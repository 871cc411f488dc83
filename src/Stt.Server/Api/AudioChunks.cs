using Stt.Audio;
using Stt.V1;

namespace Stt.Server.Api;

/// <summary>Wire audio chunks to core payloads.</summary>
internal static class AudioChunks
{
    /// <summary>The payload, or null when the chunk carries no audio.</summary>
    public static AudioPayload? ToPayload(AudioChunk? chunk)
    {
        var payload = chunk?.PayloadCase switch
        {
            AudioChunk.PayloadOneofCase.Opus => AudioPayload.FromOpus(chunk.Opus.Packets.Select(p => p.Memory).ToList()),
            AudioChunk.PayloadOneofCase.Linear16 => AudioPayload.FromPcm(chunk.Linear16.Memory),
            _ => null,
        };
        return payload is { IsEmpty: false } ? payload : null;
    }
}
