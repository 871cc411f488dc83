using Microsoft.Extensions.Options;
using Stt.Audio;

namespace Stt.Server.Api;

/// <summary>
/// An uploaded file to 16 kHz mono, detected by content: WAV, Ogg Opus, WebM/Opus, and, unless
/// <see cref="ApiOptions.ConvertOtherFormats"/> is off, anything ffmpeg (or flac) reads.
/// </summary>
internal sealed class UploadDecoder(IOptions<ApiOptions> api)
{
    /// <exception cref="InvalidAudioException">The content is not audio this server reads.</exception>
    public async Task<DecodedAudio> DecodeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        api.Value.ConvertOtherFormats
            ? await AudioFileDecoder.DecodeOrConvertAsync(content, cancellationToken)
            : AudioFileDecoder.Decode(content);
}
