using System.Collections.Concurrent;
using Stt.Core.Models;
using Whisper.net;

namespace Stt.Core.Detection;

/// <summary>
/// Silero VAD contexts for live streams. Each stream needs its own (the model's LSTM state is per stream), and
/// loading one reads the file and builds its graph (20-70 ms), so contexts are kept and reused: a stream rents one
/// and returns it with its state reset. Each context runs on one thread: its windows are 32 ms graphs, too small to
/// share between threads (four threads cost ten times one). At most a set number are kept idle: after a burst of
/// streams, the contexts beyond it are freed as the streams end, so their native memory does not stay.
/// </summary>
public sealed class SileroContextPool : IDisposable
{
    private readonly ConcurrentBag<nint> _idle = [];
    private readonly string _path;
    private readonly int _maxIdle;
    private int _idleCount;
    private int _created;
    private int _rented;
    private bool _disposed;

    private SileroContextPool(string path, int maxIdle) => (_path, _maxIdle) = (path, maxIdle);

    /// <summary>The model file in use.</summary>
    public string ModelPath => _path;

    /// <summary>Contexts created so far (idle and rented).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Contexts kept for the next streams now.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Contexts streams hold now.</summary>
    public int Rented => Volatile.Read(ref _rented);

    /// <summary>
    /// Checks the file, loads it once through Whisper.net (which loads the native library), and keeps a context of it
    /// (unless <paramref name="maxIdle"/> is 0).
    /// </summary>
    /// <param name="path">The Silero model file (ggml).</param>
    /// <param name="maxIdle">Contexts kept when no stream holds them (<see cref="Streaming.StreamingOptions.MaxIdleVadContexts"/>); more are freed.</param>
    /// <exception cref="ModelFileException">The file is missing, not a Silero model, or the engine cannot load it.</exception>
    public static SileroContextPool Load(string path, int maxIdle)
    {
        SileroModelFile.Check(path);
        try
        {
            using var factory = WhisperVadFactory.FromPath(path);
            using var probe = factory.CreateBuilder().WithThreads(1).Build();
        }
        catch (Exception ex) when (ex is WhisperModelLoadException or DllNotFoundException)
        {
            throw new ModelFileException($"Speech detection model '{path}' could not be loaded by the Whisper engine ({ex.Message}); set Stt:Streaming:VadModel to a valid Silero file or Stt:Streaming:Vad=energy.", ex);
        }

        var pool = new SileroContextPool(path, maxIdle);
        pool.Keep(pool.Create());
        return pool;
    }

    /// <summary>An idle context, or a new one.</summary>
    public nint Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint context;
        if (_idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            context = idle;
        }
        else
        {
            context = Create();
        }

        Interlocked.Increment(ref _rented);
        return context;
    }

    /// <summary>Takes a context back, its state cleared for the next stream; frees it when as many as kept are idle.</summary>
    public void Return(nint context)
    {
        Interlocked.Decrement(ref _rented);
        Keep(context);
    }

    /// <summary>Frees the idle contexts; rented ones are freed when they come back.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var context))
        {
            Interlocked.Decrement(ref _idleCount);
            SileroNative.Free(context);
        }
    }

    /// <summary>Keeps <paramref name="context"/> idle, its state cleared; frees it when the pool is disposed or keeps as many as it may.</summary>
    private void Keep(nint context)
    {
        if (!_disposed)
        {
            // Counted before it is added: the count is never below the contexts kept, so no more than the bound get in.
            if (Interlocked.Increment(ref _idleCount) <= _maxIdle)
            {
                SileroNative.ResetState(context);
                _idle.Add(context);
                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        SileroNative.Free(context);
    }

    private nint Create()
    {
        var parameters = SileroNative.DefaultContextParams();
        parameters.Threads = 1;
        parameters.UseGpu = 0;
        var context = SileroNative.InitFromFile(_path, parameters);
        if (context == 0)
        {
            throw new ModelFileException($"Speech detection model '{_path}' could not be loaded by the Whisper engine.");
        }

        // whisper.cpp leaves a new context's LSTM state uninitialised (only the resetting call clears it): measured,
        // fresh contexts on a busy heap started from garbage and some never saw speech.
        SileroNative.ResetState(context);

        Interlocked.Increment(ref _created);
        return context;
    }
}
