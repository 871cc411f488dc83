// Type-checks a consumer against the package's .d.ts files (tsc --noEmit): the events are a discriminated union.
import { SttClient, type TranscriptEvent, type ServerInfo } from "stt-client";

const client: SttClient = new SttClient("127.0.0.1:50051", { apiKey: "k", timeoutMs: 1000 });
export async function text(events: AsyncIterable<TranscriptEvent>): Promise<string[]> {
  const finals: string[] = [];
  for await (const event of events) if (event.type === "final") finals.push(event.segment.text);
  return finals;
}
export const info: Promise<ServerInfo> = client.serverInfo();
