using Stt.Audio;

namespace Stt.Core.Streaming;

/// <summary>
/// Files: consecutive utterances share one final pass, over a window of up to <see cref="FileWindowing.Longest"/>
/// (Whisper is built for 30 s windows and transcribes better with more context; one pass over 11 s costs less than
/// four over its utterances). A pause longer than <see cref="FileWindowing.Gap"/> closes the window, so
/// long silences are never sent to the model. Positions are in samples.
/// </summary>
internal sealed class FileWindows(FileWindowing windowing)
{
    private readonly long _longest = AudioTime.ToSamples(windowing.Longest);
    private readonly long _gap = AudioTime.ToSamples(windowing.Gap);
    private FileWindow? _open;

    /// <summary>Start of the open window, whose audio must be kept; null when none is open.</summary>
    public long? OpenStart => _open?.Start;

    /// <summary>Adds an ended utterance; returns the window it closed, if it does not fit in it.</summary>
    public FileWindow? Join(uint utteranceId, long start, long end)
    {
        var closed = _open is { } window && (end - window.Start > _longest || start - window.End > _gap) ? Close() : null;
        _open = _open is { } open ? open with { End = end } : new FileWindow(utteranceId, start, end);
        return closed;
    }

    /// <summary>Closes the open window when the stream has been silent past the gap since it ended.</summary>
    public FileWindow? CloseIfSilentUntil(long position) => _open is { } window && position - window.End > _gap ? Close() : null;

    /// <summary>Closes the open window, if any.</summary>
    public FileWindow? Close()
    {
        var window = _open;
        _open = null;
        return window;
    }
}
