namespace Stt.Core.Models;

/// <summary>A model published by whisper.cpp, with its file name and SHA-1 as listed in whisper.cpp's models/README.md.</summary>
public sealed record KnownModel(string Name, string FileName, string Sha1, long ApproximateBytes);
