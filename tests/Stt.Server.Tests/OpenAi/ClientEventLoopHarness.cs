using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stt.Core.Admission;
using Stt.Core.Detection;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;
using Stt.Core.Models;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.Hosting;
using Stt.Server.OpenAi;
using Stt.Server.OpenAi.Realtime;
using Stt.Server.Tests.Security;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// A <see cref="ClientEventLoop"/> over a scripted socket and a fake clock, with the real handler, turns, lifetime and
/// drain it has in a session (a model that is loaded but never asked to transcribe, an idle scheduler unless one is
/// given). The lifetime starts when the harness is made. Its client reads its events from <see cref="StartReading"/> on,
/// or only once the loop has ended (<see cref="ServerEventsAsync"/>).
/// </summary>
internal sealed class ClientEventLoopHarness : IAsyncDisposable
{
    private readonly SpeechModels _models;
    private readonly RealtimeOutbox _outbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly SessionTurns _turns;
    private readonly ClientEventLoop _loop;
    private readonly ScriptedWebSocket _sink = new();
    private Task? _reading;

    public ClientEventLoopHarness(
        ScriptedWebSocket socket,
        StreamLifetimeOptions lifetimes,
        TimeSpan? drainTimeout = null,
        int maxMessageBytes = 1024,
        OpenAiOptions? openAi = null,
        StreamingOptions? streamingOptions = null,
        IInferenceScheduler? scheduler = null)
    {
        Socket = socket;
        openAi ??= new OpenAiOptions();
        scheduler ??= new IdleScheduler();
        _outbox = new RealtimeOutbox(openAi.MaxQueuedServerEvents);
        var streaming = Options.Create(streamingOptions ?? new StreamingOptions());
        Detectors = new SpeechDetectors(streaming);
        var transcribers = new StreamTranscriberFactory(scheduler, streaming, Detectors, SegmentFilter.Default, Metrics);
        var host = new SpeechModelHost();
        host.SetReady(new UnusedRecognizer(), new LoadedModel("fake", "fake", SyntheticModelSpec.Small.HyperParameters, true, 0));
        var modelOptions = Options.Create(new ModelOptions { Model = "fake" });
        _models = new SpeechModels(host, new ModelResolver(modelOptions, new HttpClient(), NullLogger<ModelResolver>.Instance),
            new ModelLoading(new ModelResolver(modelOptions, new HttpClient(), NullLogger<ModelResolver>.Instance), Options.Create(new InferenceOptions())),
            Options.Create(new ModelsOptions()), TimeProvider.System, new ModelMetrics(), NullLogger<SpeechModels>.Instance); // its own clock: the loop's timers are what this clock watches
        var api = new ApiOptions { MaxMessageBytes = maxMessageBytes };
        var admissionOptions = Options.Create(new AdmissionOptions());
        var admission = new AdmissionController(scheduler, admissionOptions, Metrics, new LiveStreamMeter(TimeProvider.System, admissionOptions));
        Drain = new ServerDrain(Options.Create(new ShutdownOptions { DrainTimeout = drainTimeout ?? TimeSpan.FromSeconds(15) }), admission,
            Clock, NullLogger<ServerDrain>.Instance);
        var runner = new LiveStreamRunner(Drain, Options.Create(lifetimes), Clock, Metrics);
        var services = new RealtimeDependencies(
            transcribers, new FileTranscriber(transcribers), new ServedModels(_models, Options.Create(new OpenAiOptions())),
            new RecognitionRules(host, Options.Create(api), Options.Create(new InferenceOptions())), Drain, runner, Metrics, api, Clock, openAi);
        _turns = new SessionTurns(services, new TurnEvents(_outbox, new RealtimeItems()), ex => OpenAiError.Internal(ex.Message), NullLogger.Instance);
        Lifetime = runner.Start();
        _loop = new ClientEventLoop(
            new ClientMessageReceiver(socket, maxMessageBytes),
            new ClientEventHandler("sess_test", _turns, _outbox),
            _turns,
            _outbox,
            Lifetime,
            runner,
            Metrics);
    }

    public TimerWatchingClock Clock { get; } = new();

