// stt-client: the stt.v1 speech-to-text service from Node.js. The types and the service are generated from the
// contract (protos/stt.proto) when the package is built.
export { SttClient, type ClientOptions, type PcmFormat, type StreamOptions, type TranscribeOptions } from "./client.js";
export { eventOf, seconds, type TranscriptEvent } from "./events.js";
export { readPcmWav, type PcmWav } from "./wav.js";
export { version } from "./gen/version.js";
export * from "./gen/stt_pb.js";
