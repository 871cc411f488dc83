using System.Security.Cryptography;
using Stt.Core.Models;
using Stt.Testing;

namespace Stt.Core.Tests.Models;

[Integration]
public sealed class SyntheticModelWriterTests
{
    [Test]
    public void Write_SameSpecTwice_SameBytes()
    {
        using var a = new MemoryStream();
        using var b = new MemoryStream();

        SyntheticModelWriter.Write(SyntheticModelSpec.Small, a);
        SyntheticModelWriter.Write(SyntheticModelSpec.Small, b);

        Assert.That(SHA256.HashData(a.ToArray()), Is.EqualTo(SHA256.HashData(b.ToArray())));
        Assert.That(a.Length, Is.InRange(7_000_000, 9_000_000));
    }

    [Test]
    public void WriteFile_Small_PassesInspectionWithItsDimensions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stt-synthetic-{Guid.NewGuid():N}.bin");
        try
        {
            SyntheticModelWriter.WriteFile(SyntheticModelSpec.Small, path);

            var p = GgmlModelInspector.Inspect(path);

            Assert.That(p, Is.EqualTo(SyntheticModelSpec.Small.HyperParameters));
            Assert.That(p.IsMultilingual, Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("synthetic-tiny", 1)]
    [TestCase("synthetic-tiny-q8_0", 2007)]
    [TestCase("synthetic-tiny-q5_1", 2009)]
    [TestCase("synthetic-tiny-random", 1)]
    public void WriteFile_TinyVariants_PassInspectionWithTinyEnDimensionsAndTheirWeightType(string name, int fileType)
    {
        var spec = SyntheticModelSpec.Find(name)!;

        var p = GgmlModelInspector.Inspect(TestModels.PathOf(spec));

        Assert.That(p, Is.EqualTo(spec.HyperParameters));
        Assert.That(p with { FileType = 1 }, Is.EqualTo(SyntheticModelSpec.TinyEnRandom.HyperParameters));
        Assert.That(p.FileType, Is.EqualTo(fileType));
    }

    // SHA-256 of what whisper.cpp's own tool (examples/quantize at 233fe1fc9: `quantize ggml-synthetic-tiny-v2.bin out.bin
    // q8_0`, then q5_1) makes of the f16 "synthetic-tiny": the writer's quantized models are byte for byte the same.
    [TestCase("synthetic-tiny-q8_0", "8a6157b21a515eb5e5f0eff45e34a392db115d68ed1fd4b6a4e12844ea9868d7")]
    [TestCase("synthetic-tiny-q5_1", "6be4c6401480437e085f2a6e579585b8b949fe24b9de99dfa91a5266d4aedb2a")]
    // The random tiny model is the file "synthetic-tiny" was before the scripted decoder.
    [TestCase("synthetic-tiny-random", "c485a48d94c6ed8dd2906a85189f2dd524dab687496ab9ce6993d65943606ba7")]
    public void WriteFile_TinyVariant_SameBytesAsTheReference(string name, string sha256)
    {
        var path = TestModels.PathOf(SyntheticModelSpec.Find(name)!);

        using var file = File.OpenRead(path);

        Assert.That(Convert.ToHexStringLower(SHA256.HashData(file)), Is.EqualTo(sha256));
    }

    [Test]
    public void Find_EverySyntheticName_ItsOwnCacheFile()
    {
        var names = SyntheticModelSpec.All.Select(s => s.Name).ToList();

        Assert.That(names.Select(SyntheticModelSpec.Find), Is.EqualTo(SyntheticModelSpec.All));
        Assert.That(SyntheticModelSpec.All.Select(s => s.FileName), Is.Unique);
        Assert.That(SyntheticModelSpec.TinyEn.FileName, Is.Not.EqualTo("ggml-synthetic-tiny-v1.bin"), "a cache from before the scripted decoder holds the random model");
    }

    [Test]
    public void DecoderScript_Words_AreTheirGpt2TokensAndAppearOnceInTheWrittenVocabulary()
    {
        var fixture = RepositoryPaths.SharedModels is { } shared ? Path.Combine(shared, "dummy", "for-tests-ggml-tiny.en.bin") : null;
        if (fixture is null || !File.Exists(fixture))
        {
            Assert.Ignore("../shared/models/dummy (the real tiny.en vocabulary) is absent on this machine");
        }

        var real = GgmlTensorFile.Read(fixture).Vocabulary;
        var written = GgmlTensorFile.Read(TestModels.PathOf(SyntheticModelSpec.TinyEn)).Vocabulary;

        Assert.That(DecoderScript.Words.Select(w => real[w.Id]), Is.EqualTo(DecoderScript.Words.Select(w => w.Text)));
        Assert.That(DecoderScript.Words.Select(w => w.Text), Is.Unique);
        Assert.That(DecoderScript.Words.Select(w => written.Count(t => t == w.Text)), Has.All.EqualTo(1));
        Assert.That(DecoderScript.Words, Has.Count.EqualTo(DecoderScript.WordsPerSecond * DecoderScript.WindowSeconds));
    }

    [TestCase(16000, 3)]
    [TestCase(4 * 16000, 12)]
    [TestCase((4 * 16000) + 1760, 12)] // 4.11 s: 411 mel frames, ts(4) + 10 frames reaches 410, one short
    [TestCase((4 * 16000) + 1800, 15)]
    [TestCase(28 * 16000, 84)]
    [TestCase(40 * 16000, 90)]
    public void DecoderScript_WordsFor_ThreePerStartedSecond(int samples, int words)
    {
        Assert.That(DecoderScript.WordsFor(samples), Has.Count.EqualTo(words));
    }
}
