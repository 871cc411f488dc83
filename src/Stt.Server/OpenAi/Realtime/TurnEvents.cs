namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// The server events that tell a turn's story, in OpenAI's shapes, for both kinds of turns: speech started and stopped
/// (server VAD only), committed (each item after the one committed before it), the transcription's deltas, and its
/// completion or failure.
/// </summary>
internal sealed class TurnEvents(RealtimeOutbox outbox, RealtimeItems items)
{
    /// <param name="item">The turn's item.</param>
    /// <param name="audioStartMs">Where speech started in the session's audio, ms.</param>
    public void SpeechStarted(string item, long audioStartMs) =>
        outbox.Send("input_audio_buffer.speech_started", new { audio_start_ms = audioStartMs, item_id = item });

    /// <param name="item">The turn's item.</param>
    /// <param name="audioEndMs">Where speech stopped in the session's audio, ms.</param>
    public void SpeechStopped(string item, long audioEndMs) =>
        outbox.Send("input_audio_buffer.speech_stopped", new { audio_end_ms = audioEndMs, item_id = item });

    public void Committed(string item) =>
        outbox.Send("input_audio_buffer.committed", new { previous_item_id = items.Commit(item), item_id = item });

    public void Delta(string item, string delta) =>
        outbox.Send("conversation.item.input_audio_transcription.delta", new { item_id = item, content_index = 0, delta });

    /// <param name="item">The turn's item.</param>
    /// <param name="transcript">What the turn said.</param>
    /// <param name="audio">The turn's audio, for its usage.</param>
    public void Completed(string item, string transcript, TimeSpan audio) =>
        outbox.Send("conversation.item.input_audio_transcription.completed",
            new { item_id = item, content_index = 0, transcript, usage = TranscriptResponses.Usage(audio) });

    public void Failed(string item, OpenAiError error) =>
        outbox.Send("conversation.item.input_audio_transcription.failed", new { item_id = item, content_index = 0, error = error.Body });
}
