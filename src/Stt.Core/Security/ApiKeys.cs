using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Stt.Core.Security;

/// <summary>
/// API keys and their digests. A key is 32 random bytes, base64url, prefixed <c>stt_</c>; the server stores only
/// <c>sha256:HEX</c>, the SHA-256 of the key's UTF-8 bytes, so its configuration holds no secret.
/// </summary>
public static class ApiKeys
{
    /// <summary>The prefix of every digest.</summary>
    public const string DigestPrefix = "sha256:";

    /// <summary>A new random key.</summary>
    public static string NewKey() => "stt_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The digest to configure for <paramref name="key"/>: <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public static string Digest(string key) => DigestPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>True for a well-formed digest (<c>sha256:</c> and 64 hex digits, either case).</summary>
    public static bool IsDigest(string value) =>
        value.StartsWith(DigestPrefix, StringComparison.OrdinalIgnoreCase)
        && value.Length == DigestPrefix.Length + 64
        && value.AsSpan(DigestPrefix.Length).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
}
