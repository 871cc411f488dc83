// Microphone capture: 20 ms Opus packets from WebCodecs' AudioEncoder, or 16 kHz LINEAR16 where the
// browser cannot encode Opus. Either way the page also gets a level for its meter.

export type CaptureEncoding = "OPUS" | "LINEAR16";

export interface CaptureSink {
  /** Encoded Opus packets, in order. */
  onOpus(packets: Uint8Array[]): void;
  /** 16-bit little-endian mono PCM. */
  onPcm(bytes: Uint8Array): void;
  /** RMS level of the last 20 ms, 0 to 1. */
  onLevel(level: number): void;
}

export interface Capture {
  encoding: CaptureEncoding;
  sampleRate: number;
  stop(): Promise<void>;
}

const OPUS_RATE = 48000;
const PCM_RATE = 16000;

async function opusSupported(): Promise<boolean> {
  if (typeof AudioEncoder === "undefined") return false;
  try {
    const { supported } = await AudioEncoder.isConfigSupported({ codec: "opus", sampleRate: OPUS_RATE, numberOfChannels: 1 });
    return supported === true;
  } catch {
    return false;
  }
}

function rms(block: Float32Array): number {
  let sum = 0;
  for (const s of block) sum += s * s;
  return Math.sqrt(sum / Math.max(1, block.length));
}

export async function startCapture(sink: CaptureSink, preferOpus = true): Promise<Capture> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
  const useOpus = preferOpus && (await opusSupported());
  const context = new AudioContext({ sampleRate: useOpus ? OPUS_RATE : PCM_RATE });
  await context.audioWorklet.addModule("/capture-worklet.js");
  const source = context.createMediaStreamSource(stream);
  const worklet = new AudioWorkletNode(context, "capture");
  source.connect(worklet);

  let encoder: AudioEncoder | null = null;
  let timestamp = 0;
  if (useOpus) {
    encoder = new AudioEncoder({
      output: (chunk) => {
        const packet = new Uint8Array(chunk.byteLength);
        chunk.copyTo(packet);
        sink.onOpus([packet]);
      },
      error: (e) => console.error("Opus encoder", e),
    });
    encoder.configure({ codec: "opus", sampleRate: OPUS_RATE, numberOfChannels: 1, bitrate: 32000, opus: { frameDuration: 20000 } } as AudioEncoderConfig);
  }

  worklet.port.onmessage = (event: MessageEvent<Float32Array<ArrayBuffer>>) => {
    const block = event.data;
    sink.onLevel(rms(block));
    if (encoder) {
      const data = new AudioData({ format: "f32-planar", sampleRate: OPUS_RATE, numberOfFrames: block.length, numberOfChannels: 1, timestamp, data: block });
      timestamp += (block.length * 1_000_000) / OPUS_RATE;
      encoder.encode(data);
      data.close();
    } else {
      const bytes = new Uint8Array(block.length * 2);
      const view = new DataView(bytes.buffer);
      block.forEach((s, i) => view.setInt16(i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
      sink.onPcm(bytes);
    }
  };

  return {
    encoding: useOpus ? "OPUS" : "LINEAR16",
    sampleRate: useOpus ? OPUS_RATE : PCM_RATE,
    async stop() {
      worklet.port.onmessage = null;
      source.disconnect();
      worklet.disconnect();
      stream.getTracks().forEach((t) => t.stop());
      if (encoder && encoder.state === "configured") {
        await encoder.flush();
        encoder.close();
      }
      await context.close();
    },
  };
}
