using Microsoft.Extensions.Options;
using Stt.Audio;

namespace Stt.Server.Api;

/// <summary>
/// An uploaded file to 16 kHz mono, detected by content: WAV, Ogg Opus, WebM/Opus, and, unless
/// <see cref="ApiOptions.ConvertOtherFormats"/> is off, the formats the server's one <see cref="ExternalAudioConverter"/>
/// hands to ffmpeg (or flac); never past the file budget (<see cref="ApiOptions.MaxFileSeconds"/>).
/// </summary>
internal sealed class UploadDecoder(IOptions<ApiOptions> api, ExternalAudioConverter converter)
{
    /// <exception cref="InvalidAudioException">The content is not audio this server reads, or decodes past the file budget.</exception>
    /// <exception cref="ConverterBusyException">It needs a conversion and every slot stayed busy.</exception>
    public async Task<DecodedAudio> DecodeAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        api.Value.ConvertOtherFormats
            ? await AudioFileDecoder.DecodeOrConvertAsync(content, api.Value.FileBudget, converter, cancellationToken)
            : AudioFileDecoder.Decode(content, api.Value.FileBudget);
}
