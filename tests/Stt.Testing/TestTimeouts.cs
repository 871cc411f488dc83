namespace Stt.Testing;

/// <summary>
/// How long a test waits for something before it calls it a hang and fails: generous bounds, not speed targets (those
/// live in the benchmark), so a slow machine passes and a hang fails fast.
/// </summary>
public static class TestTimeouts
{
    /// <summary>Pure logic with fakes: 10 s.</summary>
    public static readonly TimeSpan Unit = TimeSpan.FromSeconds(10);

    /// <summary>Calls to the service in the test's process, or to one server process started for the test: 60 s.</summary>
    public static readonly TimeSpan Server = TimeSpan.FromSeconds(60);

    /// <summary>Several server processes, a container, or recordings streamed at real time: 90 s.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);

    /// <summary>Minutes of work: a model downloaded, OpenAI-compatible sessions over whole recordings: 3 min.</summary>
    public static readonly TimeSpan Long = TimeSpan.FromMinutes(3);
}
