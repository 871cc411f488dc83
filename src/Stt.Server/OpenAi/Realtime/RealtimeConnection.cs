using System.Net.WebSockets;
using System.Text.Json;
using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Streaming;
using Stt.Server.Api;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// One Realtime transcription session on its WebSocket. This loop, the socket's only reader, applies the client's
/// events; server events go out through the <see cref="RealtimeOutbox"/>, its only writer. The turns (server VAD or
/// committed) are made at the first audio with the configuration then in force; a later change of it ends them (their
/// pending speech is still transcribed and delivered) and the next audio starts new ones. The session ends when the
/// client closes (nothing more is sent), is silent for the idle timeout, reaches the maximum duration, or the server
/// drains: then what was received is transcribed and delivered, an <c>error</c> event says why, and the socket closes.
/// </summary>
internal sealed partial class RealtimeConnection(
    WebSocket socket,
    RealtimeDependencies services,
    Func<Exception, OpenAiError> describe,
    ILogger logger)
{
    private static readonly Task<Exception> Never = new TaskCompletionSource<Exception>().Task;
    private readonly string _id = RealtimeIds.New("sess");
    private readonly RealtimeOutbox _outbox = new();
    private readonly RealtimeItems _items = new();
    private readonly List<IRealtimeTurns> _retired = [];
    private RealtimeSessionConfig _config = null!;
    private RecognitionOptions _recognition = null!;
    private IRealtimeTurns? _turns;
    private TimeSpan _received;
    private double _retiredAudio;
    private int _retiredFinals;

    /// <summary>Runs the session; returns the seconds of audio it received and the finals it delivered.</summary>
    public async Task<CallOutcome> RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, services.Drain.Deadline);
        _config = Defaults();
        _recognition = Resolve(_config);
        var writing = _outbox.WriteAsync(socket, stop.Token);
        _outbox.Send("session.created", new { session = _config.ToSession(_id) });
        Task<ClientMessage>? pending = null;
        var end = SessionEnd.ClientClosed;
        Exception? failure = null;
        try
        {
            (end, pending, failure) = await ReadAsync(stop.Token);
            if (end is SessionEnd.Idle or SessionEnd.MaxDuration or SessionEnd.Draining)
            {
                await FinishAsync(stop.Token);
            }

            if (Why(end, failure) is { } why)
            {
                _outbox.SendError(why);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the connection dropped, or the drain timeout passed: whatever is left is cancelled
        }
        finally
        {
            await AbortTurnsAsync();
            _outbox.Complete();
            await CloseAsync(writing, pending, end, stop.Token);
        }

        var (audio, finals) = (_retiredAudio, _retiredFinals);
        return new CallOutcome(audio, finals);
    }

    /// <summary>The error event that says why the server ends the session; none when the client closed it.</summary>
    private OpenAiError? Why(SessionEnd end, Exception? failure) =>
        end == SessionEnd.Failed ? describe(failure!) : SessionEnds.Error(end, services.Api);

    private RealtimeSessionConfig Defaults()
    {
        var endpointing = services.Sessions.Options;
        return new RealtimeSessionConfig(RealtimeSessionConfig.OpenAiPcmRate, ServedModels.Whisper1, null, string.Empty, DefaultTurns(endpointing));
    }

    private static TurnDetection DefaultTurns(StreamingOptions endpointing) =>
        new(endpointing.VadThreshold, endpointing.PreRoll, endpointing.EndOfUtteranceSilence);

    private async Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> ReadAsync(CancellationToken stop)
    {
        var receiver = new ClientMessageReceiver(socket, services.Api.MaxMessageBytes);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var onDrain = services.Drain.Draining.Register(wake.Cancel);
        var limits = new SessionLimits(services.Api.StreamIdleTimeout, services.Api.MaxStreamDuration);
        var lastEvent = TimeSpan.Zero;
        Task<ClientMessage>? pending = null;
        Task? timer = null;
        while (true)
        {
            pending ??= receiver.ReceiveAsync(stop);

            // One timer per wait, not per event: it is re-armed when it fires early because events came meanwhile.
            // Once the server drains, audio already on its way is still taken for a short grace.
            timer ??= services.Drain.IsDraining
                ? Delay(services.Drain.ReadGraceLeft, stop)
                : Delay(limits.Wait(clock.Elapsed, lastEvent), wake.Token);
            var failed = _turns?.Failed ?? Never;
            var done = await Task.WhenAny(pending, timer, failed);
            if (done == failed)
            {
                return (SessionEnd.Failed, pending, failed.Result);
            }

            if (done == timer)
            {
                timer = null;
                stop.ThrowIfCancellationRequested();
                if (!done.IsCompletedSuccessfully)
                {
                    continue; // the drain began: wait out its grace instead
                }

                var end = services.Drain.IsDraining ? SessionEnd.Draining : limits.Reached(clock.Elapsed, lastEvent);
                if (end == SessionEnd.Idle)
                {
                    services.Metrics.ClientFault("stalled");
                }

                if (end is { } ended)
                {
                    return (ended, pending, null);
                }

                continue;
            }

            lastEvent = clock.Elapsed;
            var message = await pending;
            pending = null;
            switch (message.Kind)
            {
                case ClientMessageKind.Close:
                    return (SessionEnd.ClientClosed, null, null);
                case ClientMessageKind.TooBig:
                    return (SessionEnd.MessageTooBig, null, null);
                case ClientMessageKind.Binary:
                    _outbox.SendError(OpenAiError.BadRequest("binary messages are not part of the Realtime API; send JSON text events (audio as base64 in input_audio_buffer.append)", null, "invalid_event"));
                    break;
                default:
                    if (await HandleAsync(message.Text, stop) is { } error)
                    {
                        return (SessionEnd.Failed, null, error);
                    }

                    break;
            }
        }
    }

    /// <summary>Applies one client event; returns an exception only when the session cannot go on.</summary>
    private async Task<Exception?> HandleAsync(ReadOnlyMemory<byte> text, CancellationToken stop)
    {
        string? eventId = null;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeProperty) || typeProperty.ValueKind != JsonValueKind.String)
            {
                throw Invalid("a client event must be a JSON object with a string 'type'", "type", "invalid_event");
            }

            eventId = root.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var type = typeProperty.GetString();
            switch (type)
            {
                case "session.update":
                case "transcription_session.update":
                    var beta = type == "transcription_session.update";
                    await ConfigureAsync(SessionUpdate.Apply(_config, Session(root), DefaultTurns(services.Sessions.Options), beta), stop);
                    _outbox.Send(beta ? "transcription_session.updated" : "session.updated", new { session = beta ? _config.ToBetaSession(_id) : _config.ToSession(_id) });
                    break;
                case "input_audio_buffer.append":
                    var pcm = Audio(root);
                    _received += TimeSpan.FromSeconds(pcm.Length / 2.0 / _config.Rate);
                    await (_turns ??= await StartTurnsAsync(stop)).AppendAsync(pcm, stop);
                    break;
                case "input_audio_buffer.commit":
                    if (await (_turns ??= await StartTurnsAsync(stop)).CommitAsync(stop) is { } empty)
                    {
                        throw new OpenAiException(empty);
                    }

                    break;
                case "input_audio_buffer.clear":
                    _turns?.Clear();
                    _outbox.Send("input_audio_buffer.cleared");
                    break;
                case "response.create" or "response.cancel" or "conversation.item.create" or "conversation.item.retrieve" or "conversation.item.delete"
                    or "conversation.item.truncate" or "output_audio_buffer.clear":
                    throw Invalid($"'{type}' is not part of a transcription session: this server transcribes only (session.update and input_audio_buffer.* events)", "type", "unsupported_event");
                default:
                    throw Invalid($"unknown event type '{type}'", "type", "invalid_event");
            }

            return null;
        }
        catch (OpenAiException ex)
        {
            _outbox.SendError(ex.Error, eventId);
            return null;
        }
        catch (JsonException)
        {
            _outbox.SendError(OpenAiError.BadRequest("a client event is not valid JSON", null, "invalid_json"), eventId);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    /// <summary>Checks the new configuration, then applies it: turns of the old one end (and deliver) if it changes what they do.</summary>
    private async Task ConfigureAsync(RealtimeSessionConfig config, CancellationToken stop)
    {
        var model = services.Models.Require();
        services.Models.RequireServed(model, config.Model, "session.audio.input.transcription.model");
        var recognition = Resolve(config);
        var previous = _config;
        (_config, _recognition) = (config, recognition);
        switch (_turns)
        {
            case CommittedTurns committed when config.Turns is null:
                committed.Rate = config.Rate;
                committed.Recognition = recognition;
                break;
            case CommittedTurns committed:
                var buffered = committed.TakeBuffered();
                Retire();
                var live = (LiveTurns)await StartTurnsAsync(stop, TimeSpan.FromSeconds(buffered.Length / (double)AudioTime.SampleRate));
                await live.AppendSamplesAsync(buffered, stop);
                _turns = live;
                break;
            case LiveTurns when config with { Model = previous.Model } != previous: // another name for the one model changes nothing
                Retire();
                break;
        }
    }

    private RecognitionOptions Resolve(RealtimeSessionConfig config)
    {
        var model = services.Models.Require();
        return services.Rules.Resolve(model, config.Language ?? string.Empty, translate: false, config.Prompt, wordTimestamps: false, out var problem)
            ?? throw Invalid(problem!.Message, "session.audio.input.transcription." + problem.Field, "invalid_value");
    }

    /// <summary>Turns for the configuration in force; <paramref name="carried"/> is audio from before that the new turns take over.</summary>
    private Task<IRealtimeTurns> StartTurnsAsync(CancellationToken stop, TimeSpan carried = default)
    {
        if (_config.Turns is not { } turns)
        {
            return Task.FromResult<IRealtimeTurns>(new CommittedTurns(services.Files, new TurnEvents(_outbox, _items), services.OpenAi.MaxBufferedAudio, describe)
            {
                Rate = _config.Rate,
                Recognition = _recognition,
            });
        }

        var tuning = services.Sessions.Options.Copy();
        tuning.VadThreshold = turns.Threshold;
        tuning.PreRoll = turns.PrefixPadding;
        tuning.EndOfUtteranceSilence = turns.Silence;
        var session = services.Sessions.Create(
            new SessionSettings(_recognition, InterimResults: true), new StreamAudioFormat(AudioEncoding.Linear16, _config.Rate, 1), stop, live: true, tuning);
        return Task.FromResult<IRealtimeTurns>(new LiveTurns(session, new TurnEvents(_outbox, _items), _received - carried));
    }

    /// <summary>The current turns end: their pending speech is transcribed and delivered in the background.</summary>
    private void Retire()
    {
        if (_turns is { } turns)
        {
            _retired.Add(turns);
            _turns = null;
        }
    }

    private async Task FinishAsync(CancellationToken stop)
    {
        Retire();
        foreach (var turns in _retired)
        {
            await turns.FinishAsync(stop);
        }
    }

    private async Task AbortTurnsAsync()
    {
        Retire();
        foreach (var turns in _retired)
        {
            try
            {
                await turns.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTurnsFailed(ex);
            }

            (var audio, var finals) = turns.Outcome;
            _retiredAudio += audio;
            _retiredFinals += finals;
        }

        _retired.Clear();
    }

    /// <summary>Sends what is queued, then a close frame; waits briefly for the client's, then lets the socket go.</summary>
    private async Task CloseAsync(Task writing, Task<ClientMessage>? pending, SessionEnd end, CancellationToken stop)
    {
        try
        {
            await writing.WaitAsync(TimeSpan.FromSeconds(5), stop);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = SessionEnds.CloseFrame(end);
                await socket.CloseOutputAsync(status, reason, stop);
            }

            if (pending is not null)
            {
                await pending.WaitAsync(TimeSpan.FromSeconds(2), stop); // the client's close frame
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or WebSocketException)
        {
            socket.Abort();
        }
    }

    private static JsonElement Session(JsonElement root) =>
        root.TryGetProperty("session", out var session) ? session : throw Invalid("the event has no 'session' object", "session", "missing_required_parameter");

    private static byte[] Audio(JsonElement root)
    {
        if (!root.TryGetProperty("audio", out var audio) || audio.ValueKind != JsonValueKind.String)
        {
            throw Invalid("input_audio_buffer.append needs 'audio': base64 of 16-bit little-endian mono PCM", "audio", "missing_required_parameter");
        }

        return audio.TryGetBytesFromBase64(out var bytes)
            ? bytes
            : throw Invalid("'audio' is not valid base64", "audio", "invalid_value");
    }

    private static OpenAiException Invalid(string message, string param, string code) => new(OpenAiError.BadRequest(message, param, code));

    private static Task Delay(TimeSpan wait, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(wait.TotalMilliseconds, 0, int.MaxValue - 1)), cancellationToken);

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "A Realtime session's turns failed while closing")]
    private partial void LogTurnsFailed(Exception exception);
}
