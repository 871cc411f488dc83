using Stt.Core.Models;

namespace Stt.Testing;

/// <summary>The synthetic models, each written once per machine into a temporary cache shared by the test runs.</summary>
public static class TestModels
{
    private static readonly Lazy<string> SmallPath = new(() => Write(SyntheticModelSpec.Small));

    /// <summary>
    /// The model the integration tests serve: "synthetic" (fast), or what STT_TEST_MODEL names, e.g.
    /// "synthetic-tiny" to see the figures of a tiny.en-sized model.
    /// </summary>
    public static string ServerModel { get; } = Environment.GetEnvironmentVariable("STT_TEST_MODEL") is { Length: > 0 } model ? model : SyntheticModelSpec.Small.Name;

    /// <summary>Folder the tests use as Stt:ModelCache.</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "stt-test-models");

    /// <summary>Path of the "synthetic" model.</summary>
    public static string Synthetic => SmallPath.Value;

    /// <summary>Path of a synthetic model, written on first use (a tiny.en-sized one takes a few seconds).</summary>
    public static string PathOf(SyntheticModelSpec spec) =>
        spec == SyntheticModelSpec.Small ? SmallPath.Value : Write(spec);

    private static string Write(SyntheticModelSpec spec)
    {
        var path = Path.Combine(CacheDirectory, spec.FileName);
        if (!File.Exists(path))
        {
            SyntheticModelWriter.WriteFile(spec, path);
        }

        return path;
    }
}
