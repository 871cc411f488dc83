// Drives the server with the official `openai` SDK, as OpenAI users' tools do, for Stt.Server.Tests (OpenAi*Tests).
// One scenario per run; prints one JSON line: what the SDK returned, or the error it raised.
//
//   node openai-sdk.mjs transcribe  --base URL --key KEY --file F [--format json|text|srt|vtt|verbose_json] [--words] [--stream] [--model M]
//   node openai-sdk.mjs translate   --base URL --key KEY --file F [--format F]
//   node openai-sdk.mjs models      --base URL --key KEY [--id ID]
//   node openai-sdk.mjs raw         --base URL --key KEY --content-type T --body-base64 B64  (a malformed upload, through client.post)
//   node openai-sdk.mjs realtime    --base URL --key KEY --pcm F [--rate 24000] [--manual] [--commit-every-ms N] [--fast] [--send JSON] [--hold-ms N] [--model M]
//
// --key - sends no key at all. The realtime scenario streams 16-bit PCM in 100 ms appends at real time (or --fast),
// waits until every committed item has completed, closes, and prints every server event with its arrival time.
import fs from 'node:fs';
import OpenAI, { toFile } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';

const [scenario, ...rest] = process.argv.slice(2);
const args = {};
for (let i = 0; i < rest.length; i++) {
  const name = rest[i].replace(/^--/, '');
  args[name] = rest[i + 1] === undefined || rest[i + 1].startsWith('--') ? true : rest[++i];
}

const client = new OpenAI({
  baseURL: `${args.base}/v1`,
  apiKey: args.key === '-' ? 'none' : args.key,
  maxRetries: 0, // errors are what some scenarios check: no silent retries
  timeout: 120_000,
  // With no key the SDK refuses to build requests; strip the header it would send instead.
  defaultHeaders: args.key === '-' ? { Authorization: null } : undefined,
});

function print(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function describe(error) {
  return {
    error: error?.constructor?.name ?? 'Error',
    status: error?.status ?? null,
    body: error?.error ?? null,
    message: String(error?.message ?? error),
    retryAfter: error?.headers?.get?.('retry-after') ?? null,
  };
}

async function upload(path) {
  return toFile(fs.createReadStream(path), path.split('/').pop());
}

async function transcribe(translate) {
  const request = {
    file: await upload(args.file),
    model: args.model ?? 'whisper-1',
    ...(args.format ? { response_format: args.format } : {}),
    ...(args.words ? { timestamp_granularities: ['word', 'segment'] } : {}),
    ...(args.language ? { language: args.language } : {}),
    ...(args.temperature ? { temperature: Number(args.temperature) } : {}),
  };
  if (translate) {
    return { result: await client.audio.translations.create(request) };
  }
  if (args.stream) {
    const events = [];
    const stream = await client.audio.transcriptions.create({ ...request, stream: true });
    for await (const event of stream) {
      events.push(event);
    }
    return { events };
  }
  return { result: await client.audio.transcriptions.create(request) };
}

async function models() {
  if (args.id) {
    return { result: await client.models.retrieve(args.id) };
  }
  const list = [];
  for await (const model of client.models.list()) {
    list.push(model);
  }
  return { result: list };
}

async function raw() {
  const result = await client.post('/audio/transcriptions', {
    body: Buffer.from(args['body-base64'], 'base64'), // bytes go out as they are (a string would be sent as JSON)
    headers: { 'Content-Type': args['content-type'] },
  });
  return { result };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function realtime() {
  const pcm = fs.readFileSync(args.pcm);
  const rate = Number(args.rate ?? 24000);
  const chunk = Math.round(rate / 10) * 2; // 100 ms of 16-bit mono
  const events = [];
  const errors = [];
  const committed = new Set();
  const finished = new Set();
  const started = Date.now();
  const rt = new OpenAIRealtimeWS({ intent: 'transcription' }, client);
  let refused = null;
  rt.socket.on('unexpected-response', (_request, response) => {
    let body = '';
    response.on('data', (data) => (body += data));
    response.on('end', () => {
      refused = { status: response.statusCode, retryAfter: response.headers['retry-after'] ?? null, body: JSON.parse(body || 'null') };
      rt.socket.terminate(); // with this listener, ws leaves ending the refused handshake to us
    });
  });
  rt.on('event', (event) => {
    events.push({ at: Date.now() - started, ...event });
    if (event.type === 'input_audio_buffer.committed') committed.add(event.item_id);
    if (event.type.startsWith('conversation.item.input_audio_transcription.') && !event.type.endsWith('.delta')) finished.add(event.item_id);
  });
  rt.on('error', (error) => errors.push(String(error.message)));
  const closed = new Promise((resolve) => rt.socket.on('close', (code) => resolve(code)));
  const opened = await Promise.race([
    new Promise((resolve) => rt.socket.on('open', () => resolve(true))),
    closed.then(() => false),
  ]);
  if (!opened) {
    return { refused, errors };
  }

  const turnDetection = args.manual ? { turn_detection: null } : {};
  rt.send({
    type: 'session.update',
    session: {
      type: 'transcription',
      audio: { input: { format: { type: 'audio/pcm', rate }, transcription: { model: args.model ?? 'whisper-1', language: 'en' }, ...turnDetection } },
    },
  });
  // The audio follows the configuration's answer (session.updated, or an error): a session naming a model the server
  // has not loaded yet answers once it is loaded, and the wait for the turns below must not start before that.
  const configured = Date.now() + 60_000;
  while (Date.now() < configured && !events.some((e) => e.type === 'session.updated' || e.type === 'error')) await sleep(20);
  if (args.send) {
    for (const event of JSON.parse(args.send)) rt.send(event);
  }

  const commitEvery = Number(args['commit-every-ms'] ?? 0);
  for (let offset = 0, index = 0; offset < pcm.length; offset += chunk, index++) {
    if (rt.socket.readyState !== 1) break; // the server ended the session
    rt.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(offset, offset + chunk).toString('base64') });
    if (commitEvery > 0 && ((index + 1) * 100) % commitEvery === 0) rt.send({ type: 'input_audio_buffer.commit' });
    if (!args.fast) await sleep(Math.max(0, started + (index + 1) * 100 - Date.now())); // paced at real time, without drift
  }
  if (args.manual) rt.send({ type: 'input_audio_buffer.commit' });
  // --hold-ms: stay connected without sending anything (the server's idle timeout can end the session meanwhile).
  const holdUntil = Date.now() + Number(args['hold-ms'] ?? 0);
  while (Date.now() < holdUntil && rt.socket.readyState === 1) await sleep(50);

  // Every committed item completes (or fails); give the last finals time to arrive.
  const deadline = Date.now() + 60_000;
  await sleep(500);
  while (Date.now() < deadline && [...committed].some((item) => !finished.has(item))) await sleep(100);
  rt.close();
  const code = await Promise.race([closed, sleep(5000).then(() => null)]);
  return { events, errors, closeCode: code };
}

try {
  switch (scenario) {
    case 'transcribe':
      print(await transcribe(false));
      break;
    case 'translate':
      print(await transcribe(true));
      break;
    case 'models':
      print(await models());
      break;
    case 'raw':
      print(await raw());
      break;
    case 'realtime':
      print(await realtime());
      break;
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
} catch (error) {
  print(describe(error));
}
