using System.Text.RegularExpressions;
using Stt.Testing;

namespace Stt.Server.Tests.Documentation;

/// <summary>Every relative link in the project's Markdown resolves: the file exists and so does the heading it points at.</summary>
[Unit]
public sealed partial class DocumentationLinkTests
{
    private static IEnumerable<string> MarkdownFiles()
    {
        var root = RepositoryPaths.Root;
        string[] folders = ["docs", "deploy", "clients", "tests/perf"];
        return new[] { Path.Combine(root, "README.md") }
            .Concat(folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists)
                .SelectMany(f => Directory.EnumerateFiles(f, "*.md", SearchOption.AllDirectories)))
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [Test]
    public void Markdown_RelativeLinks_Resolve()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            var text = File.ReadAllText(file);
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (target.StartsWith("http", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var (path, anchor) = target.IndexOf('#') is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, null);
                var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                var name = $"{Path.GetRelativePath(RepositoryPaths.Root, file)}: ({target})";
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    broken.Add(name + " no such file");
                }
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
                {
                    broken.Add(name + " no such heading");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation other than '-' and '_' removed, spaces as '-'.</summary>
    private static HashSet<string> Anchors(string markdown) =>
        [.. Heading().Matches(markdown).Select(m => Punctuation().Replace(m.Groups["title"].Value.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-'))];

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\((?<target>[^)\s]+)\)|!\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\s_-]")]
    private static partial Regex Punctuation();
}
