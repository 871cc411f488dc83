using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Stt.Core.Security;

namespace Stt.Server.Security;

/// <summary>The configured key digests, and who a presented key belongs to.</summary>
public sealed class ApiKeyRing
{
    private readonly byte[][] _digests;

    public ApiKeyRing(IOptions<AuthOptions> options)
    {
        var entries = options.Value.ApiKeys.AsEnumerable();
        if (options.Value.ApiKeysFile is { Length: > 0 } file)
        {
            entries = entries.Concat(File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        var digests = new List<byte[]>();
        foreach (var entry in entries)
        {
            if (!ApiKeys.IsDigest(entry))
            {
                // Never echo the entry: a key pasted where its digest belongs would end up in the log.
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                    [$"{AuthOptions.Section}:ApiKeys: an entry is not a digest of the form sha256:<64 hex digits> (run `stt keys new` to make a key and its digest)"]);
            }

            digests.Add(Convert.FromHexString(entry.AsSpan(ApiKeys.DigestPrefix.Length)));
        }

        _digests = [.. digests];
    }

    /// <summary>True when keys are configured and calls must carry one.</summary>
    public bool Enabled => _digests.Length > 0;

    /// <summary>
    /// The caller's key id (the first 12 hex digits of its digest: safe to log and to limit by) when
    /// <paramref name="authorization"/> is <c>Bearer KEY</c> with a configured key; otherwise null.
    /// </summary>
    public string? Identify(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(known, digest); // every entry compared: no early exit
        }

        return match ? Convert.ToHexStringLower(digest)[..12] : null;
    }
}
