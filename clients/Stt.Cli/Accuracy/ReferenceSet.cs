namespace Stt.Cli.Accuracy;

/// <summary>One recording and what was said in it.</summary>
internal sealed record ReferenceItem(string AudioPath, string Reference)
{
    public string Name => Path.GetFileNameWithoutExtension(AudioPath);
}

/// <summary>
/// Finds recordings with reference transcripts under a folder, in the two common layouts:
/// LibriSpeech's <c>*.trans.txt</c> (one <c>ID TEXT</c> line per recording <c>ID.flac</c> in the same folder) and a
/// <c>NAME.txt</c> beside each <c>NAME.wav</c> (or any other audio extension).
/// </summary>
internal static class ReferenceSet
{
    private static readonly string[] AudioExtensions = [".wav", ".flac", ".ogg", ".opus", ".webm", ".mp3", ".m4a"];

    /// <summary>Every recording with a reference, in path order; <paramref name="warn"/> hears of transcript lines without audio.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static List<ReferenceItem> Load(string folder, Action<string> warn)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no folder {folder}");
        }

        var items = new Dictionary<string, ReferenceItem>(StringComparer.Ordinal);
        foreach (var transcript in Directory.EnumerateFiles(folder, "*.trans.txt", SearchOption.AllDirectories))
        {
            var directory = Path.GetDirectoryName(transcript)!;
            foreach (var line in File.ReadLines(transcript))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0)
                {
                    continue;
                }

                var id = line[..space];
                if (FindAudio(directory, id) is { } audio)
                {
                    items[audio] = new ReferenceItem(audio, line[(space + 1)..].Trim());
                }
                else
                {
                    warn($"{transcript}: no audio file for {id}");
                }
            }
        }

        foreach (var audio in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsAudio))
        {
            var text = Path.ChangeExtension(audio, ".txt");
            if (!items.ContainsKey(audio) && File.Exists(text))
            {
                items[audio] = new ReferenceItem(audio, File.ReadAllText(text).Trim());
            }
        }

        return [.. items.Values.OrderBy(i => i.AudioPath, StringComparer.Ordinal)];
    }

    private static bool IsAudio(string path) => AudioExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static string? FindAudio(string directory, string id) =>
        AudioExtensions.Select(extension => Path.Combine(directory, id + extension)).FirstOrDefault(File.Exists);
}
