using System.CommandLine;
using Google.Protobuf;
using Spectre.Console;
using Stt.V1;

namespace Stt.Cli.Commands;

/// <summary>`stt transcribe FILE...`: whole files through the unary call.</summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Audio files: WAV, Ogg Opus, WebM/Opus; FLAC, MP3, M4A, video with ffmpeg", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format", "-f") { Description = "Output: text, json, srt or vtt", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "srt", "vtt");
        var language = new Option<string>("--language", "-l") { Description = "Language code or 'auto' (default: the server's)", DefaultValueFactory = _ => string.Empty };
        var translate = new Option<bool>("--translate") { Description = "Translate to English" };
        var words = new Option<bool>("--words") { Description = "Ask for word timings (in json output)" };
        var model = GlobalOptions.ModelOption();
        var command = new Command("transcribe", "Transcribe whole files") { files, format, language, translate, words, model };
        command.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            using var client = GlobalOptions.Client(result);
            var inputs = result.GetValue(files)!;
            var missing = inputs.FirstOrDefault(f => !f.Exists);
            if (missing is not null)
            {
                throw new FileNotFoundException($"no such file: {missing.FullName}");
            }

            var settings = new TranscribeRequest { Language = result.GetValue(language)!, Model = result.GetValue(model)!, Translate = result.GetValue(translate), WordTimestamps = result.GetValue(words) };
            var showProgress = !Console.IsErrorRedirected && (inputs.Length > 1 || inputs.Sum(f => f.Length) > 5_000_000);
            var responses = new List<(FileInfo File, TranscribeResponse Response)>();
            if (showProgress)
            {
                var errorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                await errorConsole.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("Transcribing", maxValue: inputs.Length);
                    foreach (var file in inputs)
                    {
                        task.Description = file.Name;
                        responses.Add((file, await client.TranscribeFileAsync(file.FullName, settings, cancellationToken)));
                        task.Increment(1);
                    }
                });
            }
            else
            {
                foreach (var file in inputs)
                {
                    responses.Add((file, await client.TranscribeFileAsync(file.FullName, settings, cancellationToken)));
                }
            }

            foreach (var (file, response) in responses)
            {
                Write(result.GetValue(format)!, file, response, inputs.Length > 1);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Write(string format, FileInfo file, TranscribeResponse response, bool several)
    {
        switch (format)
        {
            case "json":
                Console.WriteLine(JsonFormatter.Default.Format(response));
                break;
            case "srt":
                Console.Write(SegmentText.Srt(response.Segments));
                break;
            case "vtt":
                Console.Write(SegmentText.Vtt(response.Segments));
                break;
            default:
                if (several)
                {
                    Console.WriteLine($"== {file.Name}");
                }

                foreach (var segment in response.Segments)
                {
                    Console.WriteLine(SegmentText.Line(segment));
                }

                break;
        }
    }
}
