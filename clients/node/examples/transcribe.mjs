#!/usr/bin/env node
// Streams a WAV file (16-bit PCM) to an stt server with the stt-client package and prints one line per final
// segment: [start-end] text (seconds). With --file, sends it whole (any format the server reads) instead.
// Usage: node transcribe.mjs [--server 127.0.0.1:50051] [--language en] [--realtime | --file] FILE
import { parseArgs } from "node:util";
import { Code, ConnectError } from "@connectrpc/connect";
import { SttClient, seconds } from "stt-client";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: "string", default: "127.0.0.1:50051" },
    language: { type: "string", default: "" },
    realtime: { type: "boolean", default: false },
    file: { type: "boolean", default: false },
  },
});
if (positionals.length !== 1) {
  console.error("usage: node transcribe.mjs [--server HOST:PORT] [--language en] [--realtime | --file] FILE");
  process.exit(2);
}

const client = new SttClient(args.server);
const line = (s) => console.log(`[${seconds(s.start).toFixed(2)}-${seconds(s.end).toFixed(2)}] ${s.text}`);
const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
try {
  if (args.file) {
    (await client.transcribeFile(positionals[0], { language: args.language, signal: stop.signal })).segments.forEach(line);
  } else {
    for await (const event of client.streamFile(positionals[0], { language: args.language, realtime: args.realtime, signal: stop.signal })) {
      if (event.type === "final") line(event.segment);
    }
  }
} catch (error) {
  const e = ConnectError.from(error);
  console.error(`stt: ${Code[e.code]}: ${e.rawMessage}`);
  process.exitCode = e.code === Code.Unavailable ? 4 : e.code === Code.Unknown && !(error instanceof ConnectError) ? 2 : 3;
} finally {
  client.close();
}
