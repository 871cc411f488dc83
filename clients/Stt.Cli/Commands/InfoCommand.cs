using System.CommandLine;
using Spectre.Console;

namespace Stt.Cli.Commands;

/// <summary>`stt info`: what the server runs.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the server's model, languages and limits");
        command.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            using var client = GlobalOptions.Client(result);
            var info = await client.GetServerInfoAsync(cancellationToken);
            var table = new Table().AddColumns("", "").HideHeaders().Border(TableBorder.Rounded);
            table.AddRow("Server", $"stt {info.Version} at {Markup.Escape(GlobalOptions.Address(result).ToString())}");
            table.AddRow("Model", $"{Markup.Escape(info.Model.Name)}{(info.Model.Synthetic ? " [yellow](synthetic: meaningless text)[/]" : string.Empty)}, {(info.Model.Multilingual ? "multilingual" : "English-only")}");
            table.AddRow("Dimensions", $"audio {info.Model.AudioState}x{info.Model.AudioLayers}, text {info.Model.TextState}x{info.Model.TextLayers}, {info.Model.FileBytes / 1e6:F0} MB");
            table.AddRow("Workers", $"{info.Model.Workers} x {info.Model.ThreadsPerWorker} thread(s)");
            if (info.Models.Count > 1)
            {
                table.AddRow("Models", string.Join(", ", info.Models.Select(m => $"{Markup.Escape(m.Name)}{(m.IsDefault ? " (default)" : string.Empty)}{(m.Loaded ? string.Empty : " (not loaded)")}")));
            }

            table.AddRow("Languages", $"{info.Languages.Count} (default {info.DefaultLanguage})");
            table.AddRow("Encodings", string.Join("; ", info.Encodings.Select(e => e.SampleRatesHertz.Count > 0
                ? $"{e.Encoding} at {string.Join("/", e.SampleRatesHertz)} Hz"
                : $"{e.Encoding} at {e.MinSampleRateHertz}-{e.MaxSampleRateHertz} Hz")));
            table.AddRow("Limits", $"files up to {info.Limits.MaxFileBytes / 1e6:F0} MB, utterances up to {info.Limits.MaxUtterance.ToTimeSpan().TotalSeconds:F0} s");
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
