using Stt.Core.Inference;

namespace Stt.Core.Streaming;

/// <summary>The branch of the path that interims take: after each chunk, a pass over the utterance so far when one is due.</summary>
public sealed partial class StreamTranscriber
{
    /// <summary>Starts an interim pass over the utterance in progress when one is due; publishes it when it returns.</summary>
    private void StartInterim()
    {
        if (_interims is null)
        {
            return;
        }

        InterimPass? due;
        lock (_gate)
        {
            due = _interims.Due(_segmenter);
        }

        if (due is not null)
        {
            _ = PublishInterimAsync(due, _interims.Start(due));
        }
    }

    private async Task PublishInterimAsync(InterimPass due, Task<Transcript?> pass)
    {
        Transcript? transcript;
        try
        {
            transcript = await pass.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // the utterance ended or the stream went away
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }
        finally
        {
            due.Utterance.InterimInFlight = false;
        }

        lock (_gate)
        {
            _statistics.PassEnded(transcript);
            var result = _interims!.Publish(due, transcript);
            _statistics.InterimsSkipped += result.IsStale ? 1 : 0;
            if (result.Interim is { } interim)
            {
                _statistics.Interims++;
                _events.Writer.TryWrite(interim);
            }
        }
    }
}
