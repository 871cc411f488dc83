using System.Globalization;
using Microsoft.Extensions.Options;

namespace Stt.Core.Hosting;

/// <summary>
/// The checks of one configuration section: each names the key it checks, the value it found and the range it allows,
/// so an operator whose server does not start reads which setting to change and to what
/// ("Stt:Streaming:MaxUtterance is 00:01:00; it must be from 00:00:01 to 00:00:29").
/// </summary>
/// <param name="section">The section's name, prefixed to every key.</param>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>All checks held, or every one that did not.</summary>
    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    /// <summary><paramref name="value"/> must be above zero.</summary>
    public SettingChecks Positive(string key, TimeSpan value) =>
        Check(value > TimeSpan.Zero, key, value, "it must be longer than zero");

    /// <summary><paramref name="value"/> must be above zero.</summary>
    public SettingChecks Positive(string key, double value) =>
        Check(value > 0, key, value, "it must be above zero");

    /// <summary><paramref name="value"/> must be zero or more.</summary>
    public SettingChecks NotNegative(string key, TimeSpan value) =>
        Check(value >= TimeSpan.Zero, key, value, "it must not be negative");

    /// <summary><paramref name="value"/> must be zero or more.</summary>
    public SettingChecks NotNegative(string key, double value) =>
        Check(value >= 0, key, value, "it must not be negative");

    /// <summary><paramref name="value"/> must lie from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public SettingChecks Within(string key, TimeSpan value, TimeSpan min, TimeSpan max) =>
        Check(value >= min && value <= max, key, value, $"it must be from {min} to {max}");

    /// <summary><paramref name="value"/> must lie between <paramref name="above"/> and <paramref name="below"/>, both excluded.</summary>
    public SettingChecks Between(string key, double value, double above, double below) =>
        Check(value > above && value < below, key, value, $"it must be above {Text(above)} and below {Text(below)}");

    /// <summary><paramref name="value"/> must be one of its enum's names.</summary>
    public SettingChecks Named<T>(string key, T value)
        where T : struct, Enum =>
        Check(Enum.IsDefined(value), key, value, $"it must be {string.Join(" or ", Enum.GetNames<T>())}");

    /// <summary>Any other rule: <paramref name="holds"/>, else <paramref name="rule"/> says what is allowed.</summary>
    public SettingChecks Check(bool holds, string key, object value, string rule)
    {
        if (!holds)
        {
            _failures.Add($"{section}:{key} is {Text(value)}; {rule}");
        }

        return this;
    }

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
