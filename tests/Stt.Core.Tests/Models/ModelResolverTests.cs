using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Models;

[Integration]
public sealed class ModelResolverTests
{
    private string _cache = null!;

    [SetUp]
    public void CreateCache() => _cache = Directory.CreateTempSubdirectory("stt-resolver-").FullName;

    [TearDown]
    public void DeleteCache() => Directory.Delete(_cache, recursive: true);

    [Test]
    public async Task ResolveAsync_SyntheticTinyQ8_0_WritesItOnceIntoTheCache()
    {
        using var http = new HttpClient();
        var resolver = Resolver("synthetic-tiny-q8_0", http);

        var (path, isSynthetic) = await resolver.ResolveAsync(CancellationToken.None).WaitAsync(TestTimeouts.Slow);
        var written = File.GetLastWriteTimeUtc(path);
        var (again, _) = await resolver.ResolveAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit);

        Assert.That(isSynthetic, Is.True);
        Assert.That(path, Is.EqualTo(Path.Combine(_cache, "ggml-synthetic-tiny-q8_0-v2.bin")));
        Assert.That(GgmlModelInspector.Inspect(path), Is.EqualTo(SyntheticModelSpec.TinyEnQ8.HyperParameters));
        Assert.That(again, Is.EqualTo(path));
        Assert.That(File.GetLastWriteTimeUtc(again), Is.EqualTo(written), "written once");
    }

    [Test]
    public async Task ResolveAsync_UnknownName_ListsTheSyntheticModels()
    {
        using var http = new HttpClient();
        var resolver = Resolver("synthetic-huge", http);

        var error = await Assert.ThrowsAsync<ModelFileException>(() => resolver.ResolveAsync(CancellationToken.None).WaitAsync(TestTimeouts.Unit));

        Assert.That(error!.Message, Does.Contain("synthetic-tiny-q5_1").And.Contain("synthetic-tiny-random"));
    }

    private ModelResolver Resolver(string model, HttpClient http) =>
        new(Options.Create(new ModelOptions { Model = model, ModelCache = _cache }), http, NullLogger<ModelResolver>.Instance);
}
