import { readFile } from "node:fs/promises";

/** 16-bit PCM audio from a WAV file: its format and the samples, little-endian, channels interleaved. */
export interface PcmWav {
  sampleRate: number;
  channels: number;
  data: Uint8Array;
}

/** Reads the fmt and data chunks of a RIFF/WAVE file of 16-bit PCM; throws a message that says what is wrong. */
export async function readPcmWav(path: string): Promise<PcmWav> {
  const file = await readFile(path);
  if (file.length < 12 || file.toString("ascii", 0, 4) !== "RIFF" || file.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error(`${path} is not a WAV file (stream other formats with the stt command, or send them whole with transcribeFile)`);
  }

  let format: { channels: number; sampleRate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString("ascii", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === "fmt " && at + 24 <= file.length) {
      format = { channels: file.readUInt16LE(at + 10), sampleRate: file.readUInt32LE(at + 12), bits: file.readUInt16LE(at + 22) };
    }
    if (id === "data") {
      if (!format || format.bits !== 16) throw new Error(`${path}: only 16-bit PCM WAV can be streamed (convert with: ffmpeg -i IN -c:a pcm_s16le out.wav)`);
      return { sampleRate: format.sampleRate, channels: format.channels, data: file.subarray(at + 8, Math.min(file.length, at + 8 + size)) };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk`);
}
