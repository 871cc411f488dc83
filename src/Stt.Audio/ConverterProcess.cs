using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Stt.Audio;

/// <summary>
/// Runs one converter process: the input piped in, standard output read into a <see cref="ConverterOutput"/> as it
/// comes, the first few KB of standard error kept for the message. The process is killed, and waited for, in
/// <c>finally</c> on every path that leaves it running: an exception, cancellation, output past its cap, the timeout.
/// </summary>
internal static class ConverterProcess
{
    private const int MaxErrorChars = 4096;
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="command"/>; null when it is not installed.</summary>
    /// <returns>Its exit code and the start of what it wrote to standard error.</returns>
    /// <exception cref="AudioLimitExceededException">The output passed its cap.</exception>
    /// <exception cref="InvalidAudioException">It ran longer than <paramref name="timeout"/>.</exception>
    public static async Task<(int ExitCode, string Error)?> RunAsync(
        string command, IReadOnlyList<string> arguments, ReadOnlyMemory<byte> input, ConverterOutput output, AudioLimit timeout, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
        }
        catch (Win32Exception)
        {
            return null; // not installed
        }

        using (process)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout.Value);
            var writing = WriteAsync(process, input, deadline.Token);
            var errors = ReadErrorsAsync(process.StandardError, deadline.Token);
            try
            {
                await output.ReadAsync(process.StandardOutput.BaseStream, deadline.Token).ConfigureAwait(false);
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                return (process.ExitCode, await errors.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidAudioException($"{Path.GetFileName(command)} took longer than {timeout.Amount} to convert the file; the limit is {timeout}");
            }
            finally
            {
                await StopAsync(process).ConfigureAwait(false);
                await Task.WhenAll(writing, errors).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Kills the process (and anything it started) unless it has exited, and waits until it has.</summary>
    private static async Task StopAsync(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return; // it exited in between
        }

        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReapTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task WriteAsync(Process process, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the converter stopped reading early (it failed, or was stopped); its exit code and message say why
        }
    }

    private static async Task<string> ReadErrorsAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var kept = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(read, MaxErrorChars - kept.Length)); // the rest is read and dropped
        }

        return kept.ToString();
    }
}
