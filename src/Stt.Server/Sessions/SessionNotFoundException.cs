namespace Stt.Server.Sessions;

/// <summary>
/// A push or resume named a session that does not exist, has closed, or another caller opened: one answer for all
/// three, so it never confirms that an id exists.
/// </summary>
internal sealed class SessionNotFoundException() : Exception(Text)
{
    /// <summary>The message, whichever of the three it was; it names no session, since gRPC logs it.</summary>
    public const string Text = "no such session: it does not exist, has closed, or was opened by another caller";
}
