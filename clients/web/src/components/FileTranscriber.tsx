"use client";

import { useState } from "react";
import { speechClient } from "@/lib/api";
import { describeError } from "@/lib/errors";
import { formatTime } from "@/lib/formats";
import { addToHistory } from "@/lib/history";
import { emptyTranscript, fromWire, seconds, type TranscriptState } from "@/lib/segments";
import { fetchWithUploadProgress } from "@/lib/uploadFetch";
import { useServerInfo } from "./ServerInfoContext";
import { ModelPicker } from "./ModelPicker";
import { TranscriptView } from "./TranscriptView";

export function FileTranscriber({ onSaved }: { onSaved: () => void }) {
  const info = useServerInfo();
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");
  const [transcript, setTranscript] = useState<TranscriptState>(emptyTranscript);
  const [dragging, setDragging] = useState(false);
  const [model, setModel] = useState("");
  const limit = Number(info?.limits?.maxFileBytes ?? 0n);

  async function transcribe(file: File) {
    setError("");
    setTranscript(emptyTranscript);
    if (limit > 0 && file.size > limit) {
      setError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; this server accepts files up to ${(limit / 1e6).toFixed(1)} MB.`);
      return;
    }
    setProgress(0);
    setStatus(`Uploading ${file.name}…`);
    try {
      const content = new Uint8Array(await file.arrayBuffer());
      const client = speechClient(fetchWithUploadProgress((f) => {
        setProgress(f);
        if (f >= 1) setStatus(`Transcribing ${file.name}…`);
      }));
      const response = await client.transcribe({ content, wordTimestamps: true, model });
      const segments = response.segments.map(fromWire);
      setTranscript({ finals: segments, interims: {} });
      const duration = seconds(response.duration);
      setStatus(`${file.name}: ${formatTime(duration)} of audio, ${segments.length} segment${segments.length === 1 ? "" : "s"}, ${response.language || "language unknown"}.`);
      addToHistory({ title: file.name, kind: "file", duration, segments });
      onSaved();
    } catch (e) {
      setStatus("");
      setError(describeError(e));
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="file-title" className="panel">
      <h2 id="file-title">Transcribe a file</h2>
      <ModelPicker value={model} onChange={setModel} disabled={progress !== null} />
      <label
        className={dragging ? "dropzone dragging" : "dropzone"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) void transcribe(file);
        }}
      >
        <input
          type="file"
          data-testid="file-input"
          accept="audio/wav,audio/x-wav,audio/ogg,audio/opus,audio/webm,audio/mpeg,.wav,.opus,.ogg,.webm,.mp3"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void transcribe(file);
            e.target.value = "";
          }}
        />
        <span>Drop a recording here or <u>choose a file</u> (WAV, Ogg Opus, WebM/Opus{limit ? `, up to ${(limit / 1e6).toFixed(0)} MB` : ""}).</span>
      </label>
      {progress !== null && <progress value={progress} max={1} aria-label="Upload progress" />}
      {status && <p className="status" data-testid="file-status">{status}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <TranscriptView transcript={transcript} placeholder="" />
    </section>
  );
}
