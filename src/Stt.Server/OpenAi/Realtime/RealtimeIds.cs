using System.Security.Cryptography;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>Ids in OpenAI's style (<c>sess_...</c>, <c>item_...</c>, <c>event_...</c>): a prefix and 20 random characters.</summary>
internal static class RealtimeIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 20);
}
