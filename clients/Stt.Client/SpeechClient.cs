using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Stt.Audio;
using Stt.Client.Connections;
using Stt.Client.Streaming;
using Stt.V1;

namespace Stt.Client;

/// <summary>
/// A client of the stt.v1 service, on one server, a load balancer, or several replicas it balances itself. Calls the
/// server refuses before answering (UNAVAILABLE: connection refused, starting, shutting down; RESOURCE_EXHAUSTED: a
/// full replica) are retried with backoff, on the next replica when there are several; unary calls get a deadline;
/// live streams move to another replica when theirs goes away (<see cref="SpeechStreamOptions.Resume"/>); every call takes a
/// cancellation token that cancels it on the server too.
/// </summary>
public sealed class SpeechClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SpeechClientOptions _options;

    /// <summary>
    /// Connects to <paramref name="address"/>: one server or a load balancer (<c>http://127.0.0.1:50051</c>), or every
    /// address a DNS name resolves to, balanced round robin (<c>dns:///stt-headless.default.svc.cluster.local:50051</c>,
    /// cleartext HTTP/2).
    /// </summary>
    public SpeechClient(Uri address, SpeechClientOptions? options = null)
        : this([address], options)
    {
    }

    /// <summary>Connects to several replicas of the service and balances calls over them, round robin.</summary>
    public SpeechClient(IReadOnlyList<Uri> addresses, SpeechClientOptions? options = null)
    {
        _options = options ?? new SpeechClientOptions();
        _channel = SpeechChannel.Create(addresses, _options);
        var invoker = _options.ApiKey is { Length: > 0 } key
            ? _channel.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + key);
                return metadata;
            })
            : _channel.CreateCallInvoker();
        Raw = new SpeechToText.SpeechToTextClient(invoker);
    }

    /// <summary>The generated client, for anything this class does not wrap.</summary>
    public SpeechToText.SpeechToTextClient Raw { get; }

    /// <summary>What the server runs.</summary>
    public async Task<ServerInfo> GetServerInfoAsync(CancellationToken cancellationToken = default) =>
        await Raw.GetServerInfoAsync(new GetServerInfoRequest(), deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>Transcribes a whole file; formats the server does not read are converted here first (see <see cref="AudioFiles"/>).</summary>
    public async Task<TranscribeResponse> TranscribeFileAsync(string path, TranscribeRequest? settings = null, CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var request = settings?.Clone() ?? new TranscribeRequest();
        if (AudioFiles.ServerReadsAsIs(bytes))
        {
            request.Content = ByteString.CopyFrom(bytes);
        }
        else
        {
            var audio = await AudioFiles.DecodeAsync(bytes, cancellationToken).ConfigureAwait(false);
            request.Content = ByteString.CopyFrom(PcmWav.Encode(audio.Samples));
        }

        return await Raw.TranscribeAsync(request, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams 16 kHz mono audio as 20 ms Opus packets, paced as asked, and yields every response (speech events,
    /// interims, finals, the summary) as it arrives. If the replica goes away mid-stream, a new stream continues the
    /// transcript (see <see cref="SpeechStreamOptions.Resume"/>); the caller sees one stream.
    /// </summary>
    public async IAsyncEnumerable<StreamingTranscribeResponse> StreamAsync(
        float[] samples, SpeechStreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var packets = OpusPacketizer.Encode(samples);
        var stream = new ResumableStream(Raw, options);
        await foreach (var response in stream.RunAsync(PacketSources.Paced(packets, options, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <summary>
    /// Streams live audio, such as a microphone: 16 kHz mono samples in [-1, 1] (<see cref="MonoResampler"/> converts
    /// other rates), in chunks of any size, sent as 20 ms Opus packets as soon as they are complete. The source sets the
    /// pace (<see cref="SpeechStreamOptions.Pacing"/> and <see cref="SpeechStreamOptions.Rate"/> only say what the server is
    /// told); when it ends, the last packet is padded, the server flushes and the summary comes last. Responses are yielded
    /// as they arrive, and the stream resumes on another replica as <see cref="StreamAsync(float[], SpeechStreamOptions, CancellationToken)"/> does.
    /// </summary>
    /// <exception cref="Grpc.Core.RpcException">The server refused the stream or failed it; an exception from <paramref name="samples"/> is passed on as it is.</exception>
    public async IAsyncEnumerable<StreamingTranscribeResponse> StreamAsync(
        IAsyncEnumerable<float[]> samples, SpeechStreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = new ResumableStream(Raw, options);
        await foreach (var response in stream.RunAsync(PacketSources.Encoded(samples, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <summary>Streams a file (any format <see cref="AudioFiles"/> reads).</summary>
    public async IAsyncEnumerable<StreamingTranscribeResponse> StreamFileAsync(
        string path, SpeechStreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var audio = await AudioFiles.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        await foreach (var response in StreamAsync(audio.Samples, options, cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private DateTime Deadline() => DateTime.UtcNow + _options.UnaryDeadline;
}
