using System.Collections.Concurrent;
using Stt.Core.Models;
using Whisper.net;

namespace Stt.Core.Detection;

/// <summary>
/// Silero VAD contexts for live streams. Each stream needs its own (the model's LSTM state is per stream), and
/// loading one reads the file and builds its graph (20-70 ms), so contexts are kept and reused: a stream rents one
/// and returns it with its state reset. Each context runs on one thread: its windows are 32 ms graphs, too small to
/// share between threads (four threads cost ten times one).
/// </summary>
public sealed class SileroContextPool : IDisposable
{
    private readonly ConcurrentBag<nint> _idle = [];
    private readonly string _path;
    private int _created;
    private bool _disposed;

    private SileroContextPool(string path) => _path = path;

    /// <summary>The model file in use.</summary>
    public string ModelPath => _path;

    /// <summary>Contexts created so far (idle and rented).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Checks the file, loads it once through Whisper.net (which loads the native library), and keeps that context.</summary>
    /// <exception cref="ModelFileException">The file is missing, not a Silero model, or the engine cannot load it.</exception>
    public static SileroContextPool Load(string path)
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

        var pool = new SileroContextPool(path);
        pool.Return(pool.Create());
        return pool;
    }

    /// <summary>An idle context, or a new one.</summary>
    public nint Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var context) ? context : Create();
    }

    /// <summary>Takes a context back, its state cleared for the next stream.</summary>
    public void Return(nint context)
    {
        if (_disposed)
        {
            SileroNative.Free(context);
            return;
        }

        SileroNative.ResetState(context);
        _idle.Add(context);
    }

    /// <summary>Frees the idle contexts; rented ones are freed when they come back.</summary>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var context))
        {
            SileroNative.Free(context);
        }
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
