using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Stt.Audio;
using Stt.V1;

namespace Stt.Client;

/// <summary>
/// A client of the stt.v1 service. Calls that fail with UNAVAILABLE before the server answered are retried
/// with backoff (connection refused, server starting); unary calls get a deadline; every call takes a
/// cancellation token that cancels it on the server too.
/// </summary>
public sealed class SpeechClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SpeechClientOptions _options;

    /// <summary>Connects to <paramref name="address"/> (e.g. http://127.0.0.1:50051).</summary>
    public SpeechClient(Uri address, SpeechClientOptions? options = null)
    {
        _options = options ?? new SpeechClientOptions();
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = Math.Max(2, _options.MaxAttempts),
                            InitialBackoff = TimeSpan.FromMilliseconds(500),
                            MaxBackoff = TimeSpan.FromSeconds(5),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            },
        });
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
            var audio = await AudioFileDecoder.DecodeOrConvertAsync(bytes, cancellationToken).ConfigureAwait(false);
            request.Content = ByteString.CopyFrom(PcmWav.Encode(audio.Samples));
        }

        return await Raw.TranscribeAsync(request, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams 16 kHz mono audio as 20 ms Opus packets, paced as asked, and yields every response (speech events,
    /// interims, finals, the summary) as it arrives.
    /// </summary>
    public async IAsyncEnumerable<StreamingTranscribeResponse> StreamAsync(
        float[] samples, StreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var packets = OpusPacketizer.Encode(samples);
        using var call = Raw.StreamingTranscribe(cancellationToken: cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = SendAsync(call.RequestStream, packets, options, stop.Token);
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sending.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        await sending.ConfigureAwait(false);
    }

    /// <summary>Streams a file (any format <see cref="AudioFiles"/> reads).</summary>
    public async IAsyncEnumerable<StreamingTranscribeResponse> StreamFileAsync(
        string path, StreamOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var audio = await AudioFiles.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        await foreach (var response in StreamAsync(audio.Samples, options, cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private static async Task SendAsync(IClientStreamWriter<StreamingTranscribeRequest> requests, List<byte[]> packets, StreamOptions options, CancellationToken cancellationToken)
    {
        await requests.WriteAsync(new StreamingTranscribeRequest
        {
            Config = new StreamingConfig
            {
                Encoding = Stt.V1.AudioEncoding.Opus,
                SampleRateHertz = OpusPacketizer.SampleRate,
                Channels = 1,
                Language = options.Language,
                Translate = options.Translate,
                InterimResults = options.InterimResults,
                WordTimestamps = options.WordTimestamps,
                Prompt = options.Prompt,
                ClientRequestId = options.ClientRequestId,
            },
        }, cancellationToken).ConfigureAwait(false);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = TimeSpan.Zero;
        foreach (var chunk in packets.Chunk(Math.Max(1, options.PacketsPerMessage)))
        {
            if (options.Pacing == Pacing.RealTime && sent / options.Rate > clock.Elapsed)
            {
                await Task.Delay(sent / options.Rate - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            }

            var opus = new OpusPackets();
            opus.Packets.AddRange(chunk.Select(ByteString.CopyFrom));
            await requests.WriteAsync(new StreamingTranscribeRequest { Audio = new AudioChunk { Opus = opus } }, cancellationToken).ConfigureAwait(false);
            sent += TimeSpan.FromMilliseconds(20 * chunk.Length);
        }

        await requests.CompleteAsync().ConfigureAwait(false);
    }

    private DateTime Deadline() => DateTime.UtcNow + _options.UnaryDeadline;
}
