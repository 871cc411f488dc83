using Stt.Core.Diagnostics;
using Stt.Core.Streaming;
using Stt.Server.Api;
using Stt.Server.Hosting;

namespace Stt.Server.OpenAi.Realtime;

/// <summary>The shared services a Realtime connection works with: the same pipeline, rules and drain as every other call.</summary>
internal sealed record RealtimeDependencies(
    StreamTranscriberFactory Transcribers,
    FileTranscriber Files,
    ServedModels Models,
    RecognitionRules Rules,
    ServerDrain Drain,
    LiveStreamRunner Runner,
    SpeechMetrics Metrics,
    ApiOptions Api,
    TimeProvider Clock,
    OpenAiOptions OpenAi);
