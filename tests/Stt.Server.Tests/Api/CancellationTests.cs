using Google.Protobuf;
using Stt.Client;
using Stt.Core.Inference;
using Stt.Server.Sessions;
using Stt.Server.Tests.Support;
using Stt.Testing;
using Stt.V1;

namespace Stt.Server.Tests.Api;

/// <summary>A client that leaves frees its inference slot at once.</summary>
[Integration]
public sealed class CancellationTests : ServerTests
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Stt:Inference:Workers"] = "1",
        ["Stt:Inference:ReduceAudioContext"] = "false", // long passes, so the cancel lands mid-pass
    };

    [Test]
    public async Task StreamingTranscribe_ClientCancelsMidStream_FreesItsWorkerSlot()
    {
        var scheduler = Server.Service<InferenceScheduler>();
        using var cancel = new CancellationTokenSource();
        var call = Server.Client.StreamingTranscribe(cancellationToken: cancel.Token);
        await call.RequestStream.WriteAsync(new StreamingTranscribeRequest { Config = StreamRun.OpusConfig(interims: true) });
        var packets = OpusEncoding.Encode(TestSpeech.Jfk.Samples);
        await new PacedAudioSender(Pacing.AsFastAsPossible).SendAsync(call.RequestStream, OpusMessages.Chunk(packets, 25));

        await Eventually.TrueAsync(() => scheduler.RunningPasses + scheduler.QueuedPasses > 0, TimeSpan.FromSeconds(20));

        await cancel.CancelAsync();
        call.Dispose();

        await Eventually.TrueAsync(() => scheduler.RunningPasses + scheduler.QueuedPasses == 0, TimeSpan.FromSeconds(5));
        var after = await Server.Client.TranscribeAsync(
            new TranscribeRequest { Content = ByteString.CopyFrom(WavWriter.Write(TestSpeech.Jfk.Samples[..32000], 16000)) },
            deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.That(after.Duration.ToTimeSpan().TotalSeconds, Is.EqualTo(2).Within(0.01), "the freed worker serves the next caller");
    }

    [Test]
    public async Task StreamingTranscribe_ClientProcessKilledMidStream_ServerFreesEverything()
    {
        // A client that vanishes without closing anything: `stt stream` killed with SIGKILL, its socket closed by the OS.
        var stt = Path.Combine(RepositoryPaths.Root, "clients", "Stt.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "stt.dll");
        var wav = Path.Combine(Path.GetTempPath(), $"stt-vanish-{Environment.ProcessId}.wav");
        await File.WriteAllBytesAsync(wav, WavWriter.Write(TestSpeech.Jfk.Samples, 16000));
        var scheduler = Server.Service<InferenceScheduler>();
        using var client = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "dotnet", [stt, "stream", wav, "--server", $"{Server.GrpcAddress.Host}:{Server.GrpcAddress.Port}"]) { RedirectStandardOutput = true })!;
        await Eventually.TrueAsync(() => ActiveStreams() == 1 && scheduler.RunningPasses + scheduler.QueuedPasses > 0, TimeSpan.FromSeconds(30));

        client.Kill();
        await client.WaitForExitAsync();

        await Eventually.TrueAsync(() => ActiveStreams() == 0 && scheduler.RunningPasses + scheduler.QueuedPasses == 0, TimeSpan.FromSeconds(10));
        Assert.That(Server.Service<SessionRegistry>().Count, Is.Zero);
    }

    private int ActiveStreams() => Server.Service<Core.Admission.AdmissionController>().ActiveStreams;
}
