// A live transcription session over the browser session API: results stream from OpenSession, audio goes up
// in numbered PushAudio calls every ~150 ms. If the results stream drops it is resumed with backoff; pushes
// that fail stay queued (up to a minute of audio) and are sent again, so nothing captured is thrown away
// silently. If the server forgot the session meanwhile, a new one is opened and the queued audio goes there.
import { Code, ConnectError } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { AudioChunkSchema, StreamingConfigSchema, StreamingTranscribeResponse } from "@/gen/stt_pb";
import type { SpeechClient } from "./api";
import { describeError } from "./errors";

export type LiveState = "connecting" | "live" | "reconnecting" | "finishing" | "done" | "failed";

export interface LiveHandlers {
  onResponse(response: StreamingTranscribeResponse): void;
  onState(state: LiveState, detail?: string): void;
  /** Something the user should know that is not an error (audio re-sent, a new session). */
  onNotice(message: string): void;
}

type AudioInit = MessageInitShape<typeof AudioChunkSchema>;
type ConfigInit = MessageInitShape<typeof StreamingConfigSchema>;

interface Pending {
  sequence: bigint;
  audio?: AudioInit;
  end: boolean;
  ms: number;
}

const PUSH_INTERVAL_MS = 150;
const MAX_QUEUED_MS = 60_000;
const MAX_BACKOFF_MS = 8_000;

/** Errors worth reconnecting after: the network, not the server's verdict on the audio. */
function isConnectionProblem(error: unknown): boolean {
  if (!(error instanceof ConnectError)) return true;
  return [Code.Unavailable, Code.Unknown, Code.Aborted, Code.DeadlineExceeded, Code.Canceled].includes(error.code);
}

