import type { Duration } from "@bufbuild/protobuf/wkt";
import type { Segment, SessionSummary, SpeechEvent, StreamingTranscribeResponse } from "./gen/stt_pb.js";

/** What a stream yields: text that may still change, text that will not, speech starting or ending, and the summary last. */
export type TranscriptEvent =
  | { type: "interim"; segment: Segment }
  | { type: "final"; segment: Segment }
  | { type: "speech"; event: SpeechEvent }
  | { type: "summary"; summary: SessionSummary };

/** The event a response carries, or undefined for one this version does not know. */
export function eventOf(response: StreamingTranscribeResponse): TranscriptEvent | undefined {
  const r = response.response;
  switch (r.case) {
    case "segment":
      return { type: r.value.isFinal ? "final" : "interim", segment: r.value };
    case "speechEvent":
      return { type: "speech", event: r.value };
    case "summary":
      return { type: "summary", summary: r.value };
    default:
      return undefined;
  }
}

/** A protobuf Duration (segment start and end, offsets from the start of the audio) in seconds. */
export function seconds(duration: Duration | undefined): number {
  return duration ? Number(duration.seconds) + duration.nanos / 1e9 : 0;
}
