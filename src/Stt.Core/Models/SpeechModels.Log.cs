using Microsoft.Extensions.Logging;

namespace Stt.Core.Models;

/// <summary>What <see cref="SpeechModels"/> logs.</summary>
public sealed partial class SpeechModels
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Model '{Name}' ({Path}) loaded on demand and warmed up in {Milliseconds} ms")]
    private partial void LogLoaded(string name, string path, long milliseconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Model '{Name}' could not be loaded: {Reason}")]
    private partial void LogLoadFailed(string name, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Model '{Name}' unloaded ({Reason})")]
    private partial void LogUnloaded(string name, string reason);
}
