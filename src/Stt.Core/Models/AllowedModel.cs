using System.ComponentModel;
using System.Globalization;

namespace Stt.Core.Models;

/// <summary>One model callers may name (<see cref="ModelsOptions.Allowed"/>).</summary>
[TypeConverter(typeof(AllowedModelConverter))]
public sealed record AllowedModel
{
    /// <summary>
    /// The name callers give: a catalog name (<c>small</c>), a synthetic model, or a label for <see cref="File"/>. A
    /// path is allowed too, and is then also the name callers give.
    /// </summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>A local ggml file to serve under <see cref="Name"/>; null: <see cref="Name"/> says which model.</summary>
    public string? File { get; init; }

    /// <summary>The languages callers may ask of this model (ISO 639-1, or "auto"); empty: every one it knows. The first is its default.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>As <see cref="ModelOptions.ModelToleratesReducedContext"/>, for this model.</summary>
    public bool ToleratesReducedContext { get; init; }

    /// <summary>What to resolve: the file when one is given, else the name.</summary>
    public string Source => File ?? Name;
}

/// <summary>Lets an entry of <see cref="ModelsOptions.Allowed"/> be a bare name (<c>Stt__Models__Allowed__0=small</c>).</summary>
internal sealed class AllowedModelConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string name ? new AllowedModel { Name = name.Trim() } : base.ConvertFrom(context, culture, value);
}
