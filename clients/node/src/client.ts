import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { eventOf, type TranscriptEvent } from "./events.js";
import {
  AudioEncoding,
  AudioPacing,
  SpeechToText,
  StreamingTranscribeRequestSchema,
  TranscribeRequestSchema,
  type ServerInfo,
  type StreamingTranscribeRequest,
  type TranscribeResponse,
} from "./gen/stt_pb.js";
import { version } from "./gen/version.js";
import { readPcmWav } from "./wav.js";

/** How to reach the server. */
export interface ClientOptions {
  /** Sent as `authorization: Bearer KEY` on every call. Default: the STT_API_KEY environment variable, if set. */
  apiKey?: string;
  /** Deadline of unary calls (transcribeFile, serverInfo), milliseconds. Default 600000 (10 min). */
  timeoutMs?: number;
}

/** What to transcribe and how. */
export interface TranscribeOptions {
  /** ISO 639-1 code ("en", "de") or "auto". Default: the server's (`Stt:Inference:Language`). */
  language?: string;
  /** The model to run, by a name the server lists (`serverInfo().models`). Default: the server's default model. */
  model?: string;
  /** Translate to English instead of transcribing. Default false. */
  translate?: boolean;
  /** Per-word timings in each segment's `words`. Default false. */
  wordTimestamps?: boolean;
  /** Text that primes the model (names, spelling). Default none. */
  prompt?: string;
  /** Cancels the call, on the server too. */
  signal?: AbortSignal;
}

/** A stream's settings, on top of {@link TranscribeOptions}. */
export interface StreamOptions extends TranscribeOptions {
  /** Interim segments while an utterance is in progress. Default true. */
  interimResults?: boolean;
  /** Echoed in every response. Default none. */
  clientRequestId?: string;
  /**
   * streamFile only: send at the pace of speech, like a microphone. Default false: as fast as the server takes it (the
   * server is told the audio is a recording).
   */
  realtime?: boolean;
}

/** The format of live PCM: signed 16-bit little-endian, channels interleaved. */
export interface PcmFormat {
  /** Samples per second, 8000 to 48000 (resampled to 16 kHz by the server). */
  sampleRate: number;
  /** 1 or 2 (stereo is downmixed). Default 1. */
  channels?: number;
}

const chunkMs = 100;

/**
 * A client of the stt.v1 speech-to-text service over gRPC (HTTP/2, cleartext). One client holds one connection;
 * {@link SttClient.close} ends it.
 */
export class SttClient {
  /** The generated client of the stt.v1 service, for anything this class does not wrap. */
  readonly raw: Client<typeof SpeechToText>;
  private readonly sessions: Http2SessionManager;
  private readonly timeoutMs: number;

  /** @param address `host:port` (`127.0.0.1:50051`) or `http://host:port`. */
  constructor(address: string, options: ClientOptions = {}) {
    const baseUrl = /^https?:\/\//.test(address) ? address : `http://${address}`;
    const apiKey = options.apiKey ?? process.env.STT_API_KEY ?? "";
    const headers: Interceptor = (next) => async (request) => {
      request.header.set("user-agent", `stt-client-node/${version}`);
      if (apiKey) request.header.set("authorization", `Bearer ${apiKey}`);
      return next(request);
    };
    this.sessions = new Http2SessionManager(baseUrl);
    this.raw = createClient(SpeechToText, createGrpcTransport({ baseUrl, sessionManager: this.sessions, interceptors: [headers] }));
    this.timeoutMs = options.timeoutMs ?? 600_000;
  }

  /** What the server runs: model, languages, encodings, limits, version. */
  serverInfo(signal?: AbortSignal): Promise<ServerInfo> {
    return this.raw.getServerInfo({}, { signal, timeoutMs: this.timeoutMs });
  }

  /**
   * Transcribes a whole file in one call: a path or the file's bytes, in any format the server reads (WAV, Ogg Opus,
   * WebM/Opus, MP3; FLAC, M4A and video where the server has ffmpeg), detected by content.
   */
  async transcribeFile(file: string | Uint8Array, options: TranscribeOptions = {}): Promise<TranscribeResponse> {
    const content = typeof file === "string" ? await readFile(file) : file;
    const request = create(TranscribeRequestSchema, {
      content,
      language: options.language ?? "",
      model: options.model ?? "",
      translate: options.translate ?? false,
      wordTimestamps: options.wordTimestamps ?? false,
      prompt: options.prompt ?? "",
    });
    return this.raw.transcribe(request, { signal: options.signal, timeoutMs: this.timeoutMs });
  }

  /**
   * Streams a 16-bit PCM WAV file in 100 ms chunks, as fast as the server takes it or, with `realtime`, at the pace of
   * speech, and yields the transcript as it comes: interim and final segments, speech events, the summary last.
   */
  async *streamFile(path: string, options: StreamOptions = {}): AsyncGenerator<TranscriptEvent> {
    const wav = await readPcmWav(path);
    const bytesPerChunk = Math.round((wav.sampleRate * chunkMs) / 1000) * 2 * wav.channels;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const started = performance.now();
      for (let at = 0, sentMs = 0; at < wav.data.length; at += bytesPerChunk, sentMs += chunkMs) {
        if (options.realtime) await sleep(Math.max(0, started + sentMs - performance.now()), undefined, { signal: options.signal });
        yield wav.data.subarray(at, at + bytesPerChunk);
      }
    }
    yield* this.stream(chunks(), { sampleRate: wav.sampleRate, channels: wav.channels }, { ...options, realtime: options.realtime ?? false });
  }

  /**
   * Streams live PCM (a microphone, a call) as it comes from `source`, in chunks of any size, and yields the
   * transcript as it comes. When `source` ends, the server transcribes what is pending and the summary comes last;
   * abort `signal` to stop early. The server is told the audio is live unless `realtime` is false.
   */
  async *stream(source: AsyncIterable<Uint8Array>, format: PcmFormat, options: StreamOptions = {}): AsyncGenerator<TranscriptEvent> {
    async function* requests(): AsyncGenerator<StreamingTranscribeRequest> {
      yield create(StreamingTranscribeRequestSchema, {
        request: {
          case: "config",
          value: {
            encoding: AudioEncoding.LINEAR16,
            sampleRateHertz: format.sampleRate,
            channels: format.channels ?? 1,
            language: options.language ?? "",
            model: options.model ?? "",
            translate: options.translate ?? false,
            interimResults: options.interimResults ?? true,
            wordTimestamps: options.wordTimestamps ?? false,
            prompt: options.prompt ?? "",
            clientRequestId: options.clientRequestId ?? "",
            pacing: options.realtime === false ? AudioPacing.FILE : AudioPacing.LIVE,
          },
        },
      });
      for await (const pcm of source) {
        yield create(StreamingTranscribeRequestSchema, { request: { case: "audio", value: { payload: { case: "linear16", value: pcm } } } });
      }
    }

    for await (const response of this.raw.streamingTranscribe(requests(), { signal: options.signal })) {
      const event = eventOf(response);
      if (event) yield event;
    }
  }

  /** Closes the connection; calls in flight fail. */
  close(): void {
    this.sessions.abort();
  }
}
