using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// Typed access to what a call carries besides its messages (<see cref="HttpContext.Features"/>): its caller, its
/// outcome for the log line, and a live stream's places. The same for gRPC calls and HTTP requests.
/// </summary>
internal static class CallFeatures
{
    /// <summary>Records the caller; <see cref="AuthenticationStep"/> (gRPC) or the OpenAI gate does this before the handler runs.</summary>
    public static void SetCaller(this HttpContext context, string caller) => context.Features.Set(new CallerFeature(caller));

    /// <summary>The caller identified before the handler ran.</summary>
    /// <exception cref="InvalidOperationException">The call was not authenticated first: a wiring error, refused rather than served as nobody.</exception>
    public static string GetCaller(this HttpContext context) =>
        context.Features.Get<CallerFeature>()?.Caller
            ?? throw new InvalidOperationException("the call has no caller: authentication must run before the handler");

    /// <inheritdoc cref="GetCaller(HttpContext)"/>
    public static string GetCaller(this ServerCallContext context) => context.GetHttpContext().GetCaller();

    /// <summary>Leaves what the call did for its log line.</summary>
    public static void SetOutcome(this HttpContext context, CallOutcome outcome) => context.Features.Set(outcome);

    /// <inheritdoc cref="SetOutcome(HttpContext, CallOutcome)"/>
    public static void SetOutcome(this ServerCallContext context, CallOutcome outcome) => context.GetHttpContext().SetOutcome(outcome);

    /// <summary>What the call did, or <see cref="CallOutcome.None"/> when it left nothing.</summary>
    public static CallOutcome GetOutcome(this HttpContext context) => context.Features.Get<CallOutcome>() ?? CallOutcome.None;

    /// <summary>Takes over the live stream's places, to release them later; null when the call holds none.</summary>
    public static IDisposable? TakeStreamPlaces(this ServerCallContext context) =>
        context.GetHttpContext().Features.Get<StreamPlacesFeature>()?.TakeOver();
}
