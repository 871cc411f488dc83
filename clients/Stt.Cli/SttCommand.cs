using System.CommandLine;
using Stt.Cli.Commands;

namespace Stt.Cli;

/// <summary>The `stt` command line: its subcommands, and usage errors as exit code 2.</summary>
internal static class SttCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Speech to text: transcribe audio with an stt server.")
        {
            GlobalOptions.Server,
            GlobalOptions.ApiKey,
            TranscribeCommand.Create(),
            StreamCommand.Create(),
            InfoCommand.Create(),
            HealthCommand.Create(),
            ModelsCommand.Create(),
            BenchCommand.Create(),
            KeysCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Failures.Report(ExitCodes.Usage, error.Message);
            }

            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }
}
