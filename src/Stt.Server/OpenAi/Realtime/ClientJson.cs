using System.Text.Json;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>
/// Reads the text of a client event's JSON strings. JSON may escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which is
/// no text: such a string is refused as an error of its field, not taken for a failure of the session.
/// </summary>
internal static class ClientJson
{
    /// <summary>The text of <paramref name="value"/>, a JSON string at <paramref name="path"/>.</summary>
    /// <exception cref="OpenAiException">The string is not valid UTF-16.</exception>
    public static string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new OpenAiException(OpenAiError.BadRequest($"{path} is not valid text: it holds a lone UTF-16 surrogate", path, "invalid_value"));
        }
    }
}
