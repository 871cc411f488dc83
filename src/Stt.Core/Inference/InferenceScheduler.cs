using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;

namespace Stt.Core.Inference;

/// <summary>
/// The inference worker: a pool of <see cref="InferenceOptions.EffectiveWorkers"/> loops sharing one model,
/// fed by a bounded priority queue. With automatic threads, a pass gets the cores it need not share. Whisper has no cross-request batching, so throughput comes from parallel
/// processors and from sizing each pass's audio context to its window. A final that finds every worker busy
/// preempts the most recently started interim (its caller gets null, as for a replaced one): interims are thinned
/// before finals wait. A failing pass fails only its caller; the loops survive it and treat cancellation of the
/// host as shutdown.
/// </summary>
public sealed partial class InferenceScheduler : BackgroundService, IInferenceScheduler
{
    private readonly SpeechModelHost _host;
    private readonly ILogger<InferenceScheduler> _logger;
    private readonly InferenceQueue _queue;
    private readonly int _workers;
    private readonly bool _adaptThreads;
    private readonly SpeechMetrics _metrics;
    private readonly ConcurrentDictionary<QueuedPass, RunningPass> _runningPasses = new();
    private int _running;

    /// <summary>Creates the scheduler; call <c>StartAsync</c> (the host does) to start its workers.</summary>
    public InferenceScheduler(SpeechModelHost host, IOptions<InferenceOptions> options, ILogger<InferenceScheduler> logger, SpeechMetrics? metrics = null)
    {
        _host = host;
        _logger = logger;
        _queue = new InferenceQueue(options.Value.MaxQueuedPasses);
        _workers = options.Value.EffectiveWorkers;
        _adaptThreads = options.Value.ThreadsPerWorker == 0;
        _metrics = metrics ?? new SpeechMetrics();
        _metrics.Observe(this);
    }

    /// <inheritdoc />
    public event Action<CompletedPass>? PassCompleted;

    /// <inheritdoc />
    public int Workers => _workers;

    /// <inheritdoc />
    public int QueuedPasses => _queue.Count;

    /// <inheritdoc />
    public int QueuedFinals => _queue.FinalCount;

    /// <inheritdoc />
    public int RunningPasses => Volatile.Read(ref _running);

    /// <inheritdoc />
    public bool IsSaturated => RunningPasses >= _workers || _queue.Count > 0;

    /// <inheritdoc />
    public Task<Transcript?> ScheduleAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Transcript?>(cancellationToken);
        }

        var pass = new QueuedPass(request, cancellationToken);
        if (!_queue.Enqueue(pass))
        {
            pass.Succeed(null);
            _metrics.InterimThinned("queue_full");
            return Task.FromResult<Transcript?>(null);
        }

        if (request.Priority == PassPriority.Final && RunningPasses >= _workers)
        {
            PreemptAnInterim();
        }

        pass.Registration = cancellationToken.Register(() =>
        {
            if (_queue.TryRemove(pass))
            {
                pass.Cancel();
            }
        });
        return pass.Completion;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _host.WhenReadyAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(Enumerable.Range(0, _workers).Select(i => Task.Run(() => WorkAsync(i, stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutdown
        }
        finally
        {
            foreach (var pass in _queue.Drain())
            {
                pass.Cancel();
            }
        }
    }

    private async Task WorkAsync(int worker, CancellationToken stoppingToken)
    {
        LogWorkerStarted(worker);
        while (!stoppingToken.IsCancellationRequested)
        {
            var pass = await _queue.DequeueAsync(stoppingToken).ConfigureAwait(false);
            await RunAsync(pass, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(QueuedPass pass, CancellationToken stoppingToken)
    {
        if (pass.CancellationToken.IsCancellationRequested)
        {
            pass.Cancel();
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(pass.CancellationToken, stoppingToken);
        var running = Interlocked.Increment(ref _running);
        var started = Stopwatch.GetTimestamp();
        _runningPasses[pass] = new RunningPass(linked, started);
        var options = _adaptThreads ? pass.Request.Options with { Threads = ThreadsFor(running) } : pass.Request.Options;
        var priority = pass.Request.Priority == PassPriority.Final ? "final" : "interim";
        using var activity = SpeechActivities.Source.StartActivity($"inference {priority}");
        activity?.SetTag("stt.audio.seconds", pass.Request.Samples.Length / 16000.0);
        activity?.SetTag("stt.threads", options.Threads);
        activity?.SetTag("stt.queue.wait_ms", Stopwatch.GetElapsedTime(pass.QueuedAt, started).TotalMilliseconds);
        var outcome = "ok";
        try
        {
            var recognizer = pass.Request.Model?.Recognizer ?? _host.Recognizer;
            var transcript = await recognizer.RecognizeAsync(pass.Request.Samples, options, linked.Token).ConfigureAwait(false);
            pass.Succeed(transcript);
            _metrics.PassChecked(pass.Request.Priority, transcript);

            PassCompleted?.Invoke(new CompletedPass(pass.Request.Priority, pass.Request.Samples.Length, options.Threads,
                Stopwatch.GetElapsedTime(pass.QueuedAt, started), Stopwatch.GetElapsedTime(started), pass.Request.Live));
        }
        catch (OperationCanceledException) when (pass.Preempted && !stoppingToken.IsCancellationRequested)
        {
            outcome = "preempted";
            _metrics.InterimThinned("preempted");
            pass.Succeed(null); // as for a replaced interim: the caller skips it
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            outcome = "cancelled";
            pass.Cancel();
        }
        catch (Exception ex)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogPassFailed(ex, pass.Request.Priority, pass.Request.Samples.Length);
            pass.Fail(ex);
        }
        finally
        {
            _runningPasses.TryRemove(pass, out _);
            Interlocked.Decrement(ref _running);
            _metrics.PassCompleted(pass.Request.Priority, Stopwatch.GetElapsedTime(started), outcome, pass.Request.Model?.Model.Name ?? _host.Model?.Name ?? string.Empty);
        }
    }

    /// <summary>Aborts the most recently started running interim, if any: it has the most work left and the least value.</summary>
    private void PreemptAnInterim()
    {
        var victim = _runningPasses
            .Where(p => p.Key.Request.Priority == PassPriority.Interim && !p.Key.Preempted)
            .OrderByDescending(p => p.Value.StartedAt)
            .Select(p => (KeyValuePair<QueuedPass, RunningPass>?)p)
            .FirstOrDefault();
        if (victim is { Key: var pass, Value: var running })
        {
            pass.Preempted = true;
            try
            {
                running.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // it finished meanwhile
            }
        }
    }

    private sealed record RunningPass(CancellationTokenSource Cancellation, long StartedAt);

    /// <summary>
    /// Threads for a pass that starts while <paramref name="running"/> passes run (itself included): the cores
    /// shared among them, so a lone pass (a final on a quiet server) gets them all and a busy server runs one
    /// thread per pass.
    /// </summary>
    private int ThreadsFor(int running) =>
        Math.Max(1, Environment.ProcessorCount / Math.Max(1, running + _queue.Count));

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Inference worker {Worker} started")]
    private partial void LogWorkerStarted(int worker);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "A {Priority} pass over {Samples} samples failed")]
    private partial void LogPassFailed(Exception exception, PassPriority priority, int samples);
}
