"use client";

import { useState } from "react";
import { download, formatTime, toSrt, toText, toVtt } from "@/lib/formats";
import { removeFromHistory, type HistoryEntry } from "@/lib/history";
import { TranscriptView } from "./TranscriptView";

export function HistoryPanel({ entries, onChanged }: { entries: HistoryEntry[]; onChanged: () => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  if (entries.length === 0) {
    return (
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <p className="placeholder">Transcripts you make are kept here, in this browser only.</p>
      </section>
    );
  }
  const base = (e: HistoryEntry) => e.title.replace(/[^\w.-]+/g, "_").replace(/\.(wav|opus|ogg|webm)$/i, "");
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ul className="history">
        {entries.map((e) => (
          <li key={e.id} data-testid="history-item">
            <div className="history-head">
              <button className="link" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                {e.title}
              </button>
              <span className="meta">
                {new Date(e.createdAt).toLocaleString()} · {formatTime(e.duration)} · {e.segments.length} segments
              </span>
            </div>
            <div className="actions">
              <button
                onClick={async () => {
                  await navigator.clipboard.writeText(toText(e.segments));
                  setCopied(e.id);
                  setTimeout(() => setCopied(null), 1500);
                }}
              >
                {copied === e.id ? "Copied" : "Copy"}
              </button>
              <button onClick={() => download(`${base(e)}.txt`, toText(e.segments))}>.txt</button>
              <button onClick={() => download(`${base(e)}.srt`, toSrt(e.segments), "application/x-subrip")}>.srt</button>
              <button onClick={() => download(`${base(e)}.vtt`, toVtt(e.segments), "text/vtt")}>.vtt</button>
              <button
                className="danger"
                onClick={() => {
                  removeFromHistory(e.id);
                  onChanged();
                }}
              >
                Delete
              </button>
            </div>
            {open === e.id && <TranscriptView transcript={{ finals: e.segments, interims: {} }} placeholder="No text." />}
          </li>
        ))}
      </ul>
    </section>
  );
}
