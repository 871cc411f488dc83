namespace Stt.Server.Api;

/// <summary>Why a recognition request cannot be served: the field at fault and a message naming it.</summary>
internal sealed record RecognitionProblem(string Field, string Message);
