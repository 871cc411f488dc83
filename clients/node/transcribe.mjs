#!/usr/bin/env node
// Streams a WAV file (16-bit PCM) to an stt server and prints one line per final segment: [start-end] text.
// Usage: node transcribe.mjs --server 127.0.0.1:50051 FILE.wav [--language en] [--realtime]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: "string", default: "127.0.0.1:50051" },
    language: { type: "string", default: "" },
    realtime: { type: "boolean", default: false },
  },
});
if (positionals.length !== 1) {
  console.error("usage: node transcribe.mjs --server HOST:PORT FILE.wav");
  process.exit(2);
}

const protoPath = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "protos", "stt.proto");
const definition = protoLoader.loadSync(protoPath, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
const { stt } = grpc.loadPackageDefinition(definition);

/** The fmt and data chunks of a RIFF/WAVE file. */
function readWav(path) {
  const file = readFileSync(path);
  if (file.toString("ascii", 0, 4) !== "RIFF" || file.toString("ascii", 8, 12) !== "WAVE") throw new Error(`${path} is not a WAV file`);
  let format;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = file.toString("ascii", at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === "fmt ") format = { channels: file.readUInt16LE(at + 10), rate: file.readUInt32LE(at + 12), bits: file.readUInt16LE(at + 22) };
    if (id === "data") {
      if (!format || format.bits !== 16) throw new Error(`${path}: only 16-bit PCM WAV is supported by this example`);
      return { ...format, data: file.subarray(at + 8, Math.min(file.length, at + 8 + size)) };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk`);
}

const wav = readWav(positionals[0]);
const client = new stt.v1.SpeechToText(args.server, grpc.credentials.createInsecure());
const call = client.StreamingTranscribe();
call.on("data", (response) => {
  if (response.response === "segment" && response.segment.isFinal) {
    const seconds = (d) => Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;
    const s = response.segment;
    console.log(`[${seconds(s.start).toFixed(2)}-${seconds(s.end).toFixed(2)}] ${s.text}`);
  }
});
call.on("error", (error) => {
  console.error(`stt: ${grpc.status[error.code]}: ${error.details}`);
  process.exitCode = error.code === grpc.status.UNAVAILABLE ? 4 : 3;
});
call.on("end", () => client.close());

// A recording sent as fast as the server takes it must say so; a live stream may run only a little ahead of real time.
const pacing = args.realtime ? "AUDIO_PACING_LIVE" : "AUDIO_PACING_FILE";
call.write({ config: { encoding: "LINEAR16", sampleRateHertz: wav.rate, channels: wav.channels, language: args.language, interimResults: false, pacing } });
const chunkBytes = Math.round(wav.rate / 10) * 2 * wav.channels; // 100 ms
const started = Date.now();
for (let at = 0, sent = 0; at < wav.data.length; at += chunkBytes, sent += 100) {
  if (args.realtime) await new Promise((r) => setTimeout(r, Math.max(0, started + sent - Date.now())));
  if (!call.write({ audio: { linear16: wav.data.subarray(at, at + chunkBytes) } })) await new Promise((r) => call.once("drain", r));
}
call.end();
