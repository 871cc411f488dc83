namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// What became of one client event: <paramref name="Applied"/> when the session took it (only such an event counts as
/// activity for the idle timeout), false when it was refused with an <c>error</c> event;
/// <paramref name="Failure"/> when the session cannot go on.
/// </summary>
internal readonly record struct HandledEvent(bool Applied, Exception? Failure)
{
    /// <summary>The session took the event.</summary>
    public static HandledEvent Done { get; } = new(true, null);

    /// <summary>The event was answered with an <c>error</c> event; the session goes on.</summary>
    public static HandledEvent Refused { get; } = new(false, null);

    /// <summary>The session cannot go on.</summary>
    public static HandledEvent Failed(Exception failure) => new(false, failure);
}
