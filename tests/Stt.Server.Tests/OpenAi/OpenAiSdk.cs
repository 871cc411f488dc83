using System.Text.Json;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.OpenAi;

/// <summary>
/// The official <c>openai</c> npm package against the real server: tests/tools/openai-sdk.mjs runs one scenario with
/// it and prints what the SDK returned, or the error it raised, as one JSON line.
/// </summary>
internal static class OpenAiSdk
{
    private static readonly string Tools = Path.Combine(RepositoryPaths.Root, "tests", "tools");

    /// <summary>Ignores the test, saying why, when Node.js or the packages (openai, ws) cannot be had.</summary>
    public static async Task RequireAsync()
    {
        if (!Processes.Exists("node") || !await Processes.EnsureNpmPackagesAsync(Tools, "openai", "ws"))
        {
            Assert.Ignore("Node.js with npm (and the registry, for `npm ci` in tests/tools) is needed to run the openai SDK");
        }
    }

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="server"/> with <paramref name="key"/> ("-": none).</summary>
    public static async Task<JsonElement> RunAsync(
        string scenario, Uri server, string key, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await RequireAsync();
        var result = await Processes.RunAsync(
            "node",
            [Path.Combine(Tools, "openai-sdk.mjs"), scenario, "--base", server.GetLeftPart(UriPartial.Authority), "--key", key, .. arguments ?? []],
            Tools,
            timeout: timeout ?? TimeSpan.FromMinutes(2),
            environment: environment);
        TestContext.Out.WriteLine(result.Stdout.Length > 4000 ? result.Stdout[..4000] + " ..." : result.Stdout);
        if (result.Stderr.Length > 0)
        {
            TestContext.Out.WriteLine(result.Stderr);
        }

        Assert.That(result.ExitCode, Is.Zero, result.Stderr);
        return JsonDocument.Parse(result.Stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    /// <summary>The error the SDK raised: its class (BadRequestError, ...), HTTP status and OpenAI error object.</summary>
    public static (string Error, int Status, JsonElement Body) Failure(JsonElement reply)
    {
        Assert.That(reply.TryGetProperty("error", out var error), Is.True, $"the SDK raised no error: {reply}");
        return (error.GetString()!, reply.GetProperty("status").GetInt32(), reply.GetProperty("body"));
    }
}
