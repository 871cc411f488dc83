// The speech service client: Connect's gRPC-Web transport over the generated stt.v1 service.
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { SpeechToText } from "@/gen/stt_pb";

export type SpeechClient = Client<typeof SpeechToText>;

/** Where the service is: NEXT_PUBLIC_STT_URL (for `next dev` against a server elsewhere) or this page's origin. */
export function serviceUrl(): string {
  return process.env.NEXT_PUBLIC_STT_URL || window.location.origin;
}

/** A client; `fetch` may be replaced, e.g. by one that reports upload progress. */
export function speechClient(fetchImpl?: typeof globalThis.fetch): SpeechClient {
  return createClient(SpeechToText, createGrpcWebTransport({ baseUrl: serviceUrl(), fetch: fetchImpl }));
}
