using System.CommandLine;
using System.Security.Cryptography;
using Spectre.Console;
using Stt.Core.Models;

namespace Stt.Cli.Commands;

/// <summary>`stt models list | pull NAME`: the models a server can use, cached for machines that run offline later.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var cache = new Option<string?>("--cache") { Description = "Model cache folder (default: the server's, ~/.cache/stt/models)", Recursive = true };
        var baseUrl = new Option<string?>("--base-url") { Description = "Where models are downloaded from (default: where each model is published)" };
        var name = new Argument<string>("name") { Description = "Model name, e.g. base.en or silero-v6.2.0 (see `stt models list`)" };

        var list = new Command("list", "Known models and which are cached");
        list.SetAction(result =>
        {
            var folder = Folder(result.GetValue(cache));
            var table = new Table().AddColumns("Model", "Size", "Cached").Border(TableBorder.Simple);
            foreach (var model in ModelCatalog.All.Concat(ModelCatalog.SpeechDetection))
            {
                var cached = File.Exists(Path.Combine(folder, model.FileName));
                table.AddRow(model.Name, $"{Math.Max(1, model.ApproximateBytes / (1024 * 1024))} MiB", cached ? "[green]yes[/]" : "no");
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Cache: {Markup.Escape(folder)}");
            return ExitCodes.Ok;
        });

        var pull = new Command("pull", "Download a model into the cache, verifying its checksum (nothing to do when it is cached and verifies)") { name, baseUrl };
        pull.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            var model = ModelCatalog.FindAny(result.GetValue(name)!);
            if (model is null)
            {
                return Failures.Report(ExitCodes.Usage, $"unknown model '{result.GetValue(name)}'; known: {string.Join(", ", ModelCatalog.All.Concat(ModelCatalog.SpeechDetection).Select(m => m.Name))}");
            }

            var source = result.GetValue(baseUrl) is { Length: > 0 } url ? new Uri(url) : model.Source ?? new Uri(new ModelOptions().ModelBaseUrl);

            var path = Path.Combine(Folder(result.GetValue(cache)), model.FileName);
            if (await IsVerifiedAsync(path, model, cancellationToken))
            {
                AnsiConsole.MarkupLine($"[green]already cached, verified[/] {Markup.Escape(path)}");
                return ExitCodes.Ok;
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(model.FileName, maxValue: model.ApproximateBytes);
                    var report = new Progress<(long Received, long Total)>(p =>
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Received;
                    });
                    await ModelDownloader.DownloadAsync(model, path, source, http, report, cancellationToken);
                });
            AnsiConsole.MarkupLine($"[green]verified[/] {Markup.Escape(path)}");
            if (ModelCatalog.SpeechDetection.Contains(model))
            {
                AnsiConsole.MarkupLine($"Use it with Stt:Streaming:VadModel={Markup.Escape(path)}");
            }

            return ExitCodes.Ok;
        }));

        var served = new Command("served", "The models a server may run, and which are in memory (--server)");
        served.SetAction((result, cancellationToken) => Failures.RunAsync(async () =>
        {
            using var client = GlobalOptions.Client(result);
            var info = await client.GetServerInfoAsync(cancellationToken);
            var table = new Table().AddColumns("Model", "Default", "Loaded", "Size", "Languages").Border(TableBorder.Simple);
            foreach (var model in info.Models)
            {
                table.AddRow(
                    Markup.Escape(model.Name),
                    model.IsDefault ? "yes" : string.Empty,
                    model.Loaded ? "[green]yes[/]" : "no (on first use)",
                    model.Loaded ? $"{model.FileBytes / (1024 * 1024)} MiB" : "-",
                    model.Languages.Count > 0 ? Markup.Escape(string.Join(", ", model.Languages)) : "all it knows");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        return new Command("models", "Models: list and pull (this machine's cache), served (a server's)") { cache, list, pull, served };
    }

    /// <summary>True when the cache holds the model with its published SHA-1 (so a pull, in an init container say, can be repeated).</summary>
    private static async Task<bool> IsVerifiedAsync(string path, KnownModel model, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = File.OpenRead(path);
        var digest = Convert.ToHexStringLower(await SHA1.HashDataAsync(file, cancellationToken));
        return string.Equals(digest, model.Sha1, StringComparison.OrdinalIgnoreCase);
    }

    private static string Folder(string? cache) => new ModelOptions { ModelCache = cache }.EffectiveCache;
}
