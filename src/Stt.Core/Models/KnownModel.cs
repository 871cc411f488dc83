namespace Stt.Core.Models;

/// <summary>A published model file: its name, file name and SHA-1 (as its publisher lists it).</summary>
/// <param name="Name">The name users give (<c>base.en</c>, <c>silero-v6.2.0</c>).</param>
/// <param name="FileName">File name at the source and in the cache.</param>
/// <param name="Sha1">SHA-1 of the file, hex.</param>
/// <param name="ApproximateBytes">Size, for progress before the server says it.</param>
/// <param name="Source">The folder it is published in; null for whisper.cpp's Whisper models (<see cref="ModelOptions.ModelBaseUrl"/>).</param>
public sealed record KnownModel(string Name, string FileName, string Sha1, long ApproximateBytes, Uri? Source = null);
