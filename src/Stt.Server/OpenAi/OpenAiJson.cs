using System.Text.Json;

namespace Stt.Server.OpenAi;

/// <summary>How the OpenAI-compatible API writes JSON: snake_case names, as OpenAI's wire format has them.</summary>
internal static class OpenAiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // API JSON, never inlined in HTML: quotes stay readable
    };

    /// <summary>As <see cref="Options"/>, leaving out null properties (optional fields OpenAI omits rather than nulls).</summary>
    public static readonly JsonSerializerOptions OmitNulls = new(Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>UTF-8 JSON of <paramref name="value"/>.</summary>
    public static byte[] Serialize(object value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
