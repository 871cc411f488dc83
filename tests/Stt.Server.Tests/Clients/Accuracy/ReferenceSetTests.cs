using Stt.Cli.Accuracy;

namespace Stt.Server.Tests.Clients.Accuracy;

[Unit]
public sealed class ReferenceSetTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("stt-wer-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Load_LibriSpeechLayout_PairsEachLineWithItsAudio()
    {
        var chapter = Directory.CreateDirectory(Path.Combine(_folder, "1089", "134686")).FullName;
        File.WriteAllText(Path.Combine(chapter, "1089-134686.trans.txt"), "1089-134686-0000 HE HOPED THERE WOULD BE STEW\n1089-134686-0001 STUFF IT INTO YOU\n1089-134686-0002 NO AUDIO FOR THIS ONE\n");
        File.WriteAllBytes(Path.Combine(chapter, "1089-134686-0000.flac"), [1]);
        File.WriteAllBytes(Path.Combine(chapter, "1089-134686-0001.flac"), [1]);
        var warnings = new List<string>();

        var items = ReferenceSet.Load(_folder, warnings.Add);

        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => (i.Name, i.Reference)), Is.EqualTo(new[]
            {
                ("1089-134686-0000", "HE HOPED THERE WOULD BE STEW"),
                ("1089-134686-0001", "STUFF IT INTO YOU"),
            }));
            Assert.That(warnings, Has.Count.EqualTo(1).And.One.Contains("1089-134686-0002"));
        });
    }

    [Test]
    public void Load_TextBesideAudio_PairsThemAndSkipsAudioWithoutText()
    {
        File.WriteAllBytes(Path.Combine(_folder, "jfk.wav"), [1]);
        File.WriteAllText(Path.Combine(_folder, "jfk.txt"), " And so my fellow Americans \n");
        File.WriteAllBytes(Path.Combine(_folder, "untranscribed.wav"), [1]);

        var items = ReferenceSet.Load(_folder, _ => { });

        Assert.That(items.Select(i => (i.Name, i.Reference)), Is.EqualTo(new[] { ("jfk", "And so my fellow Americans") }));
    }

    [Test]
    public void Load_MissingFolder_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => ReferenceSet.Load(Path.Combine(_folder, "absent"), _ => { }));
}
