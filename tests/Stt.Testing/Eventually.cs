using System.Diagnostics;

namespace Stt.Testing;

/// <summary>
/// Waits for something a test cannot be told about, by looking again every <see cref="Poll"/> until it holds; past the
/// timeout, a <see cref="TimeoutException"/> that says what was last seen.
/// </summary>
public static class Eventually
{
    /// <summary>How often a condition is looked at again unless the caller says: 50 ms.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads a value until <paramref name="until"/> holds for it; returns that value.</summary>
    /// <param name="read">One look; its token is cancelled at the timeout.</param>
    /// <param name="until">True for the value waited for.</param>
    /// <param name="timeout">How long to wait in all.</param>
    /// <param name="describe">What the last value means, for the timeout's message.</param>
    /// <param name="poll">Between looks; <see cref="Poll"/> by default.</param>
    public static async Task<T> ReadAsync<T>(
        Func<CancellationToken, Task<T>> read, Func<T, bool> until, TimeSpan timeout, Func<T, string>? describe = null, TimeSpan? poll = null)
    {
        using var expiry = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var last = "nothing read yet";
        while (true)
        {
            T value;
            try
            {
                value = await read(expiry.Token);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested)
            {
                throw new TimeoutException($"still not so after {timeout}: {last}");
            }

            if (until(value))
            {
                return value;
            }

            last = describe?.Invoke(value) ?? value?.ToString() ?? "null";
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"still not so after {timeout}: {last}");
            }

            await Task.Delay(poll ?? Poll, CancellationToken.None);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static async Task TrueAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null, TimeSpan? poll = null) =>
        await ReadAsync(condition, holds => holds, timeout, _ => describe?.Invoke() ?? "false", poll);

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null, TimeSpan? poll = null) =>
        await TrueAsync(_ => Task.FromResult(condition()), timeout, describe, poll);
}
