namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// What of a client's own text the server's events repeat. An error names the event and the value it refuses, but a
/// client that does not read its socket must not make the server queue its messages back to it: each repeated field is
/// cut to <see cref="MaxLength"/> characters, and an error's message to <see cref="MaxMessageLength"/>.
/// </summary>
internal static class ClientEcho
{
    /// <summary>Longest client text (an event id, a type, a value) an event repeats, characters: 64.</summary>
    public const int MaxLength = 64;

    /// <summary>Longest error message sent, characters: 1024 (ours are shorter, with their repeated values cut).</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>A value for a message: its first <see cref="MaxLength"/> characters, and an ellipsis when it is longer.</summary>
    public static string Text(string text) => text.Length <= MaxLength ? text : Cut(text, MaxLength) + "…";

    /// <summary>A client event's <c>event_id</c>: its first <see cref="MaxLength"/> characters.</summary>
    public static string? Id(string? id) => id is null ? null : Cut(id, MaxLength);

    /// <summary>An error's message, at most <see cref="MaxMessageLength"/> characters.</summary>
    public static string Message(string message) => message.Length <= MaxMessageLength ? message : Cut(message, MaxMessageLength - 1) + "…";

    /// <summary>The first <paramref name="length"/> characters at most, without splitting a surrogate pair.</summary>
    private static string Cut(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
}
