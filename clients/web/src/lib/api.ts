// The speech service client: Connect's gRPC-Web transport over the generated stt.v1 service.
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { SpeechToText } from "@/gen/stt_pb";

export type SpeechClient = Client<typeof SpeechToText>;

/** Where the service is: NEXT_PUBLIC_STT_URL (for `next dev` against a server elsewhere) or this page's origin. */
export function serviceUrl(): string {
  return process.env.NEXT_PUBLIC_STT_URL || window.location.origin;
}

const KEY_STORAGE = "stt.apiKey";

/**
 * The key sent with every call: the one the user entered on this device. The server never hands a key to the page
 * (anyone who can load a page could read it); an operator who wants the page to work without one lets a proxy in
 * front of it add the key (docs/web.md).
 */
export function apiKey(): string {
  return localStorage.getItem(KEY_STORAGE) ?? "";
}

/** Remembers (or, with an empty key, forgets) the user's key on this device. */
export function setApiKey(key: string): void {
  if (key.trim()) localStorage.setItem(KEY_STORAGE, key.trim());
  else localStorage.removeItem(KEY_STORAGE);
}

/** A client; `fetch` may be replaced, e.g. by one that reports upload progress. */
export function speechClient(fetchImpl?: typeof globalThis.fetch): SpeechClient {
  return createClient(
    SpeechToText,
    createGrpcWebTransport({
      baseUrl: serviceUrl(),
      fetch: fetchImpl,
      interceptors: [
        (next) => async (request) => {
          const key = apiKey();
          if (key) request.header.set("authorization", `Bearer ${key}`);
          return next(request);
        },
      ],
    }),
  );
}
