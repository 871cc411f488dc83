namespace Stt.Server.OpenAi;

/// <summary>
/// A per-request feature: the status of the error a response ended with after it had started (server-sent events), when
/// the HTTP status was already sent as 200. The access log and metrics report this one.
/// </summary>
internal sealed record StreamedErrorStatus(int Status);
