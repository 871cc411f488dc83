using System.CommandLine;
using Google.Protobuf;
using Stt.Client;
using Stt.V1;

namespace Stt.Cli.Commands;

/// <summary>`stt stream FILE`: the live call, fed from a file as a microphone would feed it.</summary>
internal static class StreamCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Audio file (any format `transcribe` reads)" };
        var fast = new Option<bool>("--fast") { Description = "Send as fast as the server takes it instead of in real time" };
        var rate = new Option<double>("--rate") { Description = "Real-time speed-up (2 = twice as fast)", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print every response as one JSON object per line" };
        var noInterims = new Option<bool>("--no-interims") { Description = "Finals only" };
        var language = new Option<string>("--language", "-l") { Description = "Language code or 'auto' (default: the server's)", DefaultValueFactory = _ => string.Empty };
        var model = GlobalOptions.ModelOption();
        var command = new Command("stream", "Stream a file like live audio; print interims and finals as they come") { file, fast, rate, json, noInterims, language, model };
        command.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                throw new FileNotFoundException($"no such file: {input.FullName}");
            }

            using var client = GlobalOptions.Client(result);
            var options = new SpeechStreamOptions
            {
                Language = result.GetValue(language)!,
                Model = result.GetValue(model)!,
                InterimResults = !result.GetValue(noInterims),
                Pacing = result.GetValue(fast) ? Pacing.AsFastAsPossible : Pacing.RealTime,
                Rate = Math.Max(0.1, result.GetValue(rate)),
                ClientRequestId = $"stt-cli-{Environment.ProcessId}",
                AttemptEnded = attempt =>
                {
                    if (attempt.Status != Grpc.Core.StatusCode.OK)
                    {
                        // On stderr, so a transcript on stdout stays clean. A new stream, when one can help, goes on from there.
                        Console.Error.WriteLine($"stt: the server's stream ended ({attempt.Status}: {attempt.Detail}); {attempt.Confirmed.TotalSeconds:F2} s of the audio transcribed so far");
                    }
                },
            };
            var asJson = result.GetValue(json);
            var rewrite = !asJson && !Console.IsOutputRedirected;
            await foreach (var response in client.StreamFileAsync(input.FullName, options, cancellationToken))
            {
                if (asJson)
                {
                    Console.WriteLine(JsonFormatter.Default.Format(response));
                }
                else
                {
                    Print(response, rewrite);
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(StreamingTranscribeResponse response, bool rewrite)
    {
        const string ClearLine = "\r\u001b[2K";
        switch (response.ResponseCase)
        {
            case StreamingTranscribeResponse.ResponseOneofCase.Segment when response.Segment.IsFinal:
                Console.WriteLine((rewrite ? ClearLine : string.Empty) + SegmentText.Line(response.Segment));
                break;
            case StreamingTranscribeResponse.ResponseOneofCase.Segment when rewrite:
                Console.Write($"{ClearLine}\u001b[2m… {response.Segment.Text}\u001b[0m");
                break;
            case StreamingTranscribeResponse.ResponseOneofCase.Summary:
                var s = response.Summary;
                Console.Error.WriteLine($"{(rewrite ? ClearLine : string.Empty)}{s.AudioSeconds:F1} s of audio, {s.FinalSegments} final segments, {s.InferenceSeconds:F2} s in the model");
                break;
        }
    }
}