export class LiveSession {
  private sessionId = "";
  private nextSequence = 0n;
  private opus: Uint8Array[] = [];
  private pcm: Uint8Array[] = [];
  private pcmBytesPerMs: number;
  private queue: Pending[] = [];
  private pushing = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly abort = new AbortController();
  private finished!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finished = resolve));
  private stopped = false;
  private pushTrouble = false;

  constructor(
    private readonly client: SpeechClient,
    private readonly config: ConfigInit,
    private readonly handlers: LiveHandlers,
  ) {
    this.pcmBytesPerMs = ((config.sampleRateHertz ?? 16000) * 2) / 1000;
  }

  /** Opens the session; resolves once the server has named it. */
  async start(): Promise<void> {
    this.handlers.onState("connecting");
    await this.openResults(false);
    this.timer = setInterval(() => this.flush(), PUSH_INTERVAL_MS);
  }

  addOpus(packets: Uint8Array[]): void {
    this.opus.push(...packets);
  }

  addPcm(bytes: Uint8Array): void {
    this.pcm.push(bytes);
  }

  /** Sends what is left and the end marker, then waits for the last finals and the summary. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.handlers.onState("finishing");
    this.flush();
    this.queue.push({ sequence: this.nextSequence++, end: true, ms: 0 });
    void this.pump();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 30_000));
    await Promise.race([this.done, timeout]);
    this.close();
  }

  /** Abandons the session at once. */
  close(): void {
    clearInterval(this.timer);
    this.abort.abort();
  }

  private flush(): void {
    const audio = this.takeBatch();
    if (audio) {
      this.queue.push({ sequence: this.nextSequence++, audio: audio.init, end: false, ms: audio.ms });
      const queuedMs = this.queue.reduce((sum, p) => sum + p.ms, 0);
      if (queuedMs > MAX_QUEUED_MS) {
        this.fail(`The connection has been down for over a minute; recording stopped. The last ${Math.round(queuedMs / 1000)} s were not transcribed.`);
        return;
      }
    }
    void this.pump();
  }

  private takeBatch(): { init: AudioInit; ms: number } | null {
    if (this.opus.length > 0) {
      const packets = this.opus;
      this.opus = [];
      return { init: { payload: { case: "opus", value: { packets } } }, ms: packets.length * 20 };
    }
    if (this.pcm.length > 0) {
      const total = this.pcm.reduce((n, b) => n + b.length, 0);
      const joined = new Uint8Array(total);
      let at = 0;
      for (const b of this.pcm) {
        joined.set(b, at);
        at += b.length;
      }
      this.pcm = [];
      return { init: { payload: { case: "linear16", value: joined } }, ms: total / this.pcmBytesPerMs };
    }
    return null;
  }

  /** Sends queued pushes in order, one at a time; a failed push stays queued for the next tick. */
  private async pump(): Promise<void> {
    if (this.pushing || !this.sessionId) return;
    this.pushing = true;
    try {
      while (this.queue.length > 0 && this.sessionId && !this.abort.signal.aborted) {
        const push = this.queue[0];
        const reply = await this.client.pushAudio(
          { sessionId: this.sessionId, sequence: push.sequence, audio: push.audio, endOfAudio: push.end },
          { signal: this.abort.signal },
        );
        this.queue = this.queue.filter((p) => p.sequence >= reply.nextSequence);
        if (this.pushTrouble) {
          this.pushTrouble = false;
          this.handlers.onState(this.stopped ? "finishing" : "live");
          this.handlers.onNotice("The connection is back; audio captured meanwhile was sent late, nothing was lost.");
        }
      }
    } catch (error) {
      if (error instanceof ConnectError && error.code === Code.InvalidArgument) {
        this.fail(describeError(error));
      } else if (!this.abort.signal.aborted && !this.pushTrouble) {
        // The network or the server is away: keep the audio queued and retry on every tick.
        this.pushTrouble = true;
        const queued = (this.queue.reduce((sum, p) => sum + p.ms, 0) / 1000).toFixed(1);
        this.handlers.onState("reconnecting", `${describeError(error)} Keeping the audio (${queued} s so far) to send when it is back.`);
      }
    } finally {
      this.pushing = false;
    }
  }

  /** Opens (or resumes) the results stream; resolves when the session is named, then reads in the background. */
  private openResults(resume: boolean): Promise<void> {
    return new Promise<void>((opened, failed) => {
      let named = false;
      const request = resume ? { resumeSessionId: this.sessionId } : { config: this.config };
      void (async () => {
        try {
          for await (const response of this.client.openSession(request, { signal: this.abort.signal })) {
            if (response.response.case === "sessionOpened") {
              this.sessionId = response.response.value.sessionId;
              named = true;
              this.handlers.onState(this.stopped ? "finishing" : "live");
              opened();
              continue;
            }
            this.handlers.onResponse(response);
          }
          this.handlers.onState("done");
          this.finished();
        } catch (error) {
          if (this.abort.signal.aborted) return;
          if (!named) {
            failed(error);
          } else if (isConnectionProblem(error)) {
            void this.reconnect(error);
          } else {
            this.fail(describeError(error)); // the server ended the session with an error: retrying would not help
          }
        }
      })();
    });
  }

  private async reconnect(cause: unknown): Promise<void> {
    let error = cause;
    for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
      this.handlers.onState("reconnecting", describeError(error));
      await new Promise((r) => setTimeout(r, Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt)));
      try {
        await this.openResults(true);
        return;
      } catch (e) {
        if (e instanceof ConnectError && e.code === Code.NotFound) {
          await this.restartElsewhere();
          return;
        }
        error = e;
      }
    }
  }

  /** The server closed the session while we were away: continue in a new one, re-sending queued audio. */
  private async restartElsewhere(): Promise<void> {
    const queued = this.queue.filter((p) => !p.end || this.stopped);
    this.sessionId = "";
    this.nextSequence = 0n;
    this.queue = queued.map((p) => ({ ...p, sequence: this.nextSequence++ }));
    const seconds = Math.round(queued.reduce((sum, p) => sum + p.ms, 0) / 1000);
    this.handlers.onNotice(`The connection was down too long for the server to wait; continuing in a new session and re-sending ${seconds} s of queued audio.`);
    try {
      await this.openResults(false);
      void this.pump();
    } catch (error) {
      void this.reconnect(error);
    }
  }

  private fail(message: string): void {
    this.handlers.onState("failed", message);
    this.close();
    this.finished();
  }
}
