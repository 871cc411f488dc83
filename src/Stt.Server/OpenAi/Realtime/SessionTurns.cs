using Stt.Audio;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Server.Security;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// A session's turns and the configuration they are made with. The turns (server VAD or committed) are made at the first
/// audio with the configuration then in force; a later change of it replaces them: the replaced turns finish in the
/// background (their pending speech is transcribed and delivered) and are then disposed, giving back their speech
/// detector and buffers, and the next audio starts new ones. A session holds at most two: a change while the turns
/// replaced before are still finishing waits for them. Called by the connection's one reader.
/// </summary>
internal sealed partial class SessionTurns
{
    private static readonly Task<Exception> Never = new TaskCompletionSource<Exception>().Task;
    private readonly RealtimeDependencies _services;
    private readonly TurnEvents _events;
    private readonly Func<Exception, OpenAiError> _describe;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Dictionary<string, ModelLease> _models = new(StringComparer.Ordinal); // by the name asked for: at most one lease per name, released at the end
    private ModelLease _model;
    private RecognitionOptions _recognition;
    private IRealtimeTurns? _turns;
    private Task<(double AudioSeconds, int Finals)>? _finishing;
    private TimeSpan _received;
    private double _endedAudio;
    private int _endedFinals;

    /// <summary>Starts with the defaults: OpenAI's PCM rate, <c>whisper-1</c>, the server's language, and server VAD as the server's endpointing has it.</summary>
    public SessionTurns(RealtimeDependencies services, TurnEvents events, Func<Exception, OpenAiError> describe, ILogger logger)
    {
        (_services, _events, _describe, _logger) = (services, events, describe, logger);
        Config = new RealtimeSessionConfig(RealtimeSessionConfig.OpenAiPcmRate, ServedModels.Whisper1, null, string.Empty, DefaultDetection);
        _model = _models[Config.Model] = services.Models.Default();
        _recognition = Resolve(Config, _model.Model);
    }

    /// <summary>The configuration in force.</summary>
    public RealtimeSessionConfig Config { get; private set; }

    /// <summary>Server VAD as the server's endpointing has it: what a <c>turn_detection</c> object leaves out.</summary>
    public TurnDetection DefaultDetection
    {
        get
        {
            var endpointing = _services.Transcribers.Options;
            return new TurnDetection(endpointing.VadThreshold, endpointing.PreRoll, endpointing.EndOfUtteranceSilence);
        }
    }

    /// <summary>Completes when the current turns failed for good: the session then ends.</summary>
    public Task<Exception> Failed => _turns?.Failed ?? Never;

    /// <summary>Seconds of audio received and finals delivered, once <see cref="AbortAsync"/> has run.</summary>
    public CallOutcome Outcome => new(_endedAudio, _endedFinals);

    /// <summary>Checks the new configuration, then applies it: turns of the old one are replaced if it changes what they do.</summary>
    public async Task ConfigureAsync(RealtimeSessionConfig config, CancellationToken cancellationToken)
    {
        var model = await LeaseAsync(config.Model, cancellationToken);
        var recognition = Resolve(config, model.Model);
        var (previous, previousModel) = (Config, _model);
        (Config, _recognition, _model) = (config, recognition, model);
        switch (_turns)
        {
            case CommittedTurns committed when config.Turns is null:
                committed.Rate = config.Rate;
                committed.Recognition = recognition;
                committed.Model = model;
                break;
            case CommittedTurns committed:
                await ReplaceAsync(cancellationToken); // its commits finish in the background; its buffer goes on in the new turns
                var buffered = committed.TakeBuffered();
                var live = (LiveTurns)Start(cancellationToken, TimeSpan.FromSeconds(buffered.Length / (double)AudioTime.SampleRate));
                _turns = live; // before the append: if it throws, the turns are still this session's to dispose
                await live.AppendSamplesAsync(buffered, cancellationToken);
                break;
            case LiveTurns when config with { Model = previous.Model } != previous || model.Model != previousModel.Model: // another name for the one model changes nothing
                await ReplaceAsync(cancellationToken);
                break;
        }
    }

    /// <summary><c>input_audio_buffer.append</c>: 16-bit mono PCM at the configured rate.</summary>
    public async Task AppendAsync(byte[] pcm, CancellationToken cancellationToken)
    {
        // Counted once taken: turns started here begin at this chunk's first sample, and audio refused is not the session's.
        await (_turns ??= Start(cancellationToken)).AppendAsync(pcm, cancellationToken);
        _received += TimeSpan.FromSeconds(pcm.Length / 2.0 / Config.Rate);
    }

    /// <summary><c>input_audio_buffer.commit</c>: an error when there is nothing to commit.</summary>
    public async Task<OpenAiError?> CommitAsync(CancellationToken cancellationToken) =>
        await (_turns ??= Start(cancellationToken)).CommitAsync(cancellationToken);

