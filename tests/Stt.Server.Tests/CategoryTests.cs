namespace Stt.Server.Tests;

/// <summary>Every fixture of this project is in exactly one category, so the fast command leaves nothing out by accident.</summary>
[Unit]
public sealed class CategoryTests
{
    [Test]
    public void Fixtures_EachInOneCategory() =>
        Assert.That(TestCategories.Misfiled(typeof(CategoryTests).Assembly), Is.Empty, "give each a [Unit], [Integration], [Deployment] or [Browser]");
}
