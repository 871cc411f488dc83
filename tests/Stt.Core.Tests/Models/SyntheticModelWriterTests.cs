using System.Security.Cryptography;
using Stt.Core.Models;

namespace Stt.Core.Tests.Models;

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
}
