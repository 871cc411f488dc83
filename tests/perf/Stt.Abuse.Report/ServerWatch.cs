using System.Globalization;

namespace Stt.Abuse.Report;

/// <summary>
/// Watches the server process through /proc: its resident memory every 50 ms (the peak since <see cref="Mark"/>), and
/// whether it is still alive (a process that exited, or a zombie, is not).
/// </summary>
internal sealed class ServerWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly string _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakKb;
    private volatile bool _alive = true;

    public ServerWatch(int pid)
    {
        Pid = pid;
        _status = $"/proc/{pid}/status";
        _alive = Read() is not null;
        _sampling = Task.Run(SampleAsync);
    }

    public int Pid { get; }

    public bool Alive => _alive && Read() is not null;

    /// <summary>Starts a new window: returns the resident memory now, in KiB, from which the window's peak is measured.</summary>
    public long Mark()
    {
        var now = Read() ?? 0;
        Interlocked.Exchange(ref _peakKb, now);
        return now;
    }

    /// <summary>The highest resident memory seen since <see cref="Mark"/>, in KiB.</summary>
    public long PeakKb => Math.Max(Interlocked.Read(ref _peakKb), Read() ?? 0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Read() is not { } kb)
                {
                    _alive = false;
                    continue;
                }

                var peak = Interlocked.Read(ref _peakKb);
                while (kb > peak && Interlocked.CompareExchange(ref _peakKb, kb, peak) != peak)
                {
                    peak = Interlocked.Read(ref _peakKb);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    /// <summary>VmRSS in KiB; null when the process is gone or a zombie (which has no VmRSS).</summary>
    private long? Read()
    {
        try
        {
            foreach (var line in File.ReadLines(_status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }

            return null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
