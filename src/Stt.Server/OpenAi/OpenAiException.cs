namespace Stt.Server.OpenAi;

/// <summary>Ends an OpenAI-compatible request with <see cref="Error"/>; the gate writes it.</summary>
internal sealed class OpenAiException(OpenAiError error) : Exception(error.Message)
{
    public OpenAiError Error { get; } = error;
}
