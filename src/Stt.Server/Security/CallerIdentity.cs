using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// Who made a call, as <see cref="CallGate"/> identified it: the API key id, or the client's address when keys are
/// off. What a caller opens is theirs; the services ask this to know whose it is.
/// </summary>
internal static class CallerIdentity
{
    private const string Key = "stt.caller";

    /// <summary>Records the caller; the gate does this before the call runs.</summary>
    public static void SetCaller(this ServerCallContext context, string caller) => context.UserState[Key] = caller;

    /// <summary>The caller the gate identified.</summary>
    /// <exception cref="InvalidOperationException">The call did not pass the gate: a wiring error, refused rather than served as nobody.</exception>
    public static string GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller)
            ? (string)caller
            : throw new InvalidOperationException("the call has no caller: CallGate must run before the service");
}
