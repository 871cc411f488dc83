using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stt.Core.Diagnostics;
using Stt.Core.Inference;

namespace Stt.Core.Models;

/// <summary>
/// Every model a request may name: the default (<see cref="SpeechModelHost"/>, loaded at start, never unloaded) and the
/// allowed ones (<see cref="ModelsOptions"/>), each loaded on its first request, once however many ask at the same
/// time, and unloaded when nobody has used it for <see cref="ModelsOptions.IdleUnloadAfter"/> or when a load needs its
/// room in <see cref="ModelsOptions.MemoryBudget"/>. A model with a lease (a stream, a file, a waiting request or a
/// pass) is never unloaded. The one owner of which model is in memory.
/// </summary>
public sealed partial class SpeechModels : IDisposable
{
    private static readonly TimeSpan LoadingRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NoRoomRetry = TimeSpan.FromSeconds(30);
    private readonly SpeechModelHost _default;
    private readonly string _defaultName;
    private readonly ModelLoading _loading;
    private readonly ModelsOptions _options;
    private readonly TimeProvider _clock;
    private readonly ModelMetrics _metrics;
    private readonly ILogger<SpeechModels> _logger;
    private readonly Dictionary<string, ModelSlot> _slots;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _sweeper;

    public SpeechModels(
        SpeechModelHost defaultModel, ModelResolver resolver, ModelLoading loading, IOptions<ModelsOptions> options, TimeProvider clock,
        ModelMetrics metrics, ILogger<SpeechModels> logger)
    {
        _default = defaultModel;
        _defaultName = resolver.ConfiguredName;
        _loading = loading;
        _options = options.Value;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _slots = _options.Allowed.ToDictionary(m => m.Name, m => new ModelSlot(m), StringComparer.Ordinal);
        var sweep = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, _options.IdleUnloadAfter.Ticks / 4));
        _sweeper = clock.CreateTimer(_ => UnloadIdle(), null, sweep, sweep);
        metrics.Observe(this);
    }

    /// <summary>The names a request may give: the default model's first.</summary>
    public IReadOnlyList<string> Names => [DefaultName, .. _slots.Keys];

    private string DefaultName => _default.Model?.Name ?? _defaultName;

    /// <summary>Every model a request may name, and which are in memory.</summary>
    public IReadOnlyList<ModelStatus> Statuses()
    {
        lock (_gate)
        {
            return [new ModelStatus(DefaultName, true, _default.Model, []), .. _slots.Values.Select(s => new ModelStatus(s.Entry.Name, false, s.Loaded?.Model, s.Entry.Languages))];
        }
    }

    /// <summary>
    /// The model named <paramref name="name"/> (empty: the default), loaded if it is not in memory; dispose the lease when
    /// done. Waits for a load up to <see cref="ModelsOptions.LoadTimeout"/>.
    /// </summary>
    /// <exception cref="UnknownModelException">Not a model this server may serve.</exception>
    /// <exception cref="ModelUnavailableException">Still loading, failed to load, or no room in the budget.</exception>
    public async Task<ModelLease> AcquireAsync(string? name, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? string.Empty;
        if (IsDefault(name))
        {
            return _default.IsReady
                ? ModelLease.Resident(_default.Model!, _default.Recognizer)
                : throw new ModelUnavailableException("the model is still loading; retry shortly (health reports SERVING when ready)", TimeSpan.FromSeconds(2));
        }

        if (!_slots.TryGetValue(name, out var slot))
        {
            throw new UnknownModelException(name, Names);
        }

        Task loading;
        lock (_gate)
        {
            slot.Users++; // a request waiting for a load holds the model as a user of it does
            loading = slot.Loaded is not null ? Task.CompletedTask : slot.Loading ??= LoadAsync(slot);
        }

        try
        {
            await loading.WaitAsync(_options.LoadTimeout, _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Release(slot);
            throw new ModelUnavailableException($"the model '{name}' is loading; retry in a few seconds", LoadingRetry);
        }
        catch
        {
            Release(slot);
            throw;
        }

        lock (_gate)
        {
            return Lease(slot, slot.Loaded!.Value); // the waiter's use kept it in memory since the load
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweeper.Dispose();
        _stopping.Cancel();
        lock (_gate)
        {
            foreach (var slot in _slots.Values)
            {
                slot.Unload()?.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private bool IsDefault(string name) =>
        name.Length == 0 || string.Equals(name, DefaultName, StringComparison.Ordinal) || string.Equals(name, _defaultName, StringComparison.Ordinal);

    /// <summary>A lease on <paramref name="slot"/>'s model as loaded now; its shares run on that same instance.</summary>
    private ModelLease Lease(ModelSlot slot, (LoadedModel Model, WhisperRecognizer Recognizer) loaded) =>
        new(loaded.Model, loaded.Recognizer, () =>
        {
            lock (_gate)
            {
                slot.Users++;
            }

            return Lease(slot, loaded);
        }, () => Release(slot));

    private void Release(ModelSlot slot)
    {
        lock (_gate)
        {
            if (--slot.Users == 0)
            {
                slot.IdleSince = _clock.GetTimestamp();
            }
        }
    }

    /// <summary>Resolves, makes room, loads; one task per load, which every waiting request awaits.</summary>
    private async Task LoadAsync(ModelSlot slot)
    {
        await Task.Yield(); // run outside the caller's lock
        var name = slot.Entry.Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (path, synthetic) = await _loading.ResolveAsync(slot.Entry.Source, _stopping.Token).ConfigureAwait(false);
            List<(string Name, WhisperRecognizer? Recognizer)> evicted;
            lock (_gate)
            {
                evicted = MakeRoom(slot, new FileInfo(path).Length);
            }

            Dispose(evicted, "budget");
            var (model, recognizer) = await _loading.LoadAsync(name, path, synthetic, slot.Entry.ToleratesReducedContext, slot.Entry.Languages, _stopping.Token)
                .ConfigureAwait(false);
            lock (_gate)
            {
                slot.Loaded = (model, recognizer);
                slot.Loading = null;
                slot.IdleSince = _clock.GetTimestamp();
            }

            _metrics.Loaded(name, Stopwatch.GetElapsedTime(started), "ok");
            LogLoaded(name, path, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var noRoom = ex is ModelUnavailableException;
            lock (_gate)
            {
                slot.Loading = null;
                slot.ReservedBytes = 0;
            }

            _metrics.Loaded(name, Stopwatch.GetElapsedTime(started), noRoom ? "no_room" : "failed");
            LogLoadFailed(name, ex.Message);
            throw noRoom ? ex : new ModelUnavailableException($"the model '{name}' could not be loaded; the server's log says why", NoRoomRetry);
        }
    }

    /// <summary>
    /// Reserves <paramref name="bytes"/> for <paramref name="slot"/>, unloading idle models (longest idle first) when the
    /// budget needs their room; refuses when even that is not enough.
    /// </summary>
    private List<(string Name, WhisperRecognizer? Recognizer)> MakeRoom(ModelSlot slot, long bytes)
    {
        if (_options.MemoryBudget > 0)
        {
            var idle = _slots.Values.Where(s => s.IsIdle).OrderBy(s => s.IdleSince).ToList();
            var freeable = idle.Sum(s => s.ReservedBytes);
            if (ResidentBytes() - freeable + bytes > _options.MemoryBudget)
            {
                throw new ModelUnavailableException(
                    $"loading the model '{slot.Entry.Name}' ({bytes / (1024 * 1024)} MiB) would exceed Stt:Models:MemoryBudget ({_options.MemoryBudget / (1024 * 1024)} MiB) while the models in memory are in use; retry later",
                    NoRoomRetry);
            }

            var victims = idle.TakeWhile(_ => ResidentBytes() + bytes > _options.MemoryBudget).Select(s => (s.Entry.Name, s.Unload())).ToList();
            slot.ReservedBytes = bytes;
            return victims;
        }

        slot.ReservedBytes = bytes;
        return [];
    }

    private long ResidentBytes() => (_default.Model?.FileBytes ?? 0) + _slots.Values.Sum(s => s.ReservedBytes);

    private void UnloadIdle()
    {
        List<(string Name, WhisperRecognizer? Recognizer)> idle;
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            idle = _slots.Values.Where(s => s.IsIdle && _clock.GetElapsedTime(s.IdleSince, now) >= _options.IdleUnloadAfter)
                .Select(s => (s.Entry.Name, s.Unload())).ToList();
        }

        Dispose(idle, "idle");
    }

    /// <summary>Frees models unloaded under the lock: nobody held them, so no pass runs on them.</summary>
    private void Dispose(List<(string Name, WhisperRecognizer? Recognizer)> unloaded, string reason)
    {
        foreach (var (name, recognizer) in unloaded)
        {
            recognizer?.Dispose();
            _metrics.Evicted(name, reason);
            LogUnloaded(name, reason);
        }
    }
}
