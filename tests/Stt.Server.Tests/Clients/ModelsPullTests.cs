using System.Net;
using System.Net.Sockets;
using Stt.Core.Detection;
using Stt.Server.Tests.Support;
using Stt.Testing;

namespace Stt.Server.Tests.Clients;

/// <summary>`stt models pull` for the speech detection model, from a local HTTP server standing in for Hugging Face.</summary>
[Integration]
public sealed class ModelsPullTests
{
    [TestCase(false, TestName = "Stt_ModelsPullSilero_DownloadsAndVerifies")]
    [TestCase(true, TestName = "Stt_ModelsPullSilero_CorruptDownload_RefusedAndNothingKept")]
    public async Task Stt_ModelsPullSilero(bool corrupt)
    {
        var content = await File.ReadAllBytesAsync(SileroModelFile.BundledPath);
        if (corrupt)
        {
            content[^1] ^= 0xff;
        }

        var cache = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"stt-pull-{Guid.NewGuid():N}")).FullName;
        using var listener = Serve(content, out var baseUrl);
        try
        {
            var result = await Processes.RunAsync("dotnet", [CommandLine.Stt, "models", "pull", "silero-v6.2.0", "--cache", cache, "--base-url", baseUrl]).WaitAsync(TestTimeouts.Long);

            var path = Path.Combine(cache, "ggml-silero-v6.2.0.bin");
            if (corrupt)
            {
                Assert.That(result.ExitCode, Is.Not.Zero);
                Assert.That(result.Stderr + result.Stdout, Does.Contain("corrupt"));
                Assert.That(Directory.GetFiles(cache), Is.Empty, "neither the file nor a partial download is left");
            }
            else
            {
                Assert.That(result.ExitCode, Is.Zero, result.Stderr);
                Assert.That(result.Stdout, Does.Contain("Stt:Streaming:VadModel"));
                Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(content));
                Assert.DoesNotThrow(() => SileroModelFile.Check(path));
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>Serves <paramref name="content"/> at every path on a free loopback port.</summary>
    private static HttpListener Serve(byte[] content, out string baseUrl)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        baseUrl = $"http://127.0.0.1:{port}/vad/";
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUrl);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    context.Response.ContentLength64 = content.Length;
                    await context.Response.OutputStream.WriteAsync(content);
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        return listener;
    }
}
