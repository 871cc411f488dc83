namespace Stt.Audio;

/// <summary>
/// Converts formats we do not decode ourselves (FLAC, M4A/AAC, video containers, ...) through the
/// <c>ffmpeg</c> command when it is installed, or FLAC through the <c>flac</c> command. No maintained managed
/// FLAC decoder is on NuGet, and re-implementing ffmpeg is not the point of this service. The input is piped
/// in, 16 kHz mono float comes out; only the pipe protocol is allowed, so a crafted playlist cannot make ffmpeg
/// open other files or URLs. One instance serves a process: it starts a converter only for content whose first
/// bytes name a format it is there for, runs at most <see cref="ExternalAudioConverterOptions.MaxConcurrent"/> at
/// once, stops each at its timeout, and kills one whose output passes the budget's <see cref="AudioBudget.MaxAudio"/>.
/// </summary>
public sealed class ExternalAudioConverter(ExternalAudioConverterOptions options)
{
    private static readonly string[] FfmpegArguments =
        ["-hide_banner", "-loglevel", "error", "-nostdin", "-protocol_whitelist", "pipe", "-i", "pipe:0", "-vn", "-f", "f32le", "-ac", "1", "-ar", "16000", "pipe:1"];

    private readonly SemaphoreSlim _slots = new(options.MaxConcurrent, options.MaxConcurrent);

    /// <summary>True when <paramref name="content"/> starts like a format a converter is started for.</summary>
    public static bool Converts(ReadOnlySpan<byte> content) => ConvertedFormats.Detect(content) is not null;

    /// <summary>Converts <paramref name="content"/>; null when no converter is installed.</summary>
    /// <param name="content">The file.</param>
    /// <param name="budget">How much audio it may yield: the converter is killed when its output passes <see cref="AudioBudget.MaxAudio"/>.</param>
    /// <param name="cancellationToken">Stops the conversion and kills the converter.</param>
    /// <exception cref="InvalidAudioException">The content starts like no converted format (no process is started), or a converter could not read it, or ran past its timeout.</exception>
    /// <exception cref="AudioLimitExceededException">The output passed <see cref="AudioBudget.MaxAudio"/>.</exception>
    /// <exception cref="ConverterBusyException">Every conversion slot stayed busy for <see cref="ExternalAudioConverterOptions.MaxWait"/>.</exception>
    public async Task<DecodedAudio?> TryConvertAsync(ReadOnlyMemory<byte> content, AudioBudget budget, CancellationToken cancellationToken)
    {
        var format = ConvertedFormats.Detect(content.Span)
            ?? throw AudioFileDecoder.Unrecognised($" {ConvertedFormats.Names} are converted; the content starts like none of them.");
        if (!await _slots.WaitAsync(options.MaxWait, cancellationToken).ConfigureAwait(false))
        {
            throw new ConverterBusyException(
                $"all {options.MaxConcurrent} audio conversions are in use; try again shortly. The limit is {options.MaxConcurrent} ({options.MaxConcurrentSetting})");
        }

        try
        {
            return await ConvertAsync(content, format, budget, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<DecodedAudio?> ConvertAsync(ReadOnlyMemory<byte> content, string format, AudioBudget budget, CancellationToken cancellationToken)
    {
        // 16 kHz float mono: 64,000 bytes per second of audio.
        var floats = new ConverterOutput(budget.MaxAudio.ToSamples(AudioTime.SampleRate) * sizeof(float), budget.MaxAudio);
        if (await ConverterProcess.RunAsync(options.Ffmpeg, FfmpegArguments, content, floats, options.Timeout, cancellationToken).ConfigureAwait(false) is { } ffmpeg)
        {
            return ffmpeg.ExitCode == 0 && floats.Length > 0
                ? new DecodedAudio(floats.ToFloats(), $"{format}, converted by ffmpeg")
                : throw new InvalidAudioException($"ffmpeg could not read the file ({FirstLine(ffmpeg.Error)}); {AudioFileDecoder.SupportedFormats} work without conversion");
        }

        if (format != "FLAC")
        {
            return null;
        }

        var wav = new ConverterOutput(Math.Min(FlacWavBytes(content.Span, budget.MaxAudio), Array.MaxLength), budget.MaxAudio);
        if (await ConverterProcess.RunAsync(options.Flac, ["-d", "-c", "-s", "-"], content, wav, options.Timeout, cancellationToken).ConfigureAwait(false) is { } flac)
        {
            return flac.ExitCode == 0
                ? WavReader.Read(wav.ToArray(), budget) with { Format = "FLAC, converted by flac" }
                : throw new InvalidAudioException($"flac could not read the file: {FirstLine(flac.Error)}");
        }

        return null;
    }

    /// <summary>
    /// The most WAV bytes flac may write for <paramref name="maxAudio"/>, from the rate, channels and sample size of the
    /// file's STREAMINFO (which every FLAC file starts with), with room for the header.
    /// </summary>
    private static long FlacWavBytes(ReadOnlySpan<byte> flac, AudioLimit maxAudio)
    {
        if (flac.Length < 42 || (flac[4] & 0x7F) != 0)
        {
            throw new InvalidAudioException("FLAC file does not start with its STREAMINFO block");
        }

        var rate = (flac[18] << 12) | (flac[19] << 4) | (flac[20] >> 4);
        var channels = ((flac[20] >> 1) & 7) + 1;
        var bytesPerSample = ((((flac[20] & 1) << 4) | (flac[21] >> 4)) + 1 + 7) / 8;
        return rate == 0
            ? throw new InvalidAudioException("FLAC file's STREAMINFO declares a sample rate of 0")
            : (maxAudio.ToSamples(rate) * channels * bytesPerSample) + 4096;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no details";
}
