// What a user of the stt-client package writes first: a WAV file streamed, a file transcribed whole, and live PCM
// (the same WAV in 100 ms chunks) cancelled part way. Exits 1 when a transcript is missing.
// Usage: node stream.mjs HOST:PORT SPEECH.wav SPEECH.mp3
import { readFile } from "node:fs/promises";
import { SttClient, seconds, version, readPcmWav } from "stt-client";

const [server, wav, mp3] = process.argv.slice(2);
const client = new SttClient(server);
console.log(`stt-client ${version}, server ${(await client.serverInfo()).version}`);

let finals = 0;
for await (const event of client.streamFile(wav)) {
  if (event.type === "final") {
    finals++;
    console.log(`  [${seconds(event.segment.start).toFixed(2)}-${seconds(event.segment.end).toFixed(2)}] ${event.segment.text}`);
  }
  if (event.type === "summary") console.log(`streamed ${wav}: ${finals} finals, ${event.summary.audioSeconds.toFixed(2)} s`);
}

const whole = await client.transcribeFile(await readFile(mp3));
console.log(`transcribed ${mp3}: ${seconds(whole.duration).toFixed(2)} s, ${whole.segments.length} segments`);

// Cancellation: a live stream that never ends on its own, stopped by its AbortSignal.
const pcm = await readPcmWav(wav);
const stop = new AbortController();
async function* microphone() {
  for (let at = 0; ; at = (at + 3200) % pcm.data.length) yield pcm.data.subarray(at, at + 3200);
}
let cancelled = false;
try {
  let events = 0;
  for await (const _ of client.stream(microphone(), { sampleRate: pcm.sampleRate }, { signal: stop.signal, realtime: false })) {
    if (++events === 1) stop.abort();
  }
} catch (error) {
  cancelled = stop.signal.aborted;
  console.log(`live stream cancelled: ${error.message}`);
}
client.close();
process.exit(finals > 0 && whole.segments.length > 0 && cancelled ? 0 : 1);
