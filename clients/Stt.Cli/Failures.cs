using System.Net.Sockets;
using Grpc.Core;
using Spectre.Console;
using Stt.Audio;
using Stt.Core.Models;

namespace Stt.Cli;

/// <summary>Turns failures into one plain sentence on stderr and an exit code.</summary>
internal static class Failures
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable)
        {
            return Report(ExitCodes.Unreachable, $"cannot reach the server: {ex.Status.Detail}");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Cancelled)
        {
            return Report(ExitCodes.ServerError, "cancelled");
        }
        catch (RpcException ex)
        {
            return Report(ExitCodes.ServerError, $"the server refused: {ex.Status.Detail} ({ex.StatusCode})");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException)
        {
            return Report(ExitCodes.Unreachable, $"cannot reach the server: {ex.Message}");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ArgumentException)
        {
            return Report(ExitCodes.Usage, ex.Message);
        }
        catch (InvalidAudioException ex)
        {
            return Report(ExitCodes.Usage, $"cannot read the audio: {ex.Message}");
        }
        catch (ModelFileException ex)
        {
            return Report(ExitCodes.Unreachable, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return Report(ExitCodes.ServerError, "cancelled");
        }
    }

    public static int Report(int code, string message)
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        error.MarkupLine($"[red]stt:[/] {Markup.Escape(message)}");
        return code;
    }
}
