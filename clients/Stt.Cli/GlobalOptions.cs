using System.CommandLine;
using Stt.Client;

namespace Stt.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Server = new("--server")
    {
        Description = "Server address (http://HOST:PORT, or HOST:PORT); several, comma-separated, are balanced round robin, as are the addresses of dns:///NAME:PORT",
        DefaultValueFactory = _ => "http://127.0.0.1:50051",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key, sent as 'authorization: Bearer KEY' (or set STT_API_KEY)",
        Recursive = true,
    };

    /// <summary>The server's address; a bare HOST:PORT (as grpcurl takes it) means cleartext HTTP/2.</summary>
    /// <summary>`--model`: a model the server lists (`stt models served`); empty: its default.</summary>
    public static Option<string> ModelOption() =>
        new("--model", "-m") { Description = "Model to run, by a name the server lists (`stt models served`; default: the server's)", DefaultValueFactory = _ => string.Empty };

    public static Uri Address(ParseResult result) => Addresses(result)[0];

    /// <summary>Every address given: one server, a load balancer, a dns:/// name, or several replicas.</summary>
    public static IReadOnlyList<Uri> Addresses(ParseResult result) =>
        result.GetValue(Server)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList() is { Count: > 0 } addresses
            ? addresses
            : throw new ArgumentException("--server is empty; use http://HOST:PORT");

    public static SpeechClient Client(ParseResult result, bool retryWhenFull = true) => new(Addresses(result), new SpeechClientOptions
    {
        ApiKey = ApiKeyOf(result),
        RetryWhenFull = retryWhenFull,
    });

    public static string? ApiKeyOf(ParseResult result) => result.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("STT_API_KEY");

    private static Uri Parse(string value)
    {
        var withScheme = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var address)
            ? address
            : throw new ArgumentException($"--server '{value}' is not an address; use http://HOST:PORT");
    }
}
