namespace Stt.Audio.Tests;

/// <summary>Budgets named as the server names them, and what a refusal may allocate, for the tests of hostile input.</summary>
internal static class HostileInput
{
    /// <summary>What refusing a hostile input may allocate: far less than the audio it claims (gigabytes).</summary>
    public const long MaxAllocatedBytes = 50L * 1024 * 1024;

    /// <summary>The server's file budget: 1 h of audio, 1 s of concealment in a row.</summary>
    public static readonly AudioBudget FileBudget = Budget(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));

    /// <summary>A file budget of <paramref name="maxAudio"/> and <paramref name="maxConcealedRun"/>, named as the server's settings.</summary>
    public static AudioBudget Budget(TimeSpan maxAudio, TimeSpan maxConcealedRun) => new(
        new AudioLimit(maxAudio, "Stt:Api:MaxFileSeconds"),
        new AudioLimit(maxConcealedRun, "Stt:Api:MaxConcealedRun"));

    /// <summary>One real packet, then <paramref name="empty"/> empty ones (lost packets, 2 bytes each in a gRPC message).</summary>
    public static List<ReadOnlyMemory<byte>> RealThenEmpty(byte[] real, int empty)
    {
        var packets = new List<ReadOnlyMemory<byte>>(empty + 1) { real };
        packets.AddRange(Enumerable.Repeat(ReadOnlyMemory<byte>.Empty, empty));
        return packets;
    }

    /// <summary>Runs <paramref name="refuse"/>, which must throw <typeparamref name="T"/>; returns it and the bytes this thread allocated meanwhile.</summary>
    public static (T Error, long Allocated) Refused<T>(Action refuse)
        where T : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<T>(refuse);
        return (error!, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
