namespace Stt.Abuse.Report.Calls;

/// <summary>HTTP calls from the attacker: multipart uploads to the OpenAI-compatible transcription route, and plain GETs.</summary>
internal static class Uploads
{
    public const string TranscriptionsRoute = "/v1/audio/transcriptions";

    /// <summary>Uploads <paramref name="file"/> as the form's <c>file</c> (model whisper-1); returns the response body.</summary>
    public static async Task<string?> TranscribeAsync(AttackContext context, byte[] file, string fileName, params int[] expected)
    {
        var call = $"POST {TranscriptionsRoute}";
        context.Step = call;
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(file), "file", fileName },
            { new StringContent("whisper-1"), "model" },
        };
        return await SendAsync(context, call, context.Target.Http, new HttpRequestMessage(HttpMethod.Post, TranscriptionsRoute) { Content = form }, expected);
    }

    /// <summary>Sends <paramref name="request"/> and records its status (and its body, unless <paramref name="quiet"/>); a connection the server cuts is recorded as such.</summary>
    public static async Task<string?> SendAsync(AttackContext context, string call, HttpClient http, HttpRequestMessage request, int[] expected, bool quiet = false)
    {
        var cancellationToken = context.CancellationToken;
        context.Step = call;
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, cancellationToken))
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                context.Answers.Http(call, (int)response.StatusCode, quiet ? null : body, expected);
                return body;
            }
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            context.Answers.ConnectionLost(call, ex);
            return null;
        }
    }
}