    /// <summary>The session's lifetime: its one timer is the loop's wait.</summary>
    public StreamLifetime Lifetime { get; }

    public ScriptedWebSocket Socket { get; }

    public ServerDrain Drain { get; }

    public SpeechMetrics Metrics { get; } = new();

    /// <summary>The session's speech detectors: the Silero contexts its turns hold.</summary>
    public SpeechDetectors Detectors { get; }

    /// <summary>The session's turns, for a test that acts as the session's reader while the loop waits for the client.</summary>
    public SessionTurns Turns => _turns;

    /// <summary>The server events queued for the client.</summary>
    public RealtimeOutbox Outbox => _outbox;

    /// <summary>The loop's run, once <see cref="Start"/>ed.</summary>
    public Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> Run { get; private set; } = null!;

    /// <summary>Starts the loop; it has armed its first timer when this returns.</summary>
    public void Start() => Run = _loop.RunAsync(_stop.Token);

    /// <summary>
    /// Waits until the loop has ended, or waits for the client's next message (or, the outbox backed up, for the client
    /// to read) on exactly one timer: moving the clock on from there fires the timer the loop set from what it has seen.
    /// </summary>
    public async Task SettledAsync() =>
        await Eventually.TrueAsync(
            () => Run.IsCompleted || ((Socket.IsWaiting || Outbox.BackedUp) && Clock.ArmedTimers == 1),
            TestTimeouts.Unit,
            () => $"loop running; socket waiting: {Socket.IsWaiting}; outbox backed up: {Outbox.BackedUp}; armed timers: {Clock.ArmedTimers}");

    /// <summary>The client reads its events from now on.</summary>
    public void StartReading() => _reading ??= _outbox.WriteAsync(_sink, CancellationToken.None);

    /// <summary>Moves the clock on by <paramref name="delta"/>, then waits until the loop has <see cref="SettledAsync"/>.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        Clock.Advance(delta);
        await SettledAsync();
    }

    /// <summary>The client sends <paramref name="frame"/>; returns once the loop has taken it and settled.</summary>
    public async Task SendAsync(ScriptedWebSocket.Frame frame)
    {
        Socket.Add(frame);
        await SettledAsync();
    }

    /// <summary>How the loop ended; fails the test when it has not within <see cref="TestTimeouts.Unit"/>.</summary>
    public async Task<(SessionEnd End, Task<ClientMessage>? Pending, Exception? Failure)> EndAsync() => await Run.WaitAsync(TestTimeouts.Unit);

    /// <summary>
    /// What the handler answered, once the loop has ended: each server event's type, an error as <c>error:</c> and the
    /// client event id it names.
    /// </summary>
    public async Task<List<string>> ServerEventsAsync() => (await ServerEventJsonAsync()).Select(Describe).ToList();

    /// <summary>The server events whole, once the loop has ended.</summary>
    public async Task<List<JsonElement>> ServerEventJsonAsync()
    {
        _outbox.Complete();
        StartReading();
        await _reading!.WaitAsync(TestTimeouts.Unit);
        return _sink.Sent.Select(e => JsonDocument.Parse(e).RootElement).ToList();
    }

    /// <summary>Ends the loop (the receive a timer's end leaves waiting, too), then the session's turns, as its connection does.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (Run is not null)
        {
            try
            {
                await Run.WaitAsync(TestTimeouts.Unit);
            }
            catch (OperationCanceledException)
            {
                // ended by the cancellation
            }
        }

        await _turns.AbortAsync().WaitAsync(TestTimeouts.Unit);
        _stop.Dispose();
        Detectors.Dispose();
        _models.Dispose();
        Drain.Dispose();
        Lifetime.Dispose();
        Metrics.Dispose();
    }

    private static string Describe(JsonElement root)
    {
        var type = root.GetProperty("type").GetString()!;
        return type == "error" ? $"error:{root.GetProperty("error").GetProperty("event_id").GetString()}" : type;
    }

    /// <summary>The loaded model's recognizer: these tests send no audio, so nothing is transcribed.</summary>
    private sealed class UnusedRecognizer : ISpeechRecognizer
    {
        public Task<Transcript> RecognizeAsync(float[] samples, RecognitionOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException("no audio is sent in these tests");
    }
}
