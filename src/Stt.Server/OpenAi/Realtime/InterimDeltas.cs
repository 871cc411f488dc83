using Stt.Core.Streaming;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// One turn's transcription deltas from our interims: each interim whose words extend the text already sent adds only
/// its new words. An interim that revises words already sent (Whisper re-transcribes the growing utterance, and the last
/// word of a pass is often cut off) adds nothing, since a delta cannot be taken back; the turn's deltas go on when an
/// interim extends the sent text again. The completed transcript is the final pass: it is what the turn said.
/// </summary>
internal sealed class InterimDeltas
{
    private string[] _sent = [];

    /// <summary>The words <paramref name="interimText"/> adds to what was sent (with a leading space after the first), or null.</summary>
    public string? Next(string interimText)
    {
        var words = interimText.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length <= _sent.Length || LocalAgreement.CommonPrefixLength(_sent, words) < _sent.Length)
        {
            return null;
        }

        var delta = string.Join(' ', words[_sent.Length..]);
        var first = _sent.Length == 0;
        _sent = words;
        return first ? delta : " " + delta;
    }
}
