"use client";

import { formatTime } from "@/lib/formats";
import type { Segment, TranscriptState } from "@/lib/segments";

function Words({ segment }: { segment: Segment }) {
  if (segment.words.length === 0) return <>{segment.text}</>;
  return (
    <>
      {segment.words.map((w, i) => (
        <span key={i} className="word" title={`${formatTime(w.start)}–${formatTime(w.end)} · ${(w.probability * 100).toFixed(0)}%`}>
          {w.text}{" "}
        </span>
      ))}
    </>
  );
}

/** Finals with their times, then the interim text of utterances still in progress, visibly provisional. */
export function TranscriptView({ transcript, placeholder }: { transcript: TranscriptState; placeholder: string }) {
  const interims = Object.values(transcript.interims).sort((a, b) => a.utteranceId - b.utteranceId);
  if (transcript.finals.length === 0 && interims.length === 0) {
    return <p className="placeholder">{placeholder}</p>;
  }
  return (
    <ol className="transcript" aria-live="polite">
      {transcript.finals.map((s) => (
        <li key={`f${s.id}`} className="segment final" data-testid="final-segment" data-start={s.start} data-end={s.end}>
          <span className="time">{formatTime(s.start)}–{formatTime(s.end)}</span>
          <span className="text"><Words segment={s} /></span>
        </li>
      ))}
      {interims.map((s) => (
        <li key={`i${s.utteranceId}`} className="segment interim" data-testid="interim-segment">
          <span className="time">{formatTime(s.start)}…</span>
          <span className="text">
            <span className="stable">{s.stableText}</span>
            <span className="unstable">{s.text.slice(s.stableText.length)}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