    /// <summary><c>input_audio_buffer.clear</c>.</summary>
    public void Clear() => _turns?.Clear();

    /// <summary>Transcribes and delivers what the turns, current and replaced, have pending; then they are disposed.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await ReplaceAsync(cancellationToken);
        await AwaitFinishingAsync(cancellationToken);
    }

    /// <summary>Stops the turns, current and replaced, dropping what is pending, and adds up their <see cref="Outcome"/>. Called once, last.</summary>
    public async Task AbortAsync()
    {
        await _abort.CancelAsync(); // the replaced turns still finishing stop
        await AwaitFinishingAsync(CancellationToken.None);
        if (_turns is { } turns)
        {
            _turns = null;
            Add(await EndAsync(turns));
        }

        foreach (var model in _models.Values)
        {
            model.Dispose();
        }

        _abort.Dispose();
    }

    /// <summary>The model <paramref name="name"/> means, held until the session ends (turns replaced may still be finishing on it).</summary>
    private async Task<ModelLease> LeaseAsync(string name, CancellationToken cancellationToken)
    {
        if (!_models.TryGetValue(name, out var model))
        {
            model = await _services.Models.AcquireAsync(name, "session.audio.input.transcription.model", cancellationToken);
            _models[name] = model;
        }

        return model;
    }

    private RecognitionOptions Resolve(RealtimeSessionConfig config, LoadedModel model) =>
        _services.Rules.Resolve(model, config.Language ?? string.Empty, translate: false, config.Prompt, wordTimestamps: false, out var problem)
            ?? throw new OpenAiException(OpenAiError.BadRequest(problem!.Message, "session.audio.input.transcription." + problem.Field, "invalid_value"));

    /// <summary>Turns for the configuration in force; <paramref name="carried"/> is audio from before that the new turns take over.</summary>
    private IRealtimeTurns Start(CancellationToken cancellationToken, TimeSpan carried = default)
    {
        if (Config.Turns is not { } turns)
        {
            return new CommittedTurns(_services.Files, _events, _services.OpenAi, _describe)
            {
                Rate = Config.Rate,
                Recognition = _recognition,
                Model = _model,
            };
        }

        var tuning = _services.Transcribers.Options with
        {
            VadThreshold = turns.Threshold,
            PreRoll = turns.PrefixPadding,
            EndOfUtteranceSilence = turns.Silence,
        };
        var transcriber = _services.Transcribers.Create(
            new StreamRequest(_recognition, InterimResults: true, Model: _model), new StreamAudioFormat(StreamEncoding.Linear16, Config.Rate, 1), cancellationToken, live: true, tuning);
        return new LiveTurns(transcriber, _events, _received - carried);
    }

    /// <summary>
    /// The current turns end: they finish in the background, then are disposed. The turns replaced before are waited
    /// for first, so that no more than one set finishes at a time.
    /// </summary>
    private async Task ReplaceAsync(CancellationToken cancellationToken)
    {
        if (_turns is not { } turns)
        {
            return;
        }

        await AwaitFinishingAsync(cancellationToken);
        _turns = null;
        _finishing = FinishThenEndAsync(turns, _abort.Token);
    }

    /// <summary>Waits for the replaced turns to finish and be disposed, and counts what they did.</summary>
    private async Task AwaitFinishingAsync(CancellationToken cancellationToken)
    {
        if (_finishing is { } finishing)
        {
            Add(await finishing.WaitAsync(cancellationToken));
            _finishing = null;
        }
    }

    /// <summary>Transcribes and delivers what <paramref name="turns"/> have pending, unless the session is aborted first; then disposes them.</summary>
    private async Task<(double AudioSeconds, int Finals)> FinishThenEndAsync(IRealtimeTurns turns, CancellationToken aborted)
    {
        try
        {
            await turns.FinishAsync(aborted);
            if (turns.Failed.IsCompleted)
            {
                LogTurnsFailed(turns.Failed.Result);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the session ended first: what they had pending is dropped
        }
        catch (Exception ex)
        {
            LogTurnsFailed(ex);
        }

        return await EndAsync(turns);
    }

    /// <summary>Disposes <paramref name="turns"/>, dropping what they have pending; what they did.</summary>
    private async Task<(double AudioSeconds, int Finals)> EndAsync(IRealtimeTurns turns)
    {
        try
        {
            await turns.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTurnsFailed(ex);
        }

        return turns.Outcome;
    }

    private void Add((double AudioSeconds, int Finals) outcome)
    {
        _endedAudio += outcome.AudioSeconds;
        _endedFinals += outcome.Finals;
    }

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "A Realtime session's turns failed while finishing or closing")]
    private partial void LogTurnsFailed(Exception exception);
}
