namespace Stt.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>`stt health`: the server is not serving, or did not answer.</summary>
    public const int Unhealthy = 1;

    public const int Usage = 2;
    public const int ServerError = 3;
    public const int Unreachable = 4;
}
