using System.Buffers.Binary;
using System.Text;
using Stt.Core.Models;

namespace Stt.Core.Detection;

/// <summary>
/// Checks a Silero VAD file in managed code before the native engine sees it: whisper.cpp aborts the whole process
/// (GGML_ASSERT, no exception) when any other ggml file, a Whisper model for one, is loaded as a VAD model.
/// </summary>
public static class SileroModelFile
{
    /// <summary>The model type a Silero file names after the ggml magic.</summary>
    public const string ModelType = "silero-16k";

    /// <summary>File name of the model shipped with the server (MIT: THIRD-PARTY-NOTICES.md beside it).</summary>
    public const string BundledName = "ggml-silero-v6.2.0.bin";

    /// <summary>The shipped model's path: beside the server's binaries, under <c>models/vad</c>.</summary>
    public static string BundledPath => Path.Combine(AppContext.BaseDirectory, "models", "vad", BundledName);

    /// <summary>Throws unless <paramref name="path"/> starts like a Silero VAD ggml file.</summary>
    /// <exception cref="ModelFileException">Missing, unreadable, or not a Silero VAD model; the message names the file and the fix.</exception>
    public static void Check(string path)
    {
        const string fix = "set Stt:Streaming:VadModel to a Silero VAD ggml file (ggml-silero-v5.1.2.bin or ggml-silero-v6.2.0.bin), leave it empty for the bundled one, or set Stt:Streaming:Vad=energy";
        if (!File.Exists(path))
        {
            throw new ModelFileException($"Speech detection model '{path}' does not exist: {fix}.");
        }

        Span<byte> header = stackalloc byte[8 + ModelType.Length];
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                throw new ModelFileException($"Speech detection model '{path}' is truncated: {fix}.");
            }
        }
        catch (IOException ex)
        {
            throw new ModelFileException($"Speech detection model '{path}' cannot be read ({ex.Message}): {fix}.", ex);
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var typeLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (magic != GgmlModelInspector.Magic || typeLength != ModelType.Length || Encoding.ASCII.GetString(header[8..]) != ModelType)
        {
            throw new ModelFileException($"Speech detection model '{path}' is not a Silero VAD model (no '{ModelType}' header; a Whisper model cannot be used here): {fix}.");
        }
    }
}
