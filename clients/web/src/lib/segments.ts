// Transcript segments as the page keeps them, and how interims give way to finals.
import type { Duration } from "@bufbuild/protobuf/wkt";
import type { Segment as WireSegment } from "@/gen/stt_pb";

export interface Word {
  text: string;
  start: number;
  end: number;
  probability: number;
}

export interface Segment {
  id: number;
  utteranceId: number;
  text: string;
  stableText: string;
  start: number; // seconds from the start of the audio
  end: number;
  isFinal: boolean;
  language: string;
  words: Word[];
}

export function seconds(d: Duration | undefined): number {
  return d ? Number(d.seconds) + d.nanos / 1e9 : 0;
}

export function fromWire(s: WireSegment): Segment {
  return {
    id: s.id,
    utteranceId: s.utteranceId,
    text: s.text,
    stableText: s.stableText,
    start: seconds(s.start),
    end: seconds(s.end),
    isFinal: s.isFinal,
    language: s.language,
    words: s.words.map((w) => ({ text: w.text, start: seconds(w.start), end: seconds(w.end), probability: w.probability })),
  };
}

export interface TranscriptState {
  finals: Segment[];
  /** The latest interim per open utterance. */
  interims: Record<number, Segment>;
}

export const emptyTranscript: TranscriptState = { finals: [], interims: {} };

/** Finals are appended (once, by id); an interim replaces the previous one of its utterance; finals retire it. */
export function applySegment(state: TranscriptState, segment: Segment): TranscriptState {
  const interims = { ...state.interims };
  if (!segment.isFinal) {
    interims[segment.utteranceId] = segment;
    return { ...state, interims };
  }
  delete interims[segment.utteranceId];
  if (state.finals.some((f) => f.id === segment.id)) {
    return { ...state, interims };
  }
  return { finals: [...state.finals, segment], interims };
}
