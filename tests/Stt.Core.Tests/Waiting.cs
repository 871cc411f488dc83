namespace Stt.Core.Tests;

/// <summary>Waits for state that another thread changes; fails after a timeout rather than hanging.</summary>
internal static class Waiting
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(5, expiry.Token);
        }
    }
}
