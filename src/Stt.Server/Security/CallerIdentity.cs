using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// Who made a call, as <see cref="CallGate"/> (gRPC) or the OpenAI-compatible endpoints' gate identified it: the API key
/// id, or the client's address when keys are off. What a caller opens is theirs; the services ask this to know whose it is.
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

    /// <summary>Records the caller of an HTTP request; the gate does this before the endpoint runs.</summary>
    public static void SetCaller(this HttpContext context, string caller) => context.Items[Key] = caller;

    /// <summary>The caller the gate identified for an HTTP request.</summary>
    /// <exception cref="InvalidOperationException">The request did not pass the gate: a wiring error.</exception>
    public static string GetCaller(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var caller) && caller is string name
            ? name
            : throw new InvalidOperationException("the request has no caller: the gate must run before the endpoint");
}
