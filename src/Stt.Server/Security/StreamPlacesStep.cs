using Grpc.Core;

namespace Stt.Server.Security;

/// <summary>
/// For a method that opens a <see cref="LiveStreamAttribute">live stream</see>: takes the caller's stream slot and a
/// place under admission control before the handler runs (refused when either is full), offers them to the handler
/// (<see cref="StreamPlacesFeature"/>), and releases them when the call ends unless the handler took them over.
/// </summary>
internal sealed class StreamPlacesStep(ExemptCalls exempt, CallGuard guard) : CallStep(exempt)
{
    protected override async Task<T> HandleAsync<T>(ServerCallContext context, object? request, Func<Task<T>> next)
    {
        if (Declared<LiveStreamAttribute>(context) is not { } live || live.Continues(request))
        {
            return await next();
        }

        var places = new StreamPlacesFeature(guard.TakePlaces(context.GetCaller()));
        context.GetHttpContext().Features.Set(places);
        try
        {
            return await next();
        }
        finally
        {
            places.Release();
        }
    }
}
