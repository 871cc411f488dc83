using System.CommandLine;
using Stt.Core.Security;

namespace Stt.Cli.Commands;

/// <summary>`stt keys new`: a new random API key, and the digest the server is configured with.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var digestOnly = new Option<string?>("--digest-of") { Description = "Print the digest of an existing key instead of making one" };
        var create = new Command("new", "Make a random API key and print it with its sha256 digest (the server stores only the digest)") { digestOnly };
        create.SetAction(result =>
        {
            if (result.GetValue(digestOnly) is { } existing)
            {
                Console.WriteLine(ApiKeys.Digest(existing));
                return ExitCodes.Ok;
            }

            var key = ApiKeys.NewKey();
            Console.WriteLine($"key:    {key}");
            Console.WriteLine($"digest: {ApiKeys.Digest(key)}");
            Console.Error.WriteLine("Give the key to the client (--api-key or STT_API_KEY); put the digest in Stt:Auth:ApiKeys on the server.");
            return ExitCodes.Ok;
        });
        return new Command("keys", "API keys") { create };
    }
}
