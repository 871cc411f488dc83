using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Models;

[Unit]
public sealed class GgmlModelInspectorTests
{
    private static IEnumerable<string> Fixtures()
    {
        var folder = RepositoryPaths.SharedModels is { } shared ? Path.Combine(shared, "dummy") : null;
        return folder is not null && Directory.Exists(folder) ? Directory.GetFiles(folder).Order() : [];
    }

    [Test]
    public void Inspect_SharedBadFixtures_EachFailsNamingFileAndReason()
    {
        var fixtures = Fixtures().ToList();
        if (fixtures.Count == 0)
        {
            Assert.Ignore("../shared/models/dummy is absent on this machine; the truncated and garbage cases below still run");
        }

        foreach (var path in fixtures)
        {
            var error = Assert.Throws<ModelFileException>(() => GgmlModelInspector.Inspect(path), path);
            Assert.That(error!.Message, Does.Contain(path));
            Assert.That(error.Message, Does.Contain("no weights").Or.Contain("truncated").Or.Contain("incomplete"), error.Message);
        }
    }

    [Test]
    public void Inspect_TruncatedSyntheticModel_SaysTruncated()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-truncated-{Guid.NewGuid():N}.bin");
        try
        {
            var bytes = File.ReadAllBytes(TestModels.Synthetic);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 1000)]);

            var error = Assert.Throws<ModelFileException>(() => GgmlModelInspector.Inspect(path));

            Assert.That(error!.Message, Does.Contain("truncated"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Inspect_NotAModel_SaysBadMagic()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-garbage-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllText(path, "this is not a model");

            var error = Assert.Throws<ModelFileException>(() => GgmlModelInspector.Inspect(path));

            Assert.That(error!.Message, Does.Contain("not a whisper.cpp ggml model"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Inspect_MissingFile_SaysSo()
    {
        var error = Assert.Throws<ModelFileException>(() => GgmlModelInspector.Inspect("/nonexistent/model.bin"));

        Assert.That(error!.Message, Does.Contain("does not exist"));
    }
}
